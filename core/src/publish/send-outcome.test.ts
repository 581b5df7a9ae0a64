import { AuthExpired, BadPayload, Permanent, RateLimited, Transient } from "@qnzs/adapters/contract";
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "./retry-policy.ts";
import { decideAfterSend } from "./send-outcome.ts";

const now = new Date("2025-03-03T10:00:00Z");
const policy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 5 };
const options = { now, policy, random: () => 0.5 };
const failed = (error: unknown, requestLeft = false) => ({ kind: "failed" as const, error, requestLeft });
const after = (ms: number) => new Date(now.getTime() + ms);

describe("decideAfterSend", () => {
  it("records a success with the platform's id, url and note", () => {
    expect(
      decideAfterSend(1, { kind: "published", result: { remoteId: "4230", url: "https://weibo.com/1/4230" } }, options),
    ).toEqual({ status: "sent", remoteId: "4230", remoteUrl: "https://weibo.com/1/4230", note: null });
  });

  it("retries a transient error that never left with backoff and full jitter", () => {
    expect(decideAfterSend(3, failed(new Transient("无法连接微博", "network")), options)).toEqual({
      status: "pending",
      nextAttemptAt: after(2_000),
      lastError: "无法连接微博 (network)",
    });
  });

  it("waits at least as long as a rate limit asks", () => {
    const decision = decideAfterSend(1, failed(new RateLimited("接口调用频次超限", 90_000, 10023)), options);
    expect(decision).toEqual({
      status: "pending",
      nextAttemptAt: after(90_000),
      lastError: "被平台限流：接口调用频次超限 (10023)",
    });
  });

  it("holds the row for re-authorisation on an expired token, and fails it on a permanent error with the platform's words", () => {
    expect(decideAfterSend(1, failed(new AuthExpired("微博授权已过期", "token_expired"), true), options).status).toBe(
      "waiting_auth",
    );
    expect(decideAfterSend(1, failed(new Permanent("内容包含不允许发布的信息", 20019), true), options)).toEqual({
      status: "failed",
      lastError: "内容包含不允许发布的信息 (20019)",
    });
  });

  it("treats a transient error, an unreadable answer or a crash after the request left as unknown: check first", () => {
    for (const error of [
      new Transient("连接中断", "network"),
      new BadPayload("响应格式不符", {}),
      new Error("aborted"),
    ]) {
      expect(decideAfterSend(1, failed(error, true), options).status).toBe("unknown");
    }
  });

  it("gives up after the last attempt", () => {
    expect(decideAfterSend(5, failed(new Transient("微信服务器返回 HTTP 502", 502)), options)).toEqual({
      status: "dead",
      lastError: "已尝试 5 次仍未成功：微信服务器返回 HTTP 502 (502)",
    });
  });
});

describe("retryDelayMs", () => {
  it("draws uniformly below an exponential ceiling capped by the policy", () => {
    expect(retryDelayMs(1, policy, () => 0.999)).toBe(999);
    expect(retryDelayMs(4, policy, () => 0.999)).toBe(7_992);
    expect(retryDelayMs(20, policy, () => 0.999)).toBe(59_940);
    expect(retryDelayMs(20, policy, () => 0)).toBe(0);
  });
});
