import { describe, expect, it } from "vitest";
import { JsonSyntaxError, looksTruncatedJson, parseLenientJson } from "./lenient-json.ts";

describe("parseLenientJson", () => {
  it("keeps integers beyond 2^53 exact, as strings, and leaves safe numbers alone", () => {
    expect(
      parseLenientJson('{"MsgId":4363689963896700987,"n":-9007199254740993,"small":2247483647,"f":1.5e3}'),
    ).toEqual({
      MsgId: "4363689963896700987",
      n: "-9007199254740993",
      small: 2247483647,
      f: 1500,
    });
  });

  it("does not touch digits inside strings", () => {
    expect(parseLenientJson('{"text":"订单 4363689963896700987, 已处理"}')).toEqual({
      text: "订单 4363689963896700987, 已处理",
    });
  });

  it("escapes raw newlines and drops other control characters inside strings", () => {
    expect(parseLenientJson('{"a":"一\n二\u0001三\t","b":1}')).toEqual({ a: "一\n二三\t", b: 1 });
  });

  it("throws JsonSyntaxError for truncated or non-JSON text", () => {
    expect(() => parseLenientJson('{"statuses":[{"id":1')).toThrow(JsonSyntaxError);
    expect(looksTruncatedJson('{"statuses":[{"id":1')).toBe(true);
    expect(looksTruncatedJson("<html>502 Bad Gateway</html>")).toBe(false);
  });
});
