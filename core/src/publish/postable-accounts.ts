/**
 * Which channel accounts a person may post through: the accounts of the orgs where they write (and below) for a
 * cross-post, where they approve for the accounts added to an answer. Accounts of no org are the site admins'.
 */
import type { Db } from "@qnzs/db";
import { channelAccounts, orgs, type Role } from "@qnzs/db/schema";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Actor, subtreeFilter } from "../cases/access.ts";
import { AccessDenied } from "../cases/errors.ts";

/** Who writes for an org: its admins, cadres and editors (access.canPublish). */
export const PUBLISHING_ROLES: readonly Role[] = ["admin", "cadre", "editor"];

export interface PostableAccount {
  id: number;
  kind: string;
  name: string;
  orgId: number | null;
  orgName: string | null;
}

/** Who may add an account to what they approve: the publishing roles and reviewers. */
export const APPROVING_ROLES: readonly Role[] = ["admin", "cadre", "editor", "reviewer"];

/**
 * The accounts the actor may post through: those of the orgs where they hold one of `roles` (and below; writers
 * by default, approvers when adding accounts to an answer), whose channel can post new content (`canPost`: apps
 * read it from the adapters). A post to a WeChat account goes out as an article (render-rules.ts).
 */
export async function listPostableAccounts(
  db: Db,
  actor: Actor,
  canPost: (channel: string) => boolean,
  roles: readonly Role[] = PUBLISHING_ROLES,
): Promise<PostableAccount[]> {
  const within = subtreeFilter(actor, roles);
  if (within === null) return [];
  const rows = await db
    .select({
      id: channelAccounts.id,
      kind: channelAccounts.kind,
      name: channelAccounts.name,
      orgId: channelAccounts.orgId,
      orgName: orgs.name,
    })
    .from(channelAccounts)
    .leftJoin(orgs, eq(orgs.id, channelAccounts.orgId))
    .where(and(sql`${channelAccounts.status} <> 'import'`, within))
    .orderBy(channelAccounts.id);
  return rows.filter((row) => canPost(row.kind));
}

/** Refuses an account outside the subtrees where the actor approves: nobody posts through another org's account. */
export async function assertMayPostThrough(db: Db, actor: Actor, accountIds: readonly number[]): Promise<void> {
  if (actor.isAdmin || accountIds.length === 0) return;
  const rows = await db
    .select({ id: channelAccounts.id, name: channelAccounts.name, orgPath: orgs.path })
    .from(channelAccounts)
    .leftJoin(orgs, eq(orgs.id, channelAccounts.orgId))
    .where(inArray(channelAccounts.id, [...new Set(accountIds)]));
  const paths = actor.roles.filter((role) => APPROVING_ROLES.includes(role.role)).map((role) => role.orgPath);
  for (const row of rows) {
    if (!row.orgPath || !paths.some((path) => row.orgPath!.startsWith(path))) {
      throw new AccessDenied(`账号「${row.name}」不属于您所在组织及下级组织 / account ${row.id} is outside your orgs`);
    }
  }
}
