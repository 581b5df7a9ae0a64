import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SensitiveWordsFound } from "./errors.ts";
import { assertNoSensitiveWords, preparePublications } from "./prepare.ts";
import { compileSensitiveWords, parseWordList } from "./sensitive-words.ts";
import { fanOutTargets, portalTarget } from "./targets.ts";

const sensitiveWords = compileSensitiveWords(
  parseWordList(readFileSync(new URL("./fixtures/sensitive-words.txt", import.meta.url), "utf8")),
);
const watchedTopics = compileSensitiveWords(["欠薪", "校园贷"]);
const now = new Date("2025-03-03T10:00:00Z");
const targets = fanOutTargets({
  sources: [{ postId: 1, accountId: 10, channel: "weibo", itemKind: "post", publishedAt: now }],
  capabilitiesOf: () => ({ reply: true, post: true, maxLength: 140 }),
  now,
});
const base = { targets, portalUrl: "https://qnzs.youth.cn/a/1", sensitiveWords, watchedTopics };

describe("preparePublications", () => {
  it("blocks an answer with a sensitive word and shows each word, the field and where", () => {
    const prepared = preparePublications({
      ...base,
      answer: { body: "你好，关于办证问题请咨询窗口。", variants: { weibo: "办*证请去窗口，勿信代开发票广告" } },
    });
    expect(prepared.blocked).toBe(true);
    if (!prepared.blocked) return;
    expect(prepared.hits.map((hit) => [hit.field, hit.word, hit.matched, hit.start])).toEqual([
      ["body", "办证", "办证", 5],
      ["variant:weibo", "办证", "办*证", 0],
      ["variant:weibo", "代开发票", "代开发票", 10],
    ]);
  });

  it("renders every target of a clean answer, masked, and reports watched topics for the review tier", () => {
    const prepared = preparePublications({
      ...base,
      answer: { title: "关于欠薪投诉的答复", body: "你好，欠薪问题已转劳动监察部门，联系人电话 13912345678。" },
      names: [],
    });
    expect(prepared.blocked).toBe(false);
    if (prepared.blocked) return;
    expect(prepared.publications.map((planned) => [planned.target.channel, planned.payload.text])).toEqual([
      ["weibo", "你好，欠薪问题已转劳动监察部门，联系人电话 139****5678。"],
      ["portal", "你好，欠薪问题已转劳动监察部门，联系人电话 139****5678。"],
    ]);
    expect(prepared.watchedTopicHits.map((hit) => hit.field)).toEqual(["title", "body"]);
    expect(JSON.stringify(prepared.publications)).not.toContain("13912345678");
  });
});

describe("assertNoSensitiveWords", () => {
  it("throws with the words in the message a user sees", () => {
    const attempt = () => assertNoSensitiveWords({ body: "加入刷单返利群" }, sensitiveWords);
    expect(attempt).toThrow(SensitiveWordsFound);
    expect(attempt).toThrow("内容含有敏感词：刷单返利，不能发布");
  });

  it("passes a clean answer", () => {
    expect(() => assertNoSensitiveWords({ body: "请到团委办公室领取证书。" }, sensitiveWords)).not.toThrow();
    expect(portalTarget().kind).toBe("portal");
  });
});
