/**
 * The bookkeeping around a run: its crawl_runs row, and the account's health columns once it ends.
 */
import { type Db, queryRows, type Tx } from "@qnzs/db";
import { channelAccounts, crawlRuns } from "@qnzs/db/schema";
import { eq, sql } from "drizzle-orm";
import type { CrawlErrorKind } from "./error-kind.ts";

export async function startRunRecord(db: Db, accountId: number, startedAt: Date): Promise<number> {
  const [row] = await db.insert(crawlRuns).values({ accountId, startedAt }).returning({ id: crawlRuns.id });
  return row!.id;
}

export interface RunTally {
  itemsSeen: number;
  itemsNew: number;
}

export async function finishRunRecord(
  db: Db,
  runId: number,
  input: RunTally & { endedAt: Date; errorKind: CrawlErrorKind | null; errorMessage: string | null },
): Promise<void> {
  await db
    .update(crawlRuns)
    .set({
      endedAt: input.endedAt,
      itemsSeen: input.itemsSeen,
      itemsNew: input.itemsNew,
      errorKind: input.errorKind,
      errorMessage: input.errorMessage,
    })
    .where(eq(crawlRuns.id, runId));
}

/** Inside a batch's transaction: the cursor moves only while the batch is stored, and only while we hold the lease. */
export async function storeCursor(
  tx: Tx,
  input: {
    accountId: number;
    owner: string;
    cursor: Record<string, unknown>;
    newestItemAt: Date | null;
    leaseMs: number;
    quotaLeft: number | null;
  },
): Promise<boolean> {
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`
    update channel_accounts set
      cursor = ${JSON.stringify(input.cursor)}::jsonb,
      last_item_at = greatest(last_item_at, ${input.newestItemAt?.toISOString() ?? null}::timestamptz),
      quota_left = coalesce(${input.quotaLeft}::integer, quota_left),
      lease_until = now() + ${input.leaseMs} * interval '1 millisecond',
      updated_at = now()
    where id = ${input.accountId} and lease_owner = ${input.owner}
    returning id
  `,
  );
  return rows.length > 0;
}

export async function markRunSucceeded(
  db: Db,
  accountId: number,
  input: { at: Date; startedAt: Date; nextRunAt: Date | null; quotaLeft: number | null },
): Promise<void> {
  await db
    .update(channelAccounts)
    .set({
      status: sql`case when ${channelAccounts.status} = 'paused' then 'paused' else 'active' end`,
      lastRunAt: input.startedAt,
      lastSuccessAt: input.at,
      errorStreak: 0,
      nextRunAt: input.nextRunAt,
      quotaLeft: sql`coalesce(${input.quotaLeft}::integer, ${channelAccounts.quotaLeft})`,
      updatedAt: sql`now()`,
    })
    .where(eq(channelAccounts.id, accountId));
}

export async function markRunFailed(
  db: Db,
  accountId: number,
  input: {
    at: Date;
    startedAt: Date;
    kind: CrawlErrorKind;
    message: string;
    /** needs_reauth stops the account until a person re-authorises it */
    status: "failing" | "needs_reauth";
    nextRunAt: Date | null;
    quotaLeft: number | null;
  },
): Promise<void> {
  await db
    .update(channelAccounts)
    .set({
      status: sql`case when ${channelAccounts.status} = 'paused' then 'paused' else ${input.status} end`,
      lastRunAt: input.startedAt,
      lastErrorAt: input.at,
      lastErrorKind: input.kind,
      lastErrorMessage: input.message,
      errorStreak: sql`${channelAccounts.errorStreak} + 1`,
      nextRunAt: input.nextRunAt,
      quotaLeft: sql`coalesce(${input.quotaLeft}::integer, ${channelAccounts.quotaLeft})`,
      updatedAt: sql`now()`,
    })
    .where(eq(channelAccounts.id, accountId));
}
