import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkText, compileSensitiveWords, parseWordList } from "./sensitive-words.ts";

const testList = compileSensitiveWords(
  parseWordList(readFileSync(new URL("./fixtures/sensitive-words.txt", import.meta.url), "utf8")),
);
const where = (text: string, list = testList) =>
  checkText(text, list).hits.map((hit) => ({ word: hit.word, matched: hit.matched, at: [hit.start, hit.end] }));

describe("the Aho–Corasick automaton", () => {
  it("reports overlapping and nested words, each with its own offsets, longest first at one start", () => {
    const list = compileSensitiveWords(["he", "she", "his", "hers"]);
    expect(where("ushers", list)).toEqual([
      { word: "she", matched: "she", at: [1, 4] },
      { word: "hers", matched: "hers", at: [2, 6] },
      { word: "he", matched: "he", at: [2, 4] },
    ]);
  });

  it("finds a word that ends inside another (法轮功 also holds 轮功) and repeats of a word", () => {
    expect(where("法轮功，又见法轮功")).toEqual([
      { word: "法轮功", matched: "法轮功", at: [0, 3] },
      { word: "轮功", matched: "轮功", at: [1, 3] },
      { word: "法轮功", matched: "法轮功", at: [6, 9] },
      { word: "轮功", matched: "轮功", at: [7, 9] },
    ]);
  });

  it("follows failure links across a partial match (abcd after abc·d)", () => {
    const list = compileSensitiveWords(["abcx", "bcd", "cd"]);
    expect(where("xabcdx", list)).toEqual([
      { word: "bcd", matched: "bcd", at: [2, 5] },
      { word: "cd", matched: "cd", at: [3, 5] },
    ]);
  });
});

describe("checkText", () => {
  it("blocks a text with a listed word and shows the word and where it is", () => {
    const text = "同学你好，想要代开发票的请私信。";
    const result = checkText(text, testList);
    expect(result.blocked).toBe(true);
    expect(result.hits).toEqual([{ word: "代开发票", category: "广告", matched: "代开发票", start: 7, end: 11 }]);
    expect(text.slice(result.hits[0]!.start, result.hits[0]!.end)).toBe("代开发票");
  });

  it("passes an ordinary answer", () => {
    const result = checkText("您好，志愿服务时长证明可在“志愿中国”平台自行打印，如有问题请拨打12355。", testList);
    expect(result).toEqual({ blocked: false, hits: [] });
  });

  it("sees through separators put between the characters, and reports the span as written", () => {
    expect(where("有人在传法*轮*功的材料")).toContainEqual({ word: "法轮功", matched: "法*轮*功", at: [4, 9] });
    expect(where("刷 单 返 利")).toEqual([{ word: "刷单返利", matched: "刷 单 返 利", at: [0, 7] }]);
    expect(where("办\u200B证")).toEqual([{ word: "办证", matched: "办\u200B证", at: [0, 3] }]);
  });

  it("does not join characters across sentence punctuation or a long run of separators", () => {
    expect(where("请到窗口办。证件齐全即可")).toEqual([]);
    expect(where("办------证")).toEqual([]);
  });

  it("ignores case and width", () => {
    expect(where("别用ｖｐｎ，也别用Vpn")).toEqual([
      { word: "VPN", matched: "ｖｐｎ", at: [2, 5] },
      { word: "VPN", matched: "Vpn", at: [9, 12] },
    ]);
  });

  it("keeps offsets right after characters outside the basic plane (emoji)", () => {
    const text = "😀😀裸聊";
    const [hit] = checkText(text, testList).hits;
    expect(text.slice(hit!.start, hit!.end)).toBe("裸聊");
  });

  it("takes a custom skip set", () => {
    const strict = compileSensitiveWords(["办证"], { skip: [] });
    expect(checkText("办*证", strict).blocked).toBe(false);
    expect(checkText("办证", strict).blocked).toBe(true);
  });
});

describe("parseWordList", () => {
  it("reads one word a line with an optional category, skipping comments and blank lines", () => {
    expect(parseWordList("# 注释\n\n代开发票\t广告\n办证\n")).toEqual([
      { word: "代开发票", category: "广告" },
      { word: "办证", category: null },
    ]);
  });
});
