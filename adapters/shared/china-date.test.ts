import { describe, expect, it } from "vitest";
import { parseChinaDate, parseDateFromUrl, parseFeedDate } from "./china-date.ts";

const reference = new Date("2024-01-20T12:00:00+08:00");

describe("parseChinaDate", () => {
  it.each([
    ["2024-01-15", "2024-01-15T00:00:00+08:00"],
    ["发稿时间:2017-01-25 10:22:00 编辑:李婧怡", "2017-01-25T10:22:00+08:00"],
    ["2024年01月15日", "2024-01-15T00:00:00+08:00"],
    ["2024年1月5日 8:05", "2024-01-05T08:05:00+08:00"],
    ["2024/1/15", "2024-01-15T00:00:00+08:00"],
    ["2024.01.15", "2024-01-15T00:00:00+08:00"],
  ])("%s → %s", (text, expected) => {
    expect(parseChinaDate(text, { reference })).toBe(expected);
  });

  it("gives [01-15] the year from context, or from now", () => {
    expect(parseChinaDate("[01-15]", { year: 2019 })).toBe("2019-01-15T00:00:00+08:00");
    expect(parseChinaDate("[01-15]", { reference })).toBe("2024-01-15T00:00:00+08:00");
  });

  it("puts a yearless date that would be in the future into last year", () => {
    expect(parseChinaDate("[12-30]", { reference })).toBe("2023-12-30T00:00:00+08:00");
  });

  it("rejects impossible dates", () => {
    expect(parseChinaDate("2024-02-30")).toBeNull();
    expect(parseChinaDate("没有日期")).toBeNull();
  });
});

describe("other date sources", () => {
  it("reads the yyyymmdd of a TRS article URL", () => {
    expect(parseDateFromUrl("http://qnzs.youth.cn/tsxq/201701/t20170125_9065508.htm")).toBe(
      "2017-01-25T00:00:00+08:00",
    );
    expect(parseDateFromUrl("http://x.cn/a.htm")).toBeNull();
  });

  it("feed dates: zoned text is exact, zoneless text is Beijing time", () => {
    expect(parseFeedDate("Wed, 01 May 2024 10:00:00 +0800")).toBe("2024-05-01T02:00:00.000Z");
    expect(parseFeedDate("2024-05-01T08:00:00Z")).toBe("2024-05-01T08:00:00.000Z");
    expect(parseFeedDate("2024-04-30 09:30:00")).toBe("2024-04-30T09:30:00+08:00");
    expect(parseFeedDate(undefined)).toBeNull();
  });
});
