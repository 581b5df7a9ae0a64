/**
 * Health for push channels, which have no runs: an accepted delivery is a success, a refused one an error.
 */
import type { Tx } from "@qnzs/db";
import { channelAccounts } from "@qnzs/db/schema";
import { eq, sql } from "drizzle-orm";

export async function recordDeliveryAccepted(
  db: Tx,
  accountId: number,
  input: { at: Date; newestItemAt: Date | null },
): Promise<void> {
  await db
    .update(channelAccounts)
    .set({
      lastSuccessAt: input.at,
      lastItemAt: sql`greatest(${channelAccounts.lastItemAt}, ${input.newestItemAt?.toISOString() ?? null}::timestamptz)`,
      errorStreak: 0,
      status: sql`case when ${channelAccounts.status} = 'failing' then 'active' else ${channelAccounts.status} end`,
      updatedAt: sql`now()`,
    })
    .where(eq(channelAccounts.id, accountId));
}

export async function recordDeliveryRefused(
  db: Tx,
  accountId: number,
  input: { at: Date; kind: string; message: string },
): Promise<void> {
  await db
    .update(channelAccounts)
    .set({
      lastErrorAt: input.at,
      lastErrorKind: input.kind,
      lastErrorMessage: input.message,
      errorStreak: sql`${channelAccounts.errorStreak} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(channelAccounts.id, accountId));
}
