/**
 * People: users with roles per org, helpers with their type, categories and capacity, passwords (argon2id) and
 * API tokens (only a SHA-256 is stored; the token is shown once). There are no default accounts: the first
 * admin comes from `qnzs user add --admin` or the console's first visit (`createFirstAdmin`).
 */
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import type { Db } from "@qnzs/db";
import { apiTokens, CATEGORIES, HELPER_TYPES, orgs, ROLES, type Role, userRoles, users } from "@qnzs/db/schema";
import { and, asc, eq, ilike, inArray, isNull, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { type Actor, assertCan, canAdminister, loadActor } from "./access.ts";
import { Conflict, InvalidInput, NotFound, parseInput } from "./errors.ts";
import { ADVISORY_LOCKS } from "./locks.ts";

export type UserRow = typeof users.$inferSelect;
export type PublicUser = Omit<UserRow, "passwordHash">;

export const RoleGrantSchema = z.object({
  orgId: z.number().int().positive(),
  role: z.enum(ROLES),
});

export const HelperProfileSchema = z.object({
  type: z.enum(HELPER_TYPES),
  categories: z.array(z.enum(CATEGORIES)).min(1, "至少覆盖一个类别 / at least one category"),
  capacity: z.number().int().min(1).max(1000),
});

export const AddUserSchema = z
  .object({
    username: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\p{L}\p{N}_.@-]+$/u, "只能包含字母、数字和 _ . @ - / letters, digits, _ . @ - only"),
    displayName: z.string().trim().min(1).max(100).optional(),
    password: z.string().min(8, "密码至少 8 位 / password of 8 characters at least").max(256).optional(),
    isAdmin: z.boolean().default(false),
    roles: z.array(RoleGrantSchema).default([]),
    helper: HelperProfileSchema.optional(),
  })
  .refine((input) => !input.helper || input.roles.some((grant) => grant.role === "helper"), {
    message: "帮扶者须在某个组织担任 helper / a helper needs a helper role in an org",
    path: ["roles"],
  })
  .refine((input) => input.helper || !input.roles.some((grant) => grant.role === "helper"), {
    message: "helper 角色须填写帮扶类型、类别和容量 / a helper role needs a helper profile",
    path: ["helper"],
  });
export type AddUserInput = z.input<typeof AddUserSchema>;

function withoutSecret(user: UserRow): PublicUser {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

/**
 * Adds a user with their roles. With an `actor` (the API), the actor must administer every org granted and only
 * a site admin makes site admins; without one (the local CLI) the operator is trusted.
 */
export async function addUser(db: Db, input: AddUserInput, options: { actor?: Actor } = {}): Promise<PublicUser> {
  const data = parseInput(AddUserSchema, input);
  return db.transaction(async (tx) => {
    const store = tx as unknown as Db;
    const orgIds = [...new Set(data.roles.map((grant) => grant.orgId))];
    const found = orgIds.length ? await store.select().from(orgs).where(inArray(orgs.id, orgIds)) : [];
    for (const orgId of orgIds) {
      const org = found.find((row) => row.id === orgId);
      if (!org) throw new NotFound(`组织 #${orgId} `);
      if (options.actor) assertCan(canAdminister(options.actor, org.path));
    }
    if (options.actor && data.isAdmin) assertCan(options.actor.isAdmin);
    const [existing] = await store.select({ id: users.id }).from(users).where(eq(users.username, data.username));
    if (existing) throw new Conflict(`用户名 ${data.username} 已存在 / username taken`);
    const [user] = await store
      .insert(users)
      .values({
        username: data.username,
        displayName: data.displayName ?? data.username,
        passwordHash: data.password ? await hash(data.password) : null,
        isAdmin: data.isAdmin,
        helperType: data.helper?.type ?? null,
        helperCategories: data.helper?.categories ?? [],
        helperCapacity: data.helper?.capacity ?? null,
      })
      .returning();
    if (data.roles.length > 0) {
      await store
        .insert(userRoles)
        .values(data.roles.map((grant) => ({ userId: user!.id, orgId: grant.orgId, role: grant.role })))
        .onConflictDoNothing();
    }
    return withoutSecret(user!);
  });
}

export async function hasAdmin(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.isAdmin, true)).limit(1);
  return row !== undefined;
}

