import { describe, expect, it } from "vitest";
import { foldText } from "./fold.ts";
import { TermMatcher } from "./matcher.ts";

describe("TermMatcher", () => {
  const matcher = new TermMatcher<number>([
    ["哈尔滨", 1],
    ["哈尔滨工程大学", 2],
    ["工程", 3],
    ["大学", 4],
  ]);

  it("finds every occurrence, overlapping ones included", () => {
    const terms = matcher.findAll("在哈尔滨工程大学读书").map((m) => m.term);
    expect(terms.sort()).toEqual(["哈尔滨", "哈尔滨工程大学", "大学", "工程"].sort());
  });

  it("keeps the leftmost-longest matches", () => {
    expect(matcher.findLongest("在哈尔滨工程大学读书，哈尔滨很冷").map((m) => [m.term, m.start])).toEqual([
      ["哈尔滨工程大学", 1],
      ["哈尔滨", 11],
    ]);
  });
});

describe("foldText", () => {
  it("folds traditional characters, full-width forms and case without moving positions", () => {
    const text = "廣東ＡＢＣ？Hello";
    expect(foldText(text)).toBe("广东abc?hello");
    expect(foldText(text).length).toBe(text.length);
  });
});
