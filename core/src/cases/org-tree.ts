/**
 * The League's organisation tree. Each org keeps its materialised `path` ("/1/4/17/"), so "is X inside Y's
 * subtree" is a prefix test and the ancestor chain is the path read backwards — no recursive queries.
 */
import type { Db } from "@qnzs/db";
import { ORG_LEVELS, type OrgLevel, orgs } from "@qnzs/db/schema";
import { eq, inArray } from "drizzle-orm";
import { InvalidInput, NotFound } from "./errors.ts";

export type OrgRow = typeof orgs.$inferSelect;

/** Org ids along a path, root first: "/1/4/17/" → [1, 4, 17]. */
export function pathIds(path: string): number[] {
  return path
    .split("/")
    .filter((part) => part !== "")
    .map(Number);
}

/** True when `path` is `rootPath` itself or below it. */
export function isWithin(path: string, rootPath: string): boolean {
  return path.startsWith(rootPath);
}

export function levelRank(level: OrgLevel): number {
  return ORG_LEVELS.indexOf(level);
}

export async function getOrg(db: Db, id: number): Promise<OrgRow> {
  const [org] = await db.select().from(orgs).where(eq(orgs.id, id));
  if (!org) throw new NotFound(`组织 #${id} `);
  return org;
}

/** The org's ancestors, nearest first (parent, grandparent … root); the org itself is not included. */
export async function listAncestors(db: Db, org: Pick<OrgRow, "id" | "path">): Promise<OrgRow[]> {
  const ids = pathIds(org.path).filter((id) => id !== org.id);
  if (ids.length === 0) return [];
  const rows = await db.select().from(orgs).where(inArray(orgs.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids
    .reverse()
    .map((id) => byId.get(id))
    .filter((row): row is OrgRow => row !== undefined);
}

/** The ancestor `levels` steps up (1 = parent), or null past the root. */
export function ancestorIdAt(org: Pick<OrgRow, "id" | "path">, levels: number): number | null {
  const ids = pathIds(org.path);
  const index = ids.indexOf(org.id) - levels;
  return index >= 0 ? ids[index]! : null;
}

export interface NewOrg {
  name: string;
  level: OrgLevel;
  kind?: string;
  parentId: number | null;
  regionCode?: string | null;
  region?: string | null;
  city?: string | null;
  county?: string | null;
}

/**
 * Adds an org under its parent and fills its path. A level sits below its parent's (a county under a city …);
 * grassroots units (universities, enterprises, 12355 desks) may hang under any level.
 */
export async function createOrgNode(db: Db, input: NewOrg): Promise<OrgRow> {
  const parent = input.parentId === null ? null : await getOrg(db, input.parentId);
  if (parent === null && input.level !== "central") {
    throw new InvalidInput(`只有团中央可以没有上级组织 / only the central org has no parent: ${input.name}`);
  }
  if (parent && levelRank(input.level) <= levelRank(parent.level)) {
    throw new InvalidInput(
      `${input.name}（${input.level}）不能隶属于${parent.name}（${parent.level}） / level must be below the parent's`,
    );
  }
  const [inserted] = await db
    .insert(orgs)
    .values({
      name: input.name,
      level: input.level,
      kind: input.kind ?? "committee",
      parentId: parent?.id ?? null,
      path: "/",
      regionCode: input.regionCode ?? null,
      region: input.region ?? null,
      city: input.city ?? null,
      county: input.county ?? null,
    })
    .returning();
  const path = `${parent?.path ?? "/"}${inserted!.id}/`;
  const [withPath] = await db.update(orgs).set({ path }).where(eq(orgs.id, inserted!.id)).returning();
  return withPath!;
}

/** An org by id ("17", "#17") or by its unique name (共青团成都市委员会). */
export async function resolveOrgReference(db: Db, reference: string): Promise<OrgRow> {
  const trimmed = reference.trim();
  const byId = /^#?(\d+)$/.exec(trimmed);
  if (byId) return getOrg(db, Number(byId[1]));
  const rows = await db.select().from(orgs).where(eq(orgs.name, trimmed));
  if (rows.length === 0) throw new NotFound(`组织 ${trimmed} `);
  if (rows.length > 1) throw new InvalidInput(`组织名 ${trimmed} 不唯一，请用编号 / ambiguous org name, use its id`);
  return rows[0]!;
}
