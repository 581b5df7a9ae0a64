import { describe, expect, it } from "vitest";
import { foldText } from "./fold.ts";
import { findLexiconHits } from "./lexicon.ts";
import { decideUrgency } from "./urgency.ts";

const urgency = (text: string) => decideUrgency(findLexiconHits(foldText(text)));

describe("decideUrgency", () => {
  it("flags self-harm hints and names the words", () => {
    const result = urgency("挂科太多要被退学了 还不如从宿舍楼上跳下去算了");
    expect(result.urgent).toBe(true);
    expect(result.reasons[0]!.evidence).toContain("跳下去");
  });

  it("does not flag distress slang", () => {
    expect(urgency("哈哈哈哈哈笑死 小编是懂年轻人的").urgent).toBe(false);
    expect(urgency("南宁的夏天 热得要死 空调费比饭钱还贵").urgent).toBe(false);
    expect(urgency("期末周复习到想原地去世 谁懂").urgent).toBe(false);
    expect(urgency("真的快撑不住了（不是那种撑不住 别担心）").urgent).toBe(false);
  });

  it("flags fraud in progress but not a fraud that is over", () => {
    expect(urgency("救命 有人冒充客服让我共享屏幕 我已经转了6000了 他还在让我贷款").urgent).toBe(true);
    expect(urgency("刷单兼职被骗了800 对方已经拉黑了 还能追回来吗").urgent).toBe(false);
  });

  it("flags violence, extortion and a minor in danger", () => {
    expect(urgency("我老公一喝酒就动手，说找到我就弄死我").urgent).toBe(true);
    expect(urgency("被网友骗了裸聊 现在对方拿视频威胁我 要我转两万").urgent).toBe(true);
    expect(urgency("我弟弟14岁，被网友约去外地见面，两天没回家了，手机关机").urgent).toBe(true);
  });

  it("does not flag a warning article about overseas job traps", () => {
    expect(urgency("分享一篇：《青年人如何识别“高薪”境外招聘陷阱》，建议收藏转发。").urgent).toBe(false);
  });
});
