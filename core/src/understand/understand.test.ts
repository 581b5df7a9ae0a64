import { describe, expect, it } from "vitest";
import { CORPUS_FIXTURE, readLabeledPosts, splitCorpus } from "./corpus.ts";
import { understandPost } from "./index.ts";

const posts = readLabeledPosts(CORPUS_FIXTURE);
const { heldOut } = splitCorpus(posts);

function f1(tp: number, fp: number, fn: number): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

describe("understandPost on corpus posts held out from training and tuning", () => {
  const results = heldOut.map((post) => ({ post, result: understandPost({ text: post.text, channel: post.channel }) }));

  it("finds the questions (F1 ≥ 0.90)", () => {
    const tp = results.filter((r) => r.post.is_question && r.result.isQuestion).length;
    const fp = results.filter((r) => !r.post.is_question && r.result.isQuestion).length;
    const fn = results.filter((r) => r.post.is_question && !r.result.isQuestion).length;
    expect(f1(tp, fp, fn)).toBeGreaterThanOrEqual(0.9);
  });

  it("gives questions their category (macro-F1 ≥ 0.85)", () => {
    const categories = ["study", "employment", "rights", "relationships", "other"] as const;
    const scores = categories.map((category) => {
      const tp = results.filter((r) => r.post.category === category && r.result.category === category).length;
      const fp = results.filter((r) => r.post.category !== category && r.result.category === category).length;
      const fn = results.filter((r) => r.post.category === category && r.result.category !== category).length;
      return f1(tp, fp, fn);
    });
    expect(scores.reduce((a, b) => a + b, 0) / scores.length).toBeGreaterThanOrEqual(0.85);
  });

  it("flags every urgent post, with few false alarms", () => {
    const urgent = results.filter((r) => r.post.urgent);
    expect(urgent.length).toBeGreaterThan(0);
    expect(urgent.filter((r) => !r.result.urgent).map((r) => r.post.id)).toEqual([]);
    const flagged = results.filter((r) => r.result.urgent);
    expect(flagged.filter((r) => r.post.urgent).length / flagged.length).toBeGreaterThanOrEqual(0.6);
  });

  it("places posts in the right province where the label has one (≥ 0.90)", () => {
    const labeled = results.filter((r) => r.post.region);
    const right = labeled.filter((r) => r.result.region === r.post.region).length;
    expect(right / labeled.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe("understandPost decisions a cadre sees", () => {
  it("takes a plain request for help as a study question and names its evidence", () => {
    const result = understandPost({ text: "川大考研复试怎么准备？", channel: "weibo" });
    expect(result).toMatchObject({ isQuestion: true, category: "study", region: "四川省", city: "成都市" });
    expect(result.reasons.some((r) => r.field === "category" && r.evidence.includes("考研"))).toBe(true);
    expect(result.reasons.some((r) => r.field === "region" && r.evidence.includes("川大"))).toBe(true);
  });

  it("does not take a lottery repost or a check-in for a question", () => {
    expect(understandPost({ text: "#转发抽奖# 我要中奖！@共青团中央 冲冲冲" }).isQuestion).toBe(false);
    expect(understandPost({ text: "#青年大学习# 第20期 已打卡✅" }).isQuestion).toBe(false);
    expect(understandPost({ text: "#青年大学习# 第20期 已打卡✅" }).category).toBeNull();
  });

  it("always opens a case for a post with a safety risk", () => {
    const result = understandPost({ text: "活着好累 没有人在意我 今晚就想结束了 谢谢大家这些年" });
    expect(result.urgent).toBe(true);
    expect(result.isQuestion).toBe(true);
    expect(result.category).not.toBeNull();
  });

  it("routes League business to other", () => {
    expect(understandPost({ text: "请问大学毕业了 团组织关系怎么转到工作单位啊" }).category).toBe("other");
  });
});
