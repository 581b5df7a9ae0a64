import type { Database } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadActor } from "./access.ts";
import { openSeeded, orgNamed } from "./test-support.ts";
import {
  addUser,
  authenticateToken,
  createApiToken,
  createFirstAdmin,
  hasAdmin,
  hashToken,
  revokeApiToken,
  verifyPassword,
} from "./users.ts";

describe.each(databaseTargets())("people on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openSeeded(target);
  });
  afterAll(() => database.close());

  it("has no accounts until the first admin is made, and makes only one that way", async () => {
    const db = database.db;
    expect(await hasAdmin(db)).toBe(false);
    const admin = await createFirstAdmin(db, { username: "admin", password: "correct horse battery" });
    expect(admin).toMatchObject({ username: "admin", isAdmin: true });
    expect(admin).not.toHaveProperty("passwordHash");
    await expect(createFirstAdmin(db, { username: "admin2", password: "another password" })).rejects.toMatchObject({
      status: 409,
    });
    expect(await verifyPassword(db, "admin", "correct horse battery")).toBe(admin.id);
    expect(await verifyPassword(db, "admin", "wrong password")).toBeNull();
    const [stored] = await queryRows<{ password_hash: string }>(
      db,
      sql`select password_hash from users where id = ${admin.id}`,
    );
    expect(stored!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it("adds cadres and helpers with their roles, type, categories and capacity", async () => {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const helper = await addUser(db, {
      username: "liu.laoshi",
      displayName: "刘老师",
      roles: [{ orgId: wuhou.id, role: "helper" }],
      helper: { type: "expert", categories: ["employment", "rights"], capacity: 5 },
    });
    const actor = await loadActor(db, helper.id);
    expect(actor.helper).toEqual({ type: "expert", categories: ["employment", "rights"], capacity: 5 });
    expect(actor.roles).toEqual([{ orgId: wuhou.id, orgPath: wuhou.path, role: "helper" }]);

    await expect(addUser(db, { username: "liu.laoshi" })).rejects.toMatchObject({ status: 409 });
    // a helper profile needs a helper role, and the other way round
    await expect(
      addUser(db, { username: "x1", helper: { type: "peer", categories: ["study"], capacity: 1 } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(addUser(db, { username: "x2", roles: [{ orgId: wuhou.id, role: "helper" }] })).rejects.toMatchObject({
      status: 400,
    });
    await expect(addUser(db, { username: "x3", roles: [{ orgId: 999_999, role: "cadre" }] })).rejects.toMatchObject({
      status: 404,
    });
  });

  it("lets an org admin add people in their subtree only, and never site admins", async () => {
    const db = database.db;
    const chengdu = await orgNamed(db, "共青团成都市委员会");
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const guangzhou = await orgNamed(db, "共青团广州市委员会");
    const orgAdmin = await loadActor(
      db,
      (await addUser(db, { username: "cd.admin", roles: [{ orgId: chengdu.id, role: "admin" }] })).id,
    );
    const added = await addUser(
      db,
      { username: "wh.cadre", roles: [{ orgId: wuhou.id, role: "cadre" }] },
      { actor: orgAdmin },
    );
    expect(added.username).toBe("wh.cadre");
    await expect(
      addUser(db, { username: "gz.cadre", roles: [{ orgId: guangzhou.id, role: "cadre" }] }, { actor: orgAdmin }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(addUser(db, { username: "sneaky", isAdmin: true }, { actor: orgAdmin })).rejects.toMatchObject({
      status: 403,
    });
    const [count] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from users where username in ('gz.cadre', 'sneaky')`,
    );
    expect(count!.n).toBe(0);
  });

  it("creates API tokens shown once and stored only as a hash; revoked tokens stop working", async () => {
    const db = database.db;
    const { token, id, userId } = await createApiToken(db, { username: "liu.laoshi", name: "console" });
    expect(token).toMatch(/^qnzs_[A-Za-z0-9_-]{43}$/);
    const rows = await queryRows<{ token_hash: string }>(db, sql`select token_hash from api_tokens where id = ${id}`);
    expect(rows[0]!.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect((await authenticateToken(db, token))?.userId).toBe(userId);
    expect(await authenticateToken(db, `${token}x`)).toBeNull();
    await revokeApiToken(db, id);
    expect(await authenticateToken(db, token)).toBeNull();
    await expect(createApiToken(db, { username: "nobody" })).rejects.toMatchObject({ status: 404 });
  });
});
