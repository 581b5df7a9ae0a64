import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ChannelOptionsError, parseChannelOptions, readOptionArgs } from "./channel-options.ts";

const Schema = z.object({
  appId: z.string().regex(/^wx/),
  appSecret: z.string().min(1),
  count: z.number().int().default(50),
  allowedHosts: z.array(z.string()).default([]),
  selectors: z.object({ item: z.string(), link: z.string().default("a") }),
  verbose: z.boolean().default(false),
});

describe("channel options", () => {
  it("camel-cases --flags, nests dotted names and coerces where the schema asks", () => {
    const options = readOptionArgs([
      "--app-id",
      "wx1234",
      "--app-secret=abc",
      "--count",
      "20",
      "--allowed-hosts",
      "127.0.0.1:4100",
      "--selectors.item",
      "ul.tj3_1 li",
      "--verbose",
    ]);
    expect(parseChannelOptions(Schema, options)).toEqual({
      appId: "wx1234",
      appSecret: "abc",
      count: 20,
      allowedHosts: ["127.0.0.1:4100"],
      selectors: { item: "ul.tj3_1 li", link: "a" },
      verbose: true,
    });
  });

  it("takes JSON for objects and lists, and repeated flags as a list", () => {
    const options = readOptionArgs([
      "--app-id",
      "wx1",
      "--app-secret",
      "12345",
      "--selectors",
      '{"item":"li","link":"a.title"}',
      "--allowed-hosts",
      "a:1",
      "--allowed-hosts",
      "b:2",
    ]);
    const config = parseChannelOptions(Schema, options);
    // a numeric-looking secret stays a string: it is only coerced where the schema wants a number
    expect(config.appSecret).toBe("12345");
    expect(config.selectors).toEqual({ item: "li", link: "a.title" });
    expect(config.allowedHosts).toEqual(["a:1", "b:2"]);
  });

  it("names the wrong fields as flags and never echoes their values", () => {
    const options = readOptionArgs(["--app-id", "not-wechat-SECRET", "--selectors.item", "li"]);
    const attempt = () => parseChannelOptions(Schema, options);
    expect(attempt).toThrow(ChannelOptionsError);
    expect(attempt).toThrow(/--app-id/);
    expect(attempt).toThrow(/--app-secret/);
    expect(attempt).not.toThrow(/SECRET/);
  });

  it("rejects stray arguments", () => {
    expect(() => readOptionArgs(["wx1"])).toThrow(ChannelOptionsError);
  });
});
