import { describe, expect, it } from "vitest";
import type { OutboundMessage } from "../contract.ts";
import { wechat } from "./index.ts";

const config = wechat.config.parse({
  appId: "wx49f0ab532d5d035a",
  appSecret: "secret",
  token: "token",
  encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  originalId: "gh_fbe8a958756e",
});

const message = (overrides: Partial<OutboundMessage>): OutboundMessage => ({
  kind: "message",
  text: "同学你好",
  idempotencyKey: "answer:1:wechat:2:reply-to:3",
  ...overrides,
});

describe("whether a WeChat send can be looked up after an unknown outcome", () => {
  it("cannot for a customer-service message to a follower: WeChat keeps no list of them", () => {
    const toFollower = { externalId: "24537311016820701", itemKind: "message" as const, authorId: "oABC123" };
    expect(wechat.canVerify?.(config, message({ replyTo: toFollower }))).toBe(false);
    // a reply to a comment by a known follower goes out as a service message first, too
    const comment = { externalId: "2247483650:0:1", itemKind: "comment" as const, authorId: "oABC123" };
    expect(wechat.canVerify?.(config, message({ kind: "reply", replyTo: comment }))).toBe(false);
  });

  it("can for comment replies and articles", () => {
    const comment = { externalId: "2247483650:0:1", itemKind: "comment" as const, authorId: null };
    expect(wechat.canVerify?.(config, message({ kind: "comment", replyTo: comment }))).toBe(true);
    expect(wechat.canVerify?.(config, message({ kind: "reply", replyTo: comment }))).toBe(true);
    expect(wechat.canVerify?.(config, message({ kind: "article", title: "答复", html: "<p>答复</p>" }))).toBe(true);
  });
});
