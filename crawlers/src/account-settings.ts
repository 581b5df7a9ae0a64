/**
 * What an admin changes about a connected account besides its config: its crawl schedule, and pausing or
 * resuming it. A paused account is never pulled (the scheduler and `qnzs crawl` skip it) and keeps its cursor,
 * so resuming carries on where it stopped.
 */
import { channelAccounts } from "@qnzs/db/schema";
import { and, eq, ne, sql } from "drizzle-orm";
import { ChannelOptionsError } from "./channel-options.ts";
import { scheduleNext } from "./crawl-account.ts";
import type { CrawlerRuntime } from "./runtime.ts";
import { explainInvalidSchedule } from "./schedule.ts";

/** Sets the account's node-cron schedule (null: the channel kind's default) and plans its next run by it. */
export async function setAccountSchedule(
  runtime: CrawlerRuntime,
  accountId: number,
  schedule: string | null,
): Promise<void> {
  const expression = schedule?.trim() || null;
  if (expression) {
    const problem = explainInvalidSchedule(expression);
    if (problem) throw new ChannelOptionsError(`不是有效的 cron 表达式 / invalid schedule: ${problem}`);
  }
  const { db } = runtime.database;
  const [account] = await db.select().from(channelAccounts).where(eq(channelAccounts.id, accountId));
  if (!account) throw new ChannelOptionsError(`渠道账号 ${accountId} 不存在 / no channel account ${accountId}`);
  const nextRunAt = runtime.pullKinds().includes(account.kind)
    ? scheduleNext(runtime, account.kind, expression, runtime.now())
    : null;
  await db
    .update(channelAccounts)
    .set({ schedule: expression, nextRunAt, updatedAt: sql`now()` })
    .where(eq(channelAccounts.id, accountId));
}

/**
 * Pauses an account or resumes it. Resuming makes it due at once and starts its error streak over; an import
 * pseudo-account is neither.
 */
export async function setAccountPaused(runtime: CrawlerRuntime, accountId: number, paused: boolean): Promise<void> {
  const { db } = runtime.database;
  const changed = await db
    .update(channelAccounts)
    .set(
      paused
        ? { status: "paused", updatedAt: sql`now()` }
        : { status: "active", errorStreak: 0, nextRunAt: runtime.now(), updatedAt: sql`now()` },
    )
    .where(and(eq(channelAccounts.id, accountId), ne(channelAccounts.status, "import")))
    .returning({ id: channelAccounts.id });
  if (changed.length === 0)
    throw new ChannelOptionsError(`渠道账号 ${accountId} 不存在 / no channel account ${accountId}`);
}
