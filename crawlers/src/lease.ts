/**
 * Row leases on channel accounts: whoever sets lease_owner while the previous lease is free or expired pulls the
 * account; everyone else skips it. One conditional UPDATE is atomic on PGlite and PostgreSQL alike, and the claim
 * of due accounts uses FOR UPDATE SKIP LOCKED, so any number of workers never pull one account twice.
 */
import { type Db, queryRows, type Tx } from "@qnzs/db";
import { sql } from "drizzle-orm";

/** Statuses the scheduler pulls; needs_reauth waits for a person, paused and import are never pulled. */
export const SCHEDULED_STATUSES = ["active", "failing"] as const;

interface IdRow extends Record<string, unknown> {
  id: number | string;
}

/** Takes the account for `owner` when nobody holds it; false when someone does. */
export async function leaseAccount(db: Db, accountId: number, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await queryRows<IdRow>(
    db,
    sql`
    update channel_accounts
    set lease_owner = ${owner}, lease_until = now() + ${leaseMs} * interval '1 millisecond'
    where id = ${accountId} and (lease_until is null or lease_until < now())
    returning id
  `,
  );
  return rows.length > 0;
}

/**
 * Leases up to `limit` accounts that are due (next_run_at passed or never set) and pullable, oldest due first.
 */
export async function claimDueAccounts(
  db: Db,
  input: { owner: string; kinds: readonly string[]; limit: number; now: Date; leaseMs: number },
): Promise<number[]> {
  if (input.limit <= 0 || input.kinds.length === 0) return [];
  const rows = await queryRows<IdRow>(
    db,
    sql`
    update channel_accounts
    set lease_owner = ${input.owner}, lease_until = now() + ${input.leaseMs} * interval '1 millisecond'
    where id in (
      select id from channel_accounts
      where status in (${sql.join(
        SCHEDULED_STATUSES.map((status) => sql`${status}`),
        sql`, `,
      )})
        and kind in (${sql.join(
          input.kinds.map((kind) => sql`${kind}`),
          sql`, `,
        )})
        and (next_run_at is null or next_run_at <= ${input.now.toISOString()}::timestamptz)
        and (lease_until is null or lease_until < now())
      order by next_run_at asc nulls first, id
      limit ${input.limit}
      for update skip locked
    )
    returning id
  `,
  );
  return rows.map((row) => Number(row.id));
}

/** Extends the lease; false when it is no longer ours (it ran out and another worker took the account). */
export async function renewLease(db: Tx, accountId: number, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await queryRows<IdRow>(
    db,
    sql`
    update channel_accounts set lease_until = now() + ${leaseMs} * interval '1 millisecond'
    where id = ${accountId} and lease_owner = ${owner}
    returning id
  `,
  );
  return rows.length > 0;
}

export async function releaseLease(db: Db, accountId: number, owner: string): Promise<void> {
  await db.execute(sql`
    update channel_accounts set lease_owner = null, lease_until = null
    where id = ${accountId} and lease_owner = ${owner}
  `);
}
