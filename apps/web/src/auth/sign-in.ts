/**
 * Signing in with username and password: rate limited per username and per client address, one answer for
 * every failure (an unknown user looks like a wrong password), a new session on success.
 */
import { verifyPassword } from "@qnzs/core/cases/users";
import type { Db } from "@qnzs/db";
import { createRateLimiter, type RateLimiter } from "./rate-limit.ts";
import { createSession } from "./sessions.ts";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMs: number };

export interface SignInInput {
  username: string;
  password: string;
  clientAddress: string;
  userAgent?: string | null;
}

export function createLoginLimiter(): RateLimiter {
  return createRateLimiter({ limit: 5, windowMs: 15 * 60 * 1000 });
}

export async function signIn(db: Db, limiter: RateLimiter, input: SignInInput): Promise<SignInResult> {
  const username = input.username.trim().slice(0, 64);
  const keys = [`user:${username.toLowerCase()}`, `addr:${input.clientAddress}`];
  const retryAfterMs = limiter.retryAfter(keys);
  if (retryAfterMs > 0) return { ok: false, reason: "rate_limited", retryAfterMs };
  const userId = username && input.password ? await verifyPassword(db, username, input.password) : null;
  if (userId === null) {
    limiter.recordFailure(keys);
    return { ok: false, reason: "invalid" };
  }
  limiter.reset([keys[0]!]);
  const session = await createSession(db, userId, { userAgent: input.userAgent ?? null });
  return { ok: true, ...session };
}
