/**
 * Rows held for an account's re-authorisation go on once the account is fixed. An account leaves `needs_reauth`
 * when a person renewed its credentials and a crawl succeeded with them (crawlers/run-record.ts); the worker calls
 * this every pass, so no code path that fixes an account has to remember the outbox.
 */
import type { Db } from "@qnzs/db";
import { channelAccounts, publications } from "@qnzs/db/schema";
import { and, eq, ne } from "drizzle-orm";
import { resumeWaitingPublications } from "./outbox.ts";

/** Returns how many rows became due. */
export async function resumeReauthorisedAccounts(db: Db, now: Date): Promise<number> {
  const accounts = await db
    .selectDistinct({ id: channelAccounts.id })
    .from(publications)
    .innerJoin(channelAccounts, eq(channelAccounts.id, publications.accountId))
    .where(and(eq(publications.status, "waiting_auth"), ne(channelAccounts.status, "needs_reauth")));
  let resumed = 0;
  for (const account of accounts) resumed += await resumeWaitingPublications(db, account.id, now);
  return resumed;
}