/** The console's first visit: creates the first site admin, and refuses once there is one. */
export async function createFirstAdmin(
  db: Db,
  input: { username: string; displayName?: string; password: string },
): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    const store = tx as unknown as Db;
    // two first visits at once: the second waits here and then finds the first's admin
    await store.execute(sql`select pg_advisory_xact_lock(${ADVISORY_LOCKS.firstAdmin})`);
    if (await hasAdmin(store)) throw new Conflict("管理员已存在 / an admin already exists");
    if (!input.password) throw new InvalidInput("首个管理员须设置密码 / the first admin needs a password");
    return addUser(store, { ...input, isAdmin: true });
  });
}

export async function findUserByName(db: Db, username: string): Promise<UserRow> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user) throw new NotFound(`用户 ${username} `);
  return user;
}

/** The user's id when the password is right; null otherwise (also for unknown or disabled users). */
export async function verifyPassword(db: Db, username: string, password: string): Promise<number | null> {
  const [user] = await db.select().from(users).where(eq(users.username, username));
  if (!user?.passwordHash || user.disabled) return null;
  return (await verify(user.passwordHash, password)) ? user.id : null;
}

export async function grantRole(
  db: Db,
  grant: z.input<typeof RoleGrantSchema> & { userId: number },
  options: { actor?: Actor } = {},
): Promise<void> {
  const data = parseInput(RoleGrantSchema, grant);
  const [org] = await db.select().from(orgs).where(eq(orgs.id, data.orgId));
  if (!org) throw new NotFound(`组织 #${data.orgId} `);
  if (options.actor) assertCan(canAdminister(options.actor, org.path));
  const [user] = await db.select().from(users).where(eq(users.id, grant.userId));
  if (!user) throw new NotFound(`用户 #${grant.userId} `);
  if (data.role === "helper" && !user.helperType) {
    throw new InvalidInput("helper 角色须先设置帮扶类型 / set the helper profile first");
  }
  await db.insert(userRoles).values({ userId: user.id, orgId: org.id, role: data.role }).onConflictDoNothing();
}

const TOKEN_PREFIX = "qnzs_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an API token for a user. The token itself is returned only here; the database keeps its hash. */
export async function createApiToken(
  db: Db,
  input: { username: string; name?: string },
): Promise<{ id: number; token: string; userId: number }> {
  const user = await findUserByName(db, input.username);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ userId: user.id, name: input.name ?? "cli", tokenHash: hashToken(token) })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token, userId: user.id };
}

/** The actor a bearer token stands for, or null for an unknown, revoked or disabled one. */
export async function authenticateToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .returning({ userId: apiTokens.userId });
  if (!row) return null;
  const [user] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, row.userId));
  if (!user || user.disabled) return null;
  return loadActor(db, row.userId);
}

export async function revokeApiToken(db: Db, tokenId: number, now = new Date()): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, tokenId));
}

