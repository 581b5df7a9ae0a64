import type { Database } from "@qnzs/db";
import { createUser } from "@qnzs/db/case-factories";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, loadActor } from "./access.ts";
import { listCalendarDays, removeCalendarDay, setCalendarDay } from "./calendar.ts";
import { addChildOrg, administersAnything, listAdministeredOrgs, renameOrg, setOrgRegion } from "./org-admin.ts";
import { addRoutingRule, decideRoute, deleteRoutingRule, listRoutingRulesFor } from "./routing.ts";
import { listSlaPolicies, removeSlaPolicy, setSlaPolicy } from "./sla.ts";
import { openSeeded, orgNamed, personAt } from "./test-support.ts";
import {
  addUser,
  grantRole,
  listManagedUsers,
  resetPassword,
  revokeRole,
  setUserDisabled,
  verifyPassword,
} from "./users.ts";

describe.each(databaseTargets())("administration on $name", (target) => {
  let database: Database;
  let siteAdmin: Actor;
  let chengduAdmin: Actor;
  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    siteAdmin = await loadActor(db, (await createUser(db, { isAdmin: true })).id);
    chengduAdmin = await personAt(db, "共青团成都市委员会", "admin", "成都管理员");
  });
  afterAll(() => database.close());

  it("shows an org admin only their subtree, and finds orgs by name or region code", async () => {
    const db = database.db;
    const mine = await listAdministeredOrgs(db, chengduAdmin);
    expect(mine[0]?.name).toBe("共青团成都市委员会");
    expect(mine.map((org) => org.name)).toContain("共青团成都市武侯区委员会");
    expect(mine.map((org) => org.name)).not.toContain("共青团绵阳市委员会");
    expect((await listAdministeredOrgs(db, chengduAdmin, { q: "510107" })).map((org) => org.name)).toEqual([
      "共青团成都市武侯区委员会",
    ]);
    const all = await listAdministeredOrgs(db, siteAdmin, { q: "绵阳" });
    expect(all.map((org) => org.name)).toContain("共青团绵阳市委员会");
    const cadre = await personAt(db, "共青团成都市委员会", "cadre");
    expect(administersAnything(cadre)).toBe(false);
    expect(await listAdministeredOrgs(db, cadre)).toEqual([]);
  });

  it("adds a county under a city, inheriting the place, and refuses it outside the admin's subtree", async () => {
    const db = database.db;
    const chengdu = await orgNamed(db, "共青团成都市委员会");
    const county = await addChildOrg(db, chengduAdmin, {
      parentId: chengdu.id,
      name: "共青团成都市新津区委员会",
      level: "county",
      regionCode: "510118",
      county: "新津区",
    });
    expect(county).toMatchObject({
      region: "四川省",
      city: "成都市",
      county: "新津区",
      path: `${chengdu.path}${county.id}/`,
    });
    const route = await decideRoute(db, {
      region: "四川省",
      city: "成都市",
      county: "新津区",
      category: null,
      text: "",
    });
    expect(route.org.id).toBe(county.id);

    const mianyang = await orgNamed(db, "共青团绵阳市委员会");
    await expect(
      addChildOrg(db, chengduAdmin, { parentId: mianyang.id, name: "共青团绵阳市安州区委员会", level: "county" }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      addChildOrg(db, chengduAdmin, { parentId: chengdu.id, name: "共青团成都市新津区委员会", level: "county" }),
    ).rejects.toMatchObject({ status: 409 });
  });

  it("lets an org admin rename and re-code the orgs below theirs, not their own", async () => {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const renamed = await renameOrg(db, chengduAdmin, { orgId: wuhou.id, name: "共青团成都市武侯区委" });
    expect(renamed.name).toBe("共青团成都市武侯区委");
    const recoded = await setOrgRegion(db, chengduAdmin, { orgId: wuhou.id, regionCode: "510107", county: "武侯区" });
    expect(recoded).toMatchObject({ regionCode: "510107", county: "武侯区", region: null });
    await setOrgRegion(db, siteAdmin, {
      orgId: wuhou.id,
      regionCode: "510107",
      region: "四川省",
      city: "成都市",
      county: "武侯区",
    });
    const chengdu = await orgNamed(db, "共青团成都市委员会");
    await expect(renameOrg(db, chengduAdmin, { orgId: chengdu.id, name: "成都团市委" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(setOrgRegion(db, chengduAdmin, { orgId: wuhou.id, regionCode: "51" })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("keeps an org admin's user management inside their subtree", async () => {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委");
    const mianyang = await orgNamed(db, "共青团绵阳市委员会");
    const user = await addUser(
      db,
      {
        username: "wuhou-cadre",
        displayName: "武侯干部",
        password: "first-pass-1",
        roles: [{ orgId: wuhou.id, role: "cadre" }],
      },
      { actor: chengduAdmin },
    );
    await expect(
      addUser(db, { username: "boss", password: "first-pass-1", isAdmin: true }, { actor: chengduAdmin }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      grantRole(db, { userId: user.id, orgId: mianyang.id, role: "cadre" }, { actor: chengduAdmin }),
    ).rejects.toMatchObject({ status: 403 });

    const listed = await listManagedUsers(db, chengduAdmin, { q: "武侯" });
    expect(listed.map((row) => row.username)).toEqual(["wuhou-cadre"]);
    expect(listed[0]).not.toHaveProperty("passwordHash");
    expect(listed[0]?.roles).toEqual([expect.objectContaining({ orgId: wuhou.id, role: "cadre" })]);
    expect((await listManagedUsers(db, chengduAdmin)).map((row) => row.username)).not.toContain(siteAdmin.username);

    await resetPassword(db, chengduAdmin, { userId: user.id, password: "second-pass-2" });
    expect(await verifyPassword(db, "wuhou-cadre", "second-pass-2")).toBe(user.id);
    await setUserDisabled(db, chengduAdmin, { userId: user.id, disabled: true });
    expect(await verifyPassword(db, "wuhou-cadre", "second-pass-2")).toBeNull();
    await setUserDisabled(db, chengduAdmin, { userId: user.id, disabled: false });

    // a role outside the admin's subtree puts the person beyond their reach
    await grantRole(db, { userId: user.id, orgId: mianyang.id, role: "reviewer" }, { actor: siteAdmin });
    await expect(setUserDisabled(db, chengduAdmin, { userId: user.id, disabled: true })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      revokeRole(db, { userId: user.id, orgId: mianyang.id, role: "reviewer" }, { actor: chengduAdmin }),
    ).rejects.toMatchObject({ status: 403 });
    await revokeRole(db, { userId: user.id, orgId: mianyang.id, role: "reviewer" }, { actor: siteAdmin });
    await revokeRole(db, { userId: user.id, orgId: wuhou.id, role: "cadre" }, { actor: chengduAdmin });
    expect((await loadActor(db, user.id)).roles).toEqual([]);
    await expect(setUserDisabled(db, siteAdmin, { userId: siteAdmin.userId, disabled: true })).rejects.toMatchObject({
      status: 400,
    });
  });

  it("lists the routing rules an admin administers and deletes them", async () => {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委");
    const guangzhou = await orgNamed(db, "共青团广州市委员会");
    const mine = await addRoutingRule(db, chengduAdmin, {
      region: "四川省",
      category: "employment",
      keyword: "实习",
      targetOrgId: wuhou.id,
    });
    const theirs = await addRoutingRule(db, siteAdmin, { region: "广东省", targetOrgId: guangzhou.id });
    const listed = await listRoutingRulesFor(db, chengduAdmin);
    expect(listed.map((rule) => rule.id)).toEqual([mine.id]);
    expect(listed[0]?.targetOrgName).toBe("共青团成都市武侯区委");
    await expect(deleteRoutingRule(db, chengduAdmin, theirs.id)).rejects.toMatchObject({ status: 403 });
    await deleteRoutingRule(db, chengduAdmin, mine.id);
    expect(await listRoutingRulesFor(db, chengduAdmin)).toEqual([]);
    expect((await listRoutingRulesFor(db, siteAdmin)).map((rule) => rule.id)).toContain(theirs.id);
  });

  it("lists deadlines with the defaults a configured policy overrides, and falls back when it is removed", async () => {
    const db = database.db;
    await setSlaPolicy(db, {
      category: "study",
      priority: "normal",
      dueMinutes: 960,
      warnMinutes: 240,
      escalateEveryMinutes: 480,
    });
    await setSlaPolicy(db, { priority: "high", dueMinutes: 240, warnMinutes: 60, escalateEveryMinutes: 240 });
    const policies = await listSlaPolicies(db);
    const study = policies.find((policy) => policy.category === "study");
    expect(study).toMatchObject({ dueMinutes: 960, overridden: false });
    expect(policies.find((policy) => policy.id === null && policy.priority === "high")?.overridden).toBe(true);
    await removeSlaPolicy(db, study!.id!);
    const after = await listSlaPolicies(db);
    expect(after.some((policy) => policy.category === "study")).toBe(false);
    await expect(removeSlaPolicy(db, study!.id!)).rejects.toMatchObject({ status: 404 });
  });

  it("lists holidays and make-up working days of a year in date order", async () => {
    const db = database.db;
    await setCalendarDay(db, { day: "2031-05-01", kind: "holiday", name: "劳动节" });
    await setCalendarDay(db, { day: "2031-04-27", kind: "workday", name: "劳动节调休" });
    expect(await listCalendarDays(db, { from: "2031-01-01", to: "2031-12-31" })).toEqual([
      { day: "2031-04-27", kind: "workday", name: "劳动节调休" },
      { day: "2031-05-01", kind: "holiday", name: "劳动节" },
    ]);
    await removeCalendarDay(db, "2031-04-27");
    expect(await listCalendarDays(db, { from: "2031-01-01", to: "2031-12-31" })).toHaveLength(1);
  });
});
