/**
 * Loads the seed tree on the first start of an empty database. Safe to call on every start and from several
 * processes at once: an advisory lock serialises the check, and a tree that has any org is left alone.
 */
import type { Db } from "@qnzs/db";
import { orgs } from "@qnzs/db/schema";
import { sql } from "drizzle-orm";
import { ADVISORY_LOCKS } from "./locks.ts";
import { createOrgNode } from "./org-tree.ts";
import { SEED_TREE, type SeedOrg } from "./seed-orgs-data.ts";

/** Returns how many orgs were created: the whole seed tree, or 0 when the database already had orgs. */
export async function ensureSeedOrgs(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const store = tx as unknown as Db;
    await store.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.seedOrgs})`);
    const [existing] = await store.select({ count: sql<number>`count(*)::int` }).from(orgs);
    if ((existing?.count ?? 0) > 0) return 0;
    return insertTree(store, SEED_TREE, null);
  });
}

async function insertTree(db: Db, node: SeedOrg, parentId: number | null): Promise<number> {
  const org = await createOrgNode(db, {
    name: node.name,
    level: node.level,
    kind: node.kind ?? "committee",
    parentId,
    regionCode: node.regionCode ?? null,
    region: node.region ?? null,
    city: node.city ?? null,
    county: node.county ?? null,
  });
  let created = 1;
  for (const child of node.children ?? []) created += await insertTree(db, child, org.id);
  return created;
}
