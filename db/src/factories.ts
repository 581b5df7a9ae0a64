/**
 * Seed factories: small, valid rows for tests and demos to build on. Each takes overrides for what a test cares about.
 */

import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { channelAccounts, type OrgLevel, orgs } from "./schema.ts";

let sequence = 0;
const next = () => ++sequence;

export async function createChannelAccount(
  db: Db,
  overrides: Partial<typeof channelAccounts.$inferInsert> = {},
): Promise<typeof channelAccounts.$inferSelect> {
  const [account] = await db
    .insert(channelAccounts)
    .values({ kind: "weibo", name: `测试账号 ${next()}`, ...overrides })
    .returning();
  return account!;
}

export async function createOrg(
  db: Db,
  overrides: Partial<typeof orgs.$inferInsert> & { name?: string; level?: OrgLevel } = {},
): Promise<typeof orgs.$inferSelect> {
  const parent = overrides.parentId
    ? (await db.select().from(orgs).where(eq(orgs.id, overrides.parentId)))[0]
    : undefined;
  const [org] = await db
    .insert(orgs)
    .values({ name: `测试团委 ${next()}`, level: "central", path: "/", ...overrides })
    .returning();
  const path = `${parent?.path ?? "/"}${org!.id}/`;
  const [withPath] = await db.update(orgs).set({ path }).where(eq(orgs.id, org!.id)).returning();
  return withPath!;
}
