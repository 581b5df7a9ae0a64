import type { Db } from "@qnzs/db";
import { channelAccounts } from "@qnzs/db/schema";
import { and, eq } from "drizzle-orm";

/** The name of the pseudo-account that file imports of one channel kind are stored under. */
export const IMPORT_ACCOUNT_NAME = "文件导入";

/**
 * Posts are unique per account; imported posts have no real account, so each channel kind gets one
 * import account (status "import": never crawled).
 */
export async function ensureImportAccount(db: Db, kind: string): Promise<number> {
  const existing = await db
    .select({ id: channelAccounts.id })
    .from(channelAccounts)
    .where(and(eq(channelAccounts.kind, kind), eq(channelAccounts.name, IMPORT_ACCOUNT_NAME)));
  if (existing[0]) return existing[0].id;
  const inserted = await db
    .insert(channelAccounts)
    .values({ kind, name: IMPORT_ACCOUNT_NAME, status: "import" })
    .onConflictDoNothing()
    .returning({ id: channelAccounts.id });
  if (inserted[0]) return inserted[0].id;
  return ensureImportAccount(db, kind);
}
