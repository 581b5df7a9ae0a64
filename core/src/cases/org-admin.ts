/**
 * The organisation tree as admins manage it: browse and search the subtrees they administer, add a child org,
 * rename one, set its region codes. A site admin manages the whole tree; an org admin (role `admin`) adds orgs
 * anywhere in their subtree and changes the orgs below their own.
 */
import type { Db } from "@qnzs/db";
import { ORG_LEVELS, orgs } from "@qnzs/db/schema";
import { and, eq, ilike, ne, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canAdminister } from "./access.ts";
import { Conflict, parseInput } from "./errors.ts";
import { createOrgNode, getOrg, type OrgRow } from "./org-tree.ts";

/** The subtree roots an actor administers; null for a site admin (the whole tree). */
export function administeredPaths(actor: Actor): string[] | null {
  if (actor.isAdmin) return null;
  const paths = actor.roles.filter((role) => role.role === "admin").map((role) => role.orgPath);
  // a root inside another root adds nothing
  return paths.filter((path) => !paths.some((other) => other !== path && path.startsWith(other)));
}

/** Whether the actor administers any org at all: who may open the admin area. */
export function administersAnything(actor: Actor): boolean {
  const paths = administeredPaths(actor);
  return paths === null || paths.length > 0;
}

function withinAny(paths: string[]): SQL {
  const parts = paths.map((path) => sql`${orgs.path} like ${`${path}%`}`);
  return parts.length === 1 ? parts[0]! : (or(...parts) ?? sql`false`);
}

/**
 * The orgs an actor administers, in tree order (by path), optionally only those whose name or region code
 * contains `q`. An actor who administers nothing gets nothing.
 */
export async function listAdministeredOrgs(db: Db, actor: Actor, options: { q?: string } = {}): Promise<OrgRow[]> {
  const paths = administeredPaths(actor);
  if (paths?.length === 0) return [];
  const conditions: SQL[] = [];
  if (paths) conditions.push(withinAny(paths));
  const q = options.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(orgs.name, pattern), ilike(orgs.regionCode, pattern)) ?? sql`false`);
  }
  const rows = await db
    .select()
    .from(orgs)
    .where(conditions.length > 0 ? and(...conditions) : undefined);
  // ids are not ordered like names: sort siblings by path segments read as numbers, so children follow parents
  return rows.sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: string, b: string): number {
  const left = a.split("/").filter(Boolean).map(Number);
  const right = b.split("/").filter(Boolean).map(Number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}

const RegionFields = {
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "行政区划代码为 6 位数字 / a region code has 6 digits")
    .nullable()
    .default(null),
  region: z.string().trim().min(1).max(50).nullable().default(null),
  city: z.string().trim().min(1).max(50).nullable().default(null),
  county: z.string().trim().min(1).max(50).nullable().default(null),
};

/** committees, and the grassroots units that hang under them (12355 desks are `service`) */
export const ORG_KINDS = ["committee", "university", "enterprise", "service"] as const;

export const ChildOrgSchema = z.object({
  parentId: z.number().int().positive(),
  name: z.string().trim().min(2, "组织名称至少 2 个字 / a name of 2 characters at least").max(100),
  level: z.enum(ORG_LEVELS),
  kind: z.enum(ORG_KINDS).default("committee"),
  ...RegionFields,
});

export const OrgRegionSchema = z.object(RegionFields);

async function assertNameFree(db: Db, parentId: number | null, name: string, except?: number): Promise<void> {
  const [clash] = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(
      and(
        parentId === null ? sql`${orgs.parentId} is null` : eq(orgs.parentId, parentId),
        eq(orgs.name, name),
        except === undefined ? undefined : ne(orgs.id, except),
      ),
    );
  if (clash) throw new Conflict(`同一上级下已有「${name}」 / a sibling has this name`);
}

/** Adds an org under a parent the actor administers; the place fields default to the parent's. */
export async function addChildOrg(db: Db, actor: Actor, input: z.input<typeof ChildOrgSchema>): Promise<OrgRow> {
  const data = parseInput(ChildOrgSchema, input);
  const parent = await getOrg(db, data.parentId);
  assertCan(canAdminister(actor, parent.path), "无权在该组织下添加下级 / not an admin of the parent org");
  await assertNameFree(db, parent.id, data.name);
  return createOrgNode(db, {
    name: data.name,
    level: data.level,
    kind: data.kind,
    parentId: parent.id,
    regionCode: data.regionCode,
    region: data.region ?? parent.region,
    city: data.city ?? parent.city,
    county: data.county ?? parent.county,
  });
}

/**
 * Renames an org. An org admin may rename orgs below their own, not the org they are admin of (that is for
 * the admins above it), so nobody renames their own committee unseen.
 */
export async function renameOrg(db: Db, actor: Actor, input: { orgId: number; name: string }): Promise<OrgRow> {
  const name = parseInput(ChildOrgSchema.shape.name, input.name);
  const org = await getOrg(db, input.orgId);
  assertCan(canManageOrg(actor, org), "无权修改该组织 / not an admin above this org");
  await assertNameFree(db, org.parentId, name, org.id);
  const [row] = await db.update(orgs).set({ name }).where(eq(orgs.id, org.id)).returning();
  return row!;
}

/** Sets the region code and place names routing uses to find the org responsible for a place. */
export async function setOrgRegion(
  db: Db,
  actor: Actor,
  input: { orgId: number } & z.input<typeof OrgRegionSchema>,
): Promise<OrgRow> {
  const { orgId, ...fields } = input;
  const data = parseInput(OrgRegionSchema, fields);
  const org = await getOrg(db, orgId);
  assertCan(canManageOrg(actor, org), "无权修改该组织 / not an admin above this org");
  const [row] = await db.update(orgs).set(data).where(eq(orgs.id, org.id)).returning();
  return row!;
}

/** Changing an org itself: site admins, and admins of an org strictly above it. */
export function canManageOrg(actor: Actor, org: Pick<OrgRow, "id" | "path">): boolean {
  if (actor.isAdmin) return true;
  return actor.roles.some(
    (role) => role.role === "admin" && role.orgId !== org.id && org.path.startsWith(role.orgPath),
  );
}
