import { describe, expect, it } from "vitest";
import {
  describeTarget,
  fanOutTargets,
  idempotencyKeyFor,
  type PublishingCapabilities,
  type SourceThread,
} from "./targets.ts";

const capabilities: Record<string, PublishingCapabilities> = {
  weibo: { reply: true, post: true, maxLength: 140 },
  wechat: { reply: true, post: true, maxLength: 600 },
  weibang: { reply: true, post: true, maxLength: 2000, publishMode: "operator" },
  rss: { reply: false, post: false, maxLength: 0 },
};
const capabilitiesOf = (channel: string) => capabilities[channel] ?? null;
const now = new Date("2025-03-03T10:00:00Z");
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

const source = (postId: number, channel: string, itemKind: SourceThread["itemKind"], publishedAt = hoursAgo(1)) => ({
  postId,
  accountId: postId * 10,
  channel,
  itemKind,
  publishedAt,
});

const summary = (targets: ReturnType<typeof fanOutTargets>) =>
  targets.map((entry) => [describeTarget(entry.target), entry.target.kind, entry.maxLength, entry.skipReason !== null]);

describe("fanOutTargets", () => {
  it("answers a case merged from a Weibo mention, a WeChat message and a portal question: each source and the portal once", () => {
    const targets = fanOutTargets({
      sources: [source(1, "weibo", "post"), source(2, "wechat", "message"), source(1, "weibo", "post")],
      capabilitiesOf,
      now,
    });
    expect(summary(targets)).toEqual([
      ["weibo:10:reply-to:1", "reply", 140, false],
      ["wechat:20:reply-to:2", "message", 600, false],
      ["portal", "portal", 0, false],
    ]);
  });

  it("answers a Weibo comment with a comment reply and a Weibang post with an operator task", () => {
    const targets = fanOutTargets({
      sources: [source(3, "weibo", "comment"), source(4, "weibang", "post")],
      capabilitiesOf,
      now,
      portal: false,
    });
    expect(summary(targets)).toEqual([
      ["weibo:30:reply-to:3", "comment", 140, false],
      ["weibang:40:reply-to:4", "reply", 2000, false],
    ]);
  });

  it("outside WeChat's 48-hour window: a comment gets a comment reply, a message gets a recorded reason", () => {
    const targets = fanOutTargets({
      sources: [source(5, "wechat", "comment", hoursAgo(50)), source(6, "wechat", "message", hoursAgo(50))],
      capabilitiesOf,
      now,
      portal: false,
    });
    expect(summary(targets)).toEqual([
      ["wechat:50:reply-to:5", "comment", 600, false],
      ["wechat:60:reply-to:6", "message", 600, true],
    ]);
    expect(targets[1]!.skipReason).toContain("已超出微信 48 小时客服消息窗口");
  });

  it("inside the window a WeChat comment is answered by a service message first (the adapter falls back to a reply)", () => {
    const [target] = fanOutTargets({
      sources: [source(7, "wechat", "comment", hoursAgo(47))],
      capabilitiesOf,
      now,
      portal: false,
    });
    expect(target!.target.kind).toBe("reply");
  });

  it("records a reason for a source whose channel cannot reply, and adds the editor's channels", () => {
    const targets = fanOutTargets({
      sources: [source(8, "rss", "article")],
      added: [
        { channel: "weibo", accountId: 11, kind: "post" },
        { channel: "wechat", accountId: 12, kind: "article" },
      ],
      capabilitiesOf,
      now,
    });
    expect(summary(targets)).toEqual([
      ["rss:80:reply-to:8", "reply", 0, true],
      ["portal", "portal", 0, false],
      ["weibo:11:post", "post", 140, false],
      ["wechat:12:article", "article", 600, false],
    ]);
  });
});

describe("idempotencyKeyFor", () => {
  it("is answer:<id>:<target>, the same however often it is computed", () => {
    const target = { channel: "weibo", accountId: 3, kind: "comment" as const, replyToPostId: 17 };
    expect(idempotencyKeyFor(42, target)).toBe("answer:42:weibo:3:reply-to:17");
    expect(idempotencyKeyFor(42, { ...target, kind: "reply" })).toBe(idempotencyKeyFor(42, target));
  });
});
