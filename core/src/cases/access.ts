/**
 * Who may see and change what. A user works in their orgs' subtrees: a cadre of 成都团市委 sees and handles the
 * cases of 成都 and its districts, and so supervises them when they are escalated; a helper sees only the cases
 * assigned to them; a site admin (`users.is_admin`) sees everything. Every check runs before anything is
 * written, so a denial changes nothing.
 */
import type { Db } from "@qnzs/db";
import { type Category, type HelperType, orgs, type Role, userRoles, users } from "@qnzs/db/schema";
import { type AnyColumn, eq, or, type SQL, sql } from "drizzle-orm";
import { AccessDenied, NotFound } from "./errors.ts";
import { isWithin } from "./org-tree.ts";

export interface ActorRole {
  orgId: number;
  /** the org's materialised path, for subtree tests */
  orgPath: string;
  role: Role;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  roles: ActorRole[];
  helper: { type: HelperType; categories: Category[]; capacity: number } | null;
}

/** What the checks need of a case. */
export interface CaseScope {
  orgId: number | null;
  /** the holding org's path; null while the case has no org */
  orgPath: string | null;
  assigneeId: number | null;
}

/** Roles that handle cases in their org's subtree: route, transfer, assign, answer, close. */
const HANDLING_ROLES: readonly Role[] = ["admin", "cadre"];
/** Roles that read cases in their org's subtree without handling them. */
const READING_ROLES: readonly Role[] = ["admin", "cadre", "reviewer", "editor", "media_officer"];

export async function loadActor(db: Db, userId: number): Promise<Actor> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFound(`用户 #${userId} `);
  if (user.disabled) throw new AccessDenied("账号已停用 / account disabled");
  const roles = await db
    .select({ orgId: userRoles.orgId, role: userRoles.role, orgPath: orgs.path })
    .from(userRoles)
    .innerJoin(orgs, eq(orgs.id, userRoles.orgId))
    .where(eq(userRoles.userId, userId));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    roles,
    helper:
      user.helperType && user.helperCapacity !== null
        ? { type: user.helperType, categories: user.helperCategories as Category[], capacity: user.helperCapacity }
        : null,
  };
}

/** True when the actor holds one of `roles` at an org on the path (the org itself or an ancestor). */
export function holdsRoleOver(actor: Actor, path: string, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role.role) && isWithin(path, role.orgPath));
}

export function canRead(actor: Actor, scope: CaseScope): boolean {
  if (actor.isAdmin) return true;
  if (scope.assigneeId !== null && scope.assigneeId === actor.userId) return true;
  return scope.orgPath !== null && holdsRoleOver(actor, scope.orgPath, READING_ROLES);
}

/** Handling: route, transfer, return, assign, answer, close — cadres and org admins of the subtree. */
export function canChange(actor: Actor, scope: CaseScope): boolean {
  if (actor.isAdmin) return true;
  return scope.orgPath !== null && holdsRoleOver(actor, scope.orgPath, HANDLING_ROLES);
}

/** Drafting an answer: whoever handles the case, and the helper it is assigned to. */
export function canAnswer(actor: Actor, scope: CaseScope): boolean {
  return canChange(actor, scope) || (scope.assigneeId !== null && scope.assigneeId === actor.userId);
}

/** Approving an answer: reviewers, cadres and org admins of the subtree. */
export function canReview(actor: Actor, scope: CaseScope): boolean {
  if (actor.isAdmin) return true;
  return scope.orgPath !== null && holdsRoleOver(actor, scope.orgPath, ["admin", "cadre", "reviewer"]);
}

/** Making an answer a public unified answer: editors too. */
export function canPublish(actor: Actor, scope: CaseScope): boolean {
  if (actor.isAdmin) return true;
  return scope.orgPath !== null && holdsRoleOver(actor, scope.orgPath, ["admin", "cadre", "editor"]);
}

/** Converting posts into cases: anyone who handles cases somewhere. */
export function canConvertPosts(actor: Actor): boolean {
  return actor.isAdmin || actor.roles.some((role) => HANDLING_ROLES.includes(role.role));
}

/** Managing users, roles and routing rules of an org: its admins and the admins above it. */
export function canAdminister(actor: Actor, orgPath: string): boolean {
  return actor.isAdmin || holdsRoleOver(actor, orgPath, ["admin"]);
}

/** Every role but helper: those who see their orgs' subtrees (a helper sees only what is assigned to them). */
export const SUBTREE_ROLES: readonly Role[] = ["admin", "cadre", "reviewer", "editor", "media_officer"];

/**
 * The subtrees of the orgs where the actor holds one of `roles`, as a filter on an org path column (`orgs.path`
 * unless told): undefined for a site admin (no filter), null when they hold none of the roles anywhere.
 */
export function subtreeFilter(
  actor: Actor,
  roles: readonly Role[],
  pathColumn: AnyColumn | SQL = orgs.path,
): SQL | undefined | null {
  if (actor.isAdmin) return undefined;
  const paths = actor.roles.filter((role) => roles.includes(role.role)).map((role) => role.orgPath);
  if (paths.length === 0) return null;
  return or(...paths.map((path) => sql`${pathColumn} like ${`${path}%`}`));
}

export function assertCan(allowed: boolean, message?: string): void {
  if (!allowed) throw new AccessDenied(message);
}
