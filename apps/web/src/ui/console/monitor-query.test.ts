import { describe, expect, it } from "vitest";
import { filterQuery, readMonitorParams, toSearchQuery } from "./monitor-query.ts";

describe("the monitor's URL query", () => {
  it("reads every filter into a search query, newest first unless relevance is asked for", () => {
    const params = readMonitorParams({
      q: " 助学贷款 ",
      account: "7",
      category: "study",
      question: "yes",
      urgent: "1",
      region: "四川",
      from: "2026-11-01",
      to: "2026-11-30",
    });
    const query = toSearchQuery(params);
    expect(query).toMatchObject({ text: "助学贷款", order: "newest", offset: 0 });
    expect(query.filters).toEqual({
      foldDuplicates: true,
      accountId: [7],
      category: ["study"],
      isQuestion: true,
      urgent: true,
      region: "四川",
      from: new Date("2026-10-31T16:00:00Z"),
      to: new Date("2026-11-30T15:59:59.999Z"),
    });
    expect(toSearchQuery(readMonitorParams({ q: "考研", order: "relevance" })).order).toBe("relevance");
  });

  it("drops what is not a filter, and writes back only what was set", () => {
    const params = readMonitorParams({ account: "1 or 1=1", from: "yesterday", offset: "-5", order: "random" });
    expect(params).toMatchObject({ account: "", from: "", offset: 0, order: "newest" });
    expect(filterQuery(readMonitorParams({ q: "欠薪", urgent: "1", order: "relevance" }), 30)).toBe(
      "q=%E6%AC%A0%E8%96%AA&urgent=1&order=relevance&offset=30",
    );
  });
});
