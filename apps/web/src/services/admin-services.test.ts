import { loadActor } from "@qnzs/core/cases/access";
import { ensureCaseSeeds } from "@qnzs/core/cases/seed";
import { createCrawlerRuntime } from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import { createUser, findOrgByName } from "@qnzs/db/case-factories";
import { createDueAccount } from "@qnzs/db/channel-factories";
import { channelAccounts } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminServices, createAdminServices } from "./admin-services.ts";

describe.each(databaseTargets())("the admin area's services on $name", (target) => {
  let database: Database;
  let admin: AdminServices;
  beforeAll(async () => {
    database = await target.open();
    await ensureCaseSeeds(database.db);
    admin = createAdminServices(database, createCrawlerRuntime(database));
  });
  afterAll(() => database?.close());

  async function orgAdminOf(name: string) {
    const org = await findOrgByName(database.db, name);
    return loadActor(database.db, (await createUser(database.db, { roles: [{ orgId: org.id, role: "admin" }] })).id);
  }

  it("shows and changes only the channel accounts of the orgs an org admin administers", async () => {
    const db = database.db;
    const chengdu = await findOrgByName(db, "共青团成都市委员会");
    const mianyang = await findOrgByName(db, "共青团绵阳市委员会");
    const ours = await createDueAccount(db, { kind: "rss", name: "成都共青团", orgId: chengdu.id });
    const theirs = await createDueAccount(db, { kind: "rss", name: "绵阳共青团", orgId: mianyang.id });
    const siteWide = await createDueAccount(db, { kind: "rss", name: "团中央要闻" });
    const chengduAdmin = await orgAdminOf("共青团成都市委员会");

    expect((await admin.channels.list(chengduAdmin)).map((account) => account.name)).toEqual(["成都共青团"]);
    expect(await admin.channels.setPaused(chengduAdmin, { accountId: ours.id, paused: true })).toEqual({
      ok: true,
      value: undefined,
    });
    for (const accountId of [theirs.id, siteWide.id]) {
      expect(await admin.channels.setPaused(chengduAdmin, { accountId, paused: true })).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(await admin.channels.checkConnection(chengduAdmin, accountId)).toMatchObject({ ok: false, status: 403 });
    }
    const [untouched] = await db.select().from(channelAccounts).where(eq(channelAccounts.id, theirs.id));
    expect(untouched?.status).toBe("active");
  });

  it("adds an account from form values, sealing the secret, only for an org the admin administers", async () => {
    const db = database.db;
    const chengdu = await findOrgByName(db, "共青团成都市委员会");
    const mianyang = await findOrgByName(db, "共青团绵阳市委员会");
    const chengduAdmin = await orgAdminOf("共青团成都市委员会");
    const form: Record<string, string[]> = { secret: ["s".repeat(20)], maxSkewSeconds: [""], orgName: ["成都团市委"] };
    const input = { kind: "weibang", name: "成都微邦", schedule: null, read: (name: string) => form[name] ?? [] };
    expect(await admin.channels.add(chengduAdmin, { ...input, orgId: null })).toMatchObject({ ok: false, status: 403 });
    expect(await admin.channels.add(chengduAdmin, { ...input, orgId: mianyang.id })).toMatchObject({
      ok: false,
      status: 403,
    });
    const added = await admin.channels.add(chengduAdmin, { ...input, orgId: chengdu.id });
    expect(added).toMatchObject({ ok: true, value: { created: true } });
    const [row] = await db.select().from(channelAccounts).where(eq(channelAccounts.name, "成都微邦"));
    expect(row?.config).toEqual({ maxSkewSeconds: 300, orgName: "成都团市委" });
    expect(row?.secrets).not.toContain("s".repeat(20));
    const check = await admin.channels.checkConnection(chengduAdmin, row!.id);
    expect(check).toEqual({ ok: true, value: { outcome: "push", callbackPath: `/api/channels/${row!.id}/callback` } });
  });

  it("keeps deadlines and the calendar to site admins", async () => {
    const chengduAdmin = await orgAdminOf("共青团成都市委员会");
    const policy = { dueMinutes: 960, warnMinutes: 240, escalateEveryMinutes: 480 };
    expect(await admin.deadlines.set(chengduAdmin, policy)).toMatchObject({ ok: false, status: 403 });
    expect(await admin.calendar.set(chengduAdmin, { day: "2030-01-02", kind: "holiday", name: "假日" })).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await admin.calendar.listYear(2030)).toEqual([]);
    const cadre = await loadActor(
      database.db,
      (
        await createUser(database.db, {
          roles: [{ orgId: (await findOrgByName(database.db, "共青团成都市委员会")).id, role: "cadre" }],
        })
      ).id,
    );
    expect(admin.mayAdminister(cadre)).toBe(false);
    expect(admin.mayAdminister(chengduAdmin)).toBe(true);
  });
});
