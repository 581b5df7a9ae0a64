/**
 * Factories for case tests: people with roles, helpers, and case rows placed directly (bypassing routing, for
 * tests about something else). The org tree itself comes from the seed (core/src/cases/seed-orgs.ts) or
 * `createOrg` in factories.ts.
 */

import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "./client.ts";
import { type Category, cases, type HelperType, orgs, type Role, userRoles, users } from "./schema.ts";

let sequence = 0;
const next = () => ++sequence;

export type UserRow = typeof users.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;

export async function findOrgByName(db: Db, name: string): Promise<typeof orgs.$inferSelect> {
  const rows = await db.select().from(orgs).where(eq(orgs.name, name));
  if (rows.length !== 1) throw new Error(`expected one org named ${name}, found ${rows.length}`);
  return rows[0]!;
}

export async function createUser(
  db: Db,
  options: {
    username?: string;
    displayName?: string;
    isAdmin?: boolean;
    roles?: { orgId: number; role: Role }[];
    helper?: { type: HelperType; categories: Category[]; capacity: number };
  } = {},
): Promise<UserRow> {
  const n = next();
  const [user] = await db
    .insert(users)
    .values({
      username: options.username ?? `user${n}_${randomBytes(3).toString("hex")}`,
      displayName: options.displayName ?? `测试用户${n}`,
      isAdmin: options.isAdmin ?? false,
      helperType: options.helper?.type ?? null,
      helperCategories: options.helper?.categories ?? [],
      helperCapacity: options.helper?.capacity ?? null,
    })
    .returning();
  if (options.roles?.length) {
    await db.insert(userRoles).values(options.roles.map((grant) => ({ userId: user!.id, ...grant })));
  }
  return user!;
}

/** A cadre (团干部) of one org. */
export function createCadre(db: Db, orgId: number, displayName?: string): Promise<UserRow> {
  return createUser(db, { roles: [{ orgId, role: "cadre" }], ...(displayName ? { displayName } : {}) });
}

/** A helper of one org: 专帮青 covering every category with room for 3 cases unless told otherwise. */
export function createHelper(
  db: Db,
  orgId: number,
  helper: Partial<{ type: HelperType; categories: Category[]; capacity: number }> = {},
  displayName?: string,
): Promise<UserRow> {
  return createUser(db, {
    roles: [{ orgId, role: "helper" }],
    helper: {
      type: helper.type ?? "expert",
      categories: helper.categories ?? ["study", "employment", "rights", "relationships", "other"],
      capacity: helper.capacity ?? 3,
    },
    ...(displayName ? { displayName } : {}),
  });
}

/** A case row at an org, as routing would have left it (no events: for tests of reads and access). */
export async function createCaseRow(db: Db, overrides: Partial<typeof cases.$inferInsert> = {}): Promise<CaseRow> {
  const n = next();
  const [row] = await db
    .insert(cases)
    .values({
      code: `QN250101-T${String(n).padStart(7, "0")}`,
      title: `测试诉求 ${n}`,
      description: `测试诉求 ${n} 的内容`,
      category: "study",
      status: "routed",
      source: "portal",
      ...overrides,
    })
    .returning();
  return row!;
}
