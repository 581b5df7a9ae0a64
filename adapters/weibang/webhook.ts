/**
 * Verifying a Weibang webhook delivery: `X-Signature: sha256=<hex HMAC-SHA256(secret, rawBody)>`, `X-Timestamp`
 * (unix seconds) within the allowed skew, and an event_id not seen in the last minutes.
 *
 * The timestamp header is not covered by the signature, so a captured body could be replayed later with a fresh
 * header; the seen-id cache stops that for its lifetime, and beyond it the externalId (= event_id) makes storage
 * idempotent, so a late replay adds nothing.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { AdapterCache } from "../contract.ts";

export const SEEN_EVENT_TTL_MS = 15 * 60_000;

export type VerifyOutcome = { ok: true } | { ok: false; status: number; reason: string };

export function signWeibangBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody, "utf8").digest("hex")}`;
}

export function verifyWeibangDelivery(input: {
  secret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: Date;
  maxSkewSeconds: number;
}): VerifyOutcome {
  const expected = Buffer.from(signWeibangBody(input.secret, input.rawBody), "utf8");
  const given = Buffer.from((input.signature ?? "").trim().toLowerCase(), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, status: 401, reason: "签名无效 / invalid signature" };
  }
  const seconds = Number(input.timestamp);
  if (!input.timestamp || !Number.isFinite(seconds)) {
    return { ok: false, status: 401, reason: "缺少时间戳 / missing X-Timestamp" };
  }
  const skew = Math.abs(input.now.getTime() / 1000 - seconds);
  if (skew > input.maxSkewSeconds) {
    return { ok: false, status: 401, reason: `时间戳超出允许范围 / timestamp skew ${Math.round(skew)}s` };
  }
  return { ok: true };
}

/** true the first time an event id is offered, false for a replay within the cache lifetime */
export function rememberEvent(cache: AdapterCache, secretScope: string, eventId: string): boolean {
  const key = `weibang:event:${secretScope}:${eventId}`;
  if (cache.get<boolean>(key)) return false;
  cache.set(key, true, SEEN_EVENT_TTL_MS);
  return true;
}

/** header lookup that does not depend on how the host framework cased the names */
export function readHeader(headers: Record<string, string | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
