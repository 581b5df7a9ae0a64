import { createHmac } from "node:crypto";
import { formatIsoBeijing } from "../china-time.ts";
import { delay, deliver } from "../push-delivery.ts";
import type { PushReport } from "../push-report.ts";
import type { SimState } from "../state.ts";
import type { WeibangEvent } from "./weibang-store.ts";

/**
 * The Weibang webhook sender (reference §3): JSON events signed with `X-Signature: sha256=<hex HMAC(secret, body)>`
 * and `X-Timestamp`, retried with exponential backoff on non-2xx. Unacknowledged events stay queued.
 */

export function weibangBody(state: SimState, event: WeibangEvent, occurredAt: Date): string {
  return JSON.stringify({
    event_id: event.eventId,
    event_type: event.eventType,
    occurred_at: formatIsoBeijing(occurredAt),
    org: state.weibang.org,
    author: event.author,
    thread_id: event.threadId,
    text: event.text,
    attachments: event.attachments,
    raw: {},
  });
}

export function signWeibang(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

type Variant = "json" | "signature" | "timestamp" | null;

function variantOf(value: string | undefined): Variant {
  return value === "signature" || value === "timestamp" ? value : "json";
}

export async function pushWeibang(state: SimState, count: number): Promise<PushReport> {
  const store = state.weibang;
  const config = state.config.weibang;
  if (!config.callbackUrl) throw new Error("no Weibang callbackUrl: POST /_sim/config first");
  const callbackUrl = config.callbackUrl;
  const batch = store.pending.splice(0, Math.max(0, count));
  const report: PushReport = { platform: "weibang", delivered: [], failed: [], attempts: 0, remaining: 0 };
  const retry: WeibangEvent[] = [];
  for (const event of batch) {
    const slow = state.faults.fire("weibang", "slow");
    if (slow) await delay(slow.ms ?? 3000, state.lifecycle.signal);
    if (event.occurredAt === null) event.occurredAt = state.clock.now();
    const malformed = state.faults.fire("weibang", "malformed");
    const variant = malformed ? variantOf(malformed.variant) : null;
    const copies = state.faults.fire("weibang", "duplicate_delivery") ? 2 : 1;
    const good = weibangBody(state, event, event.occurredAt);
    const body = variant === "json" ? good.slice(0, Math.floor(good.length * 0.7)) : good;
    const attempt = () => {
      const nowS = state.clock.nowSeconds();
      // A stale timestamp is an hour old: beyond any sane replay window.
      const timestamp = String(variant === "timestamp" ? nowS - 3600 : nowS);
      const signature =
        variant === "signature" ? signWeibang(`${store.secret}x`, body) : signWeibang(store.secret, body);
      return {
        url: callbackUrl,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Weibang-Webhook/1.0",
          "x-signature": signature,
          "x-timestamp": timestamp,
        },
        body,
      };
    };
    let acknowledged = false;
    for (let copy = 0; copy < copies; copy++) {
      const outcome = await deliver({
        attempt,
        retries: config.retries,
        timeoutMs: config.timeoutMs,
        backoffMs: (n) => config.retryDelayMs * 2 ** (n - 1),
        signal: state.lifecycle.signal,
      });
      report.attempts += outcome.attempts;
      state.stats.countRequests("weibang", "push", outcome.attempts);
      if (outcome.ok) acknowledged = true;
      else if (copy === copies - 1 && !acknowledged) {
        report.failed.push({ id: event.eventId, attempts: outcome.attempts, error: outcome.error });
      }
    }
    if (acknowledged && !variant) {
      state.stats.serve("weibang", "push", [event.eventId]);
      store.delivered.push(event);
      report.delivered.push(event.eventId);
    } else {
      if (acknowledged)
        report.failed.push({ id: event.eventId, attempts: 0, error: `malformed (${variant}) delivery` });
      retry.push(event);
    }
  }
  store.pending.unshift(...retry);
  report.remaining = store.pending.length;
  return report;
}
