/**
 * Channel health as the console and `qnzs channel list` show it: is the account pulling, how far behind is it,
 * what went wrong last. Secrets are never part of it: only the names of the secret fields that are set.
 */
import type { Db, SecretBox } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { channelAccounts } from "@qnzs/db/schema";
import { asc, ne, sql } from "drizzle-orm";
import type { ChannelAccountRow } from "./accounts.ts";

export interface ChannelHealth {
  status: string;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  /** newest item we hold from the account */
  lastItemAt: string | null;
  /** ms from the newest item we hold (or, before any item, from the last success) to now */
  lagMs: number | null;
  /** failed runs (or refused deliveries) in a row; 0 once one succeeds */
  errorStreak: number;
  lastError: { kind: string; message: string | null; at: string | null } | null;
  /** calls left in the platform's quota, or in our own budget for it */
  quotaLeft: number | null;
  nextRunAt: string | null;
  /** a worker holds the account right now */
  running: boolean;
}

export interface ChannelAccountView {
  id: number;
  kind: string;
  name: string;
  orgId: number | null;
  schedule: string | null;
  /** the config's plain fields; secret fields are left out */
  config: Record<string, unknown>;
  /** which secret fields are set (names only) */
  secretsSet: string[];
  posts: number;
  health: ChannelHealth;
}

export function describeHealth(account: ChannelAccountRow, now: Date): ChannelHealth {
  const reference = account.lastItemAt ?? account.lastSuccessAt;
  return {
    status: account.status,
    lastRunAt: iso(account.lastRunAt),
    lastSuccessAt: iso(account.lastSuccessAt),
    lastItemAt: iso(account.lastItemAt),
    lagMs: reference ? Math.max(0, now.getTime() - reference.getTime()) : null,
    errorStreak: account.errorStreak,
    lastError: account.lastErrorKind
      ? { kind: account.lastErrorKind, message: account.lastErrorMessage, at: iso(account.lastErrorAt) }
      : null,
    quotaLeft: account.quotaLeft,
    nextRunAt: iso(account.nextRunAt),
    running: account.leaseUntil !== null && account.leaseUntil.getTime() > now.getTime(),
  };
}

/** Every channel account (file-import pseudo-accounts left out unless asked for), with its health. */
export async function listChannelAccounts(
  db: Db,
  box: SecretBox,
  options: { now?: Date; includeImport?: boolean } = {},
): Promise<ChannelAccountView[]> {
  const now = options.now ?? new Date();
  const query = db.select().from(channelAccounts).orderBy(asc(channelAccounts.id));
  const accounts = options.includeImport ? await query : await query.where(ne(channelAccounts.status, "import"));
  const counts = await queryRows<{ account_id: string | number; posts: string | number }>(
    db,
    sql`select account_id, count(*) as posts from posts group by account_id`,
  );
  const postsOf = new Map(counts.map((row) => [Number(row.account_id), Number(row.posts)]));
  return accounts.map((account) => ({
    id: account.id,
    kind: account.kind,
    name: account.name,
    orgId: account.orgId,
    schedule: account.schedule,
    config: account.config,
    secretsSet: secretNames(box, account.secrets),
    posts: postsOf.get(account.id) ?? 0,
    health: describeHealth(account, now),
  }));
}

function secretNames(box: SecretBox, sealed: string | null): string[] {
  if (!sealed) return [];
  try {
    return Object.keys(JSON.parse(box.open(sealed)) as Record<string, unknown>).sort();
  } catch {
    // sealed under another key (QNZS_SECRET_KEY changed): the values are unusable, which the list should say
    return ["(unreadable)"];
  }
}

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}
