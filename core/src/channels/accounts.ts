import type { Db, SecretBox } from "@qnzs/db";
import { channelAccounts } from "@qnzs/db/schema";
import { and, eq, sql } from "drizzle-orm";
import { PORTAL_CHANNEL } from "../publish/targets.ts";

/** The name of the pseudo-account that file imports of one channel kind are stored under. */
export const IMPORT_ACCOUNT_NAME = "文件导入";

export type ChannelAccountRow = typeof channelAccounts.$inferSelect;

/** An account with its whole config: the plain fields and the opened secrets. Never sent to a browser. */
export interface ChannelAccountWithConfig {
  account: ChannelAccountRow;
  config: Record<string, unknown>;
}

export interface NewChannelAccount {
  kind: string;
  name: string;
  orgId?: number | null;
  /** the whole config, secrets included; already validated by the adapter's schema */
  config: Record<string, unknown>;
  /** which config fields are secrets (the adapter says): sealed at rest */
  secretFields: readonly string[];
  schedule?: string | null;
}

/** Splits a config into what may be shown and what must be sealed. */
export function splitSecrets(
  config: Record<string, unknown>,
  secretFields: readonly string[],
): { plain: Record<string, unknown>; secret: Record<string, unknown> } {
  const plain: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(config)) {
    if (secretFields.includes(field)) secret[field] = value;
    else plain[field] = value;
  }
  return { plain, secret };
}

export async function createChannelAccount(
  db: Db,
  box: SecretBox,
  input: NewChannelAccount,
): Promise<ChannelAccountRow> {
  const { plain, secret } = splitSecrets(input.config, input.secretFields);
  const [row] = await db
    .insert(channelAccounts)
    .values({
      kind: input.kind,
      name: input.name,
      orgId: input.orgId ?? null,
      config: plain,
      secrets: Object.keys(secret).length > 0 ? box.seal(JSON.stringify(secret)) : null,
      schedule: input.schedule ?? null,
    })
    .returning();
  return row!;
}

/** Replaces fields of an account's config (e.g. a Weibo token after re-authorisation), sealing secrets again. */
export async function updateChannelAccountConfig(
  db: Db,
  box: SecretBox,
  accountId: number,
  changes: Record<string, unknown>,
  secretFields: readonly string[],
): Promise<void> {
  const current = await readChannelAccount(db, box, accountId);
  if (!current) throw new Error(`channel account ${accountId} not found`);
  const { plain, secret } = splitSecrets({ ...current.config, ...changes }, secretFields);
  await db
    .update(channelAccounts)
    .set({
      config: plain,
      secrets: Object.keys(secret).length > 0 ? box.seal(JSON.stringify(secret)) : null,
      updatedAt: sql`now()`,
    })
    .where(eq(channelAccounts.id, accountId));
}

export async function readChannelAccount(
  db: Db,
  box: SecretBox,
  accountId: number,
): Promise<ChannelAccountWithConfig | null> {
  const [account] = await db.select().from(channelAccounts).where(eq(channelAccounts.id, accountId));
  if (!account) return null;
  const secret = account.secrets ? (JSON.parse(box.open(account.secrets)) as Record<string, unknown>) : {};
  return { account, config: { ...account.config, ...secret } };
}

/**
 * Posts are unique per account; imported posts have no real account, so each channel kind gets one
 * import account (status "import": never crawled).
 */
export function ensureImportAccount(db: Db, kind: string): Promise<number> {
  return ensureLocalAccount(db, { kind, name: IMPORT_ACCOUNT_NAME, orgId: null });
}

/**
 * Questions asked on the portal land on one local account per org that takes them: an account's org decides who
 * watches its posts in the monitor, so a county's cadres see their county's questions and not their neighbours'.
 * A question no org took yet goes to the site admins' account.
 */
export function ensurePortalAccount(db: Db, org: { id: number; name: string } | null): Promise<number> {
  return ensureLocalAccount(db, {
    kind: PORTAL_CHANNEL,
    name: org ? `门户提问 · ${org.name}` : "门户提问",
    orgId: org?.id ?? null,
  });
}

async function ensureLocalAccount(
  db: Db,
  account: { kind: string; name: string; orgId: number | null },
): Promise<number> {
  const where = and(eq(channelAccounts.kind, account.kind), eq(channelAccounts.name, account.name));
  const existing = await db.select({ id: channelAccounts.id }).from(channelAccounts).where(where);
  if (existing[0]) return existing[0].id;
  const inserted = await db
    .insert(channelAccounts)
    .values({ ...account, status: "import" })
    .onConflictDoNothing()
    .returning({ id: channelAccounts.id });
  if (inserted[0]) return inserted[0].id;
  return ensureLocalAccount(db, account);
}
