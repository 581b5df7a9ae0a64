/**
 * Webhook deliveries as a small outbox: a worker leases due rows (FOR UPDATE SKIP LOCKED, so workers take disjoint
 * rows), posts them, and records the result. Unlike publications, a delivery is at-least-once: a row left
 * `sending` by a dead worker is simply sent again, and receivers drop repeats by the event id — an endpoint has
 * no way to be asked "did you get it?".
 */
import { type Db, queryRows } from "@qnzs/db";
import { webhookDeliveries } from "@qnzs/db/schema";
import { and, eq, sql } from "drizzle-orm";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from "./retry-policy.ts";
import type { WebhookDeliveryRow } from "./webhook-registry.ts";

export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  eventId: number;
  eventType: string;
  payload: unknown;
  attempts: number;
  leaseOwner: string;
  leaseUntil: Date;
  url: string;
  /** sealed: the sender opens it with the database's SecretBox */
  sealedSecret: string;
}

export type DeliveryOutcome =
  | { ok: true; status: number }
  /** `retry`: false when sending again cannot help (a refused address) */
  | { ok: false; status: number | null; error: string; retry: boolean };

interface ClaimedRow extends Record<string, unknown> {
  id: string | number;
  webhook_id: string | number;
  event_id: string | number;
  event_type: string;
  payload: unknown;
  attempts: number;
  lease_until: string | Date;
  url: string;
  secret: string;
}

/** Leases due deliveries of active webhooks, and those a dead worker left `sending`. */
export async function claimDueDeliveries(
  db: Db,
  owner: string,
  limit: number,
  now: Date,
  options: { leaseMs?: number } = {},
): Promise<ClaimedDelivery[]> {
  if (limit <= 0) return [];
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 60_000));
  const due = sql`(d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz)
    or (d.status = 'sending' and d.lease_until < ${now.toISOString()}::timestamptz)`;
  const rows = await queryRows<ClaimedRow>(
    db,
    sql`
    with picked as (
      select d.id from webhook_deliveries d join org_webhooks w on w.id = d.webhook_id
      where w.active and (${due})
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries d
    set status = 'sending', attempts = d.attempts + 1, lease_owner = ${owner},
        lease_until = ${leaseUntil.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
    from picked, org_webhooks w
    where d.id = picked.id and w.id = d.webhook_id and (${due})
    returning d.id, d.webhook_id, d.event_id, d.event_type, d.payload, d.attempts, d.lease_until, w.url, w.secret
  `,
  );
  return rows
    .map((row) => ({
      id: Number(row.id),
      webhookId: Number(row.webhook_id),
      eventId: Number(row.event_id),
      eventType: row.event_type,
      payload: row.payload,
      attempts: Number(row.attempts),
      leaseOwner: owner,
      leaseUntil: new Date(row.lease_until),
      url: row.url,
      sealedSecret: row.secret,
    }))
    .sort((a, b) => a.id - b.id);
}

/** Delivered, due again after backoff with full jitter, or dead after `maxAttempts`. Null: the lease was lost. */
export async function recordDelivery(
  db: Db,
  claim: Pick<ClaimedDelivery, "id" | "leaseOwner" | "attempts">,
  outcome: DeliveryOutcome,
  options: { now: Date; policy?: RetryPolicy; random?: () => number },
): Promise<WebhookDeliveryRow | null> {
  const mine = and(
    eq(webhookDeliveries.id, claim.id),
    eq(webhookDeliveries.status, "sending"),
    eq(webhookDeliveries.leaseOwner, claim.leaseOwner),
  );
  const released = { leaseOwner: null, leaseUntil: null, updatedAt: options.now };
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  let set: Partial<typeof webhookDeliveries.$inferInsert>;
  if (outcome.ok) {
    set = { status: "delivered", responseStatus: outcome.status, lastError: null, deliveredAt: options.now };
  } else if (!outcome.retry || claim.attempts >= policy.maxAttempts) {
    set = {
      status: "dead",
      responseStatus: outcome.status,
      lastError: outcome.retry ? `已尝试 ${claim.attempts} 次仍未成功：${outcome.error}` : outcome.error,
    };
  } else {
    const delay = retryDelayMs(claim.attempts, policy, options.random, null);
    set = {
      status: "pending",
      responseStatus: outcome.status,
      lastError: outcome.error,
      nextAttemptAt: new Date(options.now.getTime() + delay),
    };
  }
  const [row] = await db
    .update(webhookDeliveries)
    .set({ ...set, ...released })
    .where(mine)
    .returning();
  return row ?? null;
}