/** A user as the admin screens list them: no secret, with every role and the org it is held at. */
export interface ManagedUser extends Omit<PublicUser, "helperCategories"> {
  helperCategories: string[];
  roles: { orgId: number; orgName: string; orgPath: string; role: Role }[];
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The users an actor manages, by username: every user for a site admin; for an org admin, the users holding a
 * role somewhere in the subtrees they administer (with all their roles, so an admin sees the whole person).
 */
export async function listManagedUsers(
  db: Db,
  actor: Actor,
  options: { q?: string; limit?: number } = {},
): Promise<ManagedUser[]> {
  const roots = actor.isAdmin ? null : actor.roles.filter((role) => role.role === "admin").map((r) => r.orgPath);
  if (roots?.length === 0) return [];
  const conditions: SQL[] = [];
  if (roots) {
    const within = roots.map((path) => sql`${orgs.path} like ${`${path}%`}`);
    conditions.push(
      inArray(
        users.id,
        db
          .select({ id: userRoles.userId })
          .from(userRoles)
          .innerJoin(orgs, eq(orgs.id, userRoles.orgId))
          .where(or(...within)),
      ),
    );
  }
  const q = options.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern)) ?? sql`false`);
  }
  const rows = await db
    .select()
    .from(users)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(asc(users.username))
    .limit(options.limit ?? 200);
  if (rows.length === 0) return [];
  const grants = await db
    .select({
      userId: userRoles.userId,
      orgId: userRoles.orgId,
      role: userRoles.role,
      orgName: orgs.name,
      orgPath: orgs.path,
    })
    .from(userRoles)
    .innerJoin(orgs, eq(orgs.id, userRoles.orgId))
    .where(
      inArray(
        userRoles.userId,
        rows.map((row) => row.id),
      ),
    )
    .orderBy(asc(orgs.path), asc(userRoles.role));
  return rows.map((row) => ({
    ...withoutSecret(row),
    roles: grants
      .filter((grant) => grant.userId === row.id)
      .map(({ orgId, orgName, orgPath, role }) => ({ orgId, orgName, orgPath, role })),
  }));
}

/**
 * Whether the actor may disable a user or set their password: a site admin may, for anyone but themselves; an
 * org admin only for a user who is no site admin and whose every role lies in subtrees the actor administers
 * (so nobody locks out a colleague of another org who merely also holds a role in theirs).
 */
async function assertManagesUser(db: Db, actor: Actor, userId: number): Promise<UserRow> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new NotFound(`用户 #${userId} `);
  if (user.id === actor.userId) throw new InvalidInput("不能停用自己或在此重置自己的密码 / not on your own account");
  if (actor.isAdmin) return user;
  assertCan(!user.isAdmin, "只有站点管理员能管理站点管理员 / only site admins manage site admins");
  const held = await db
    .select({ path: orgs.path })
    .from(userRoles)
    .innerJoin(orgs, eq(orgs.id, userRoles.orgId))
    .where(eq(userRoles.userId, userId));
  assertCan(
    held.length > 0 && held.every((grant) => canAdminister(actor, grant.path)),
    "该用户在您管理范围之外也有角色 / the user holds roles outside your orgs",
  );
  return user;
}

/** Disables a user (they can no longer sign in or use tokens) or enables them again. */
export async function setUserDisabled(
  db: Db,
  actor: Actor,
  input: { userId: number; disabled: boolean },
): Promise<void> {
  await assertManagesUser(db, actor, input.userId);
  await db.update(users).set({ disabled: input.disabled }).where(eq(users.id, input.userId));
}

/** Sets a new password (argon2id), e.g. for a user who forgot theirs; the admin tells them out of band. */
export async function resetPassword(db: Db, actor: Actor, input: { userId: number; password: string }): Promise<void> {
  const password = parseInput(
    z.string().min(8, "密码至少 8 位 / password of 8 characters at least").max(256),
    input.password,
  );
  await assertManagesUser(db, actor, input.userId);
  await db
    .update(users)
    .set({ passwordHash: await hash(password) })
    .where(eq(users.id, input.userId));
}

/** Takes a role at an org away; the actor must administer the org. */
export async function revokeRole(
  db: Db,
  grant: z.input<typeof RoleGrantSchema> & { userId: number },
  options: { actor?: Actor } = {},
): Promise<void> {
  const data = parseInput(RoleGrantSchema, grant);
  const [org] = await db.select().from(orgs).where(eq(orgs.id, data.orgId));
  if (!org) throw new NotFound(`组织 #${data.orgId} `);
  if (options.actor) assertCan(canAdminister(options.actor, org.path));
  const removed = await db
    .delete(userRoles)
    .where(and(eq(userRoles.userId, grant.userId), eq(userRoles.orgId, org.id), eq(userRoles.role, data.role)))
    .returning({ userId: userRoles.userId });
  if (removed.length === 0) throw new NotFound(`该角色 `);
}
