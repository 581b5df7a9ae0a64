/**
 * What a send's result means for its outbox row — pure, so every mapping is tested without a database.
 *
 *   published                          → sent (remote id and url kept)
 *   RateLimited                        → pending, after max(retry-after, backoff)      (refused: nothing went out)
 *   Transient, request never left      → pending, after backoff
 *   AuthExpired                        → waiting_auth (the account is flagged; the row waits for re-authorisation)
 *   Permanent                          → failed, with the platform's message           (refused: nothing went out)
 *   Transient or BadPayload after the request left, or anything unexpected after it left
 *                                      → unknown: the platform is checked before any retry
 *   a retry after `maxAttempts` sends  → dead
 *
 * BadPayload after a write is "unknown", not "failed": the platform answered with something unreadable, which
 * is often a success (Weibo's share answering in an unexpected shape); failing it would invite a person to
 * send it twice.
 */
import { ChannelError, type PublishResult, type RateLimited } from "@qnzs/adapters/contract";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from "./retry-policy.ts";

export type SendOutcome =
  | { kind: "published"; result: PublishResult }
  /** `requestLeft`: a write request was handed to the network (the worker watches its fetch); when unsure, true */
  | { kind: "failed"; error: unknown; requestLeft: boolean };

export type SendDecision =
  | { status: "sent"; remoteId: string; remoteUrl: string | null; note: string | null }
  | { status: "pending"; nextAttemptAt: Date; lastError: string }
  | { status: "waiting_auth"; lastError: string }
  | { status: "failed"; lastError: string }
  | { status: "dead"; lastError: string }
  /** the row stays `sending` with its lease ended: recovery checks the platform before anything else */
  | { status: "unknown"; lastError: string };

export interface DecideOptions {
  now: Date;
  policy?: RetryPolicy;
  random?: () => number;
}

/** The next state of a row after its `attempts`-th send ended with `outcome`. */
export function decideAfterSend(attempts: number, outcome: SendOutcome, options: DecideOptions): SendDecision {
  if (outcome.kind === "published") {
    return {
      status: "sent",
      remoteId: outcome.result.remoteId,
      remoteUrl: outcome.result.url ?? null,
      note: outcome.result.note ?? null,
    };
  }
  const { error, requestLeft } = outcome;
  const message = describeError(error);
  const kind = error instanceof ChannelError ? error.kind : null;
  if (kind === "auth_expired") return { status: "waiting_auth", lastError: `授权已失效，等待重新授权：${message}` };
  if (kind === "permanent") return { status: "failed", lastError: message };
  if (kind === "rate_limited") {
    return retryOrDie(attempts, `被平台限流：${message}`, options, (error as RateLimited).retryAfterMs);
  }
  if (requestLeft) return { status: "unknown", lastError: `发送结果未知，需先核查：${message}` };
  if (kind === "bad_payload") return { status: "failed", lastError: message };
  return retryOrDie(attempts, message, options, null);
}

export function retryOrDie(
  attempts: number,
  lastError: string,
  options: DecideOptions,
  retryAfterMs: number | null,
): Extract<SendDecision, { status: "pending" | "dead" }> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  if (attempts >= policy.maxAttempts) {
    return { status: "dead", lastError: `已尝试 ${attempts} 次仍未成功：${lastError}` };
  }
  const delay = retryDelayMs(attempts, policy, options.random, retryAfterMs);
  return { status: "pending", nextAttemptAt: new Date(options.now.getTime() + delay), lastError };
}

export function describeError(error: unknown): string {
  if (error instanceof ChannelError) return error.code === null ? error.message : `${error.message} (${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
