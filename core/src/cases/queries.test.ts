import type { Database } from "@qnzs/db";
import { createCaseRow, createHelper } from "@qnzs/db/case-factories";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./access.ts";
import { countCases, listCases, summarizeOverdueByOrg } from "./queries.ts";
import { beijing, openSeeded, orgNamed, personAt } from "./test-support.ts";

const HOUR = 3_600_000;

describe.each(databaseTargets())("case queues on $name", (target) => {
  let database: Database;
  let wuhouCadre: Actor;
  let sichuanCadre: Actor;
  const now = beijing("2026-11-27 10:00");
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const jinjiang = await orgNamed(db, "共青团成都市锦江区委员会");
    wuhouCadre = await personAt(db, wuhou.name, "cadre");
    sichuanCadre = await personAt(db, "共青团四川省委员会", "cadre");
    const helper = await createHelper(db, wuhou.id, { type: "expert", categories: ["study"], capacity: 5 });
    const at = (hours: number) => new Date(now.getTime() + hours * HOUR);
    const make = async (name: string, values: Parameters<typeof createCaseRow>[1]) => {
      ids[name] = (await createCaseRow(db, { title: name, ...values })).id;
    };
    await make("due-in-3h", { orgId: wuhou.id, dueAt: at(3) });
    await make("due-in-30h", { orgId: wuhou.id, dueAt: at(30) });
    await make("overdue-2h", { orgId: wuhou.id, dueAt: at(-2) });
    await make("overdue-escalated", {
      orgId: wuhou.id,
      dueAt: at(-30),
      escalationLevel: 1,
      supervisorOrgId: (await orgNamed(db, "共青团成都市委员会")).id,
    });
    await make("urgent-assigned", {
      orgId: wuhou.id,
      urgent: true,
      status: "assigned",
      assigneeId: helper.id,
      dueAt: at(0.5),
    });
    await make("answered-due-soon", { orgId: wuhou.id, status: "answered", dueAt: at(2) });
    await make("jinjiang-overdue", { orgId: jinjiang.id, dueAt: at(-5) });
  });
  afterAll(() => database.close());

  const titles = async (actor: Actor, filters: Parameters<typeof listCases>[2]) =>
    (await listCases(database.db, actor, filters, { now })).items.map((item) => item.title).sort();

  it("lists as due soon the open cases due within the window, never the overdue or answered ones", async () => {
    expect(await titles(wuhouCadre, { dueWithinHours: 24 })).toEqual(["due-in-3h", "urgent-assigned"]);
    expect(await titles(wuhouCadre, { dueWithinHours: 48 })).toEqual(["due-in-30h", "due-in-3h", "urgent-assigned"]);
  });

  it("filters urgent and unassigned cases in the database, counting every match", async () => {
    const urgent = await listCases(database.db, wuhouCadre, { urgent: true }, { now });
    expect(urgent.items.map((item) => item.title)).toEqual(["urgent-assigned"]);
    expect(urgent.total).toBe(1);
    expect(await titles(wuhouCadre, { unassigned: true, status: ["new", "routed", "assigned", "answering"] })).toEqual([
      "due-in-30h",
      "due-in-3h",
      "overdue-2h",
      "overdue-escalated",
    ]);
    // one page of one still reports the whole count
    const page = await listCases(database.db, wuhouCadre, { unassigned: true, limit: 1 }, { now });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(5);
  });

  it("lists escalated cases and keeps every queue inside the actor's area", async () => {
    expect(await titles(wuhouCadre, { escalated: true })).toEqual(["overdue-escalated"]);
    expect(await titles(wuhouCadre, { overdue: true })).toEqual(["overdue-2h", "overdue-escalated"]);
    expect(await titles(sichuanCadre, { overdue: true })).toEqual([
      "jinjiang-overdue",
      "overdue-2h",
      "overdue-escalated",
    ]);
  });

  it("counts overdue cases per holding org for the supervision board", async () => {
    const board = await summarizeOverdueByOrg(database.db, sichuanCadre, { now });
    expect(board.map((row) => [row.orgName, row.overdue, row.escalated])).toEqual([
      ["共青团成都市武侯区委员会", 2, 1],
      ["共青团成都市锦江区委员会", 1, 0],
    ]);
    expect(board[0]!.oldestDueAt).toEqual(new Date(now.getTime() - 30 * HOUR));
    const own = await summarizeOverdueByOrg(database.db, wuhouCadre, { now });
    expect(own.map((row) => row.orgName)).toEqual(["共青团成都市武侯区委员会"]);
  });

  it("counts every queue in one go, agreeing with the lists", async () => {
    const open = ["new", "routed", "assigned", "answering"] as const;
    const queues = {
      dueSoon: { dueWithinHours: 24 },
      overdue: { overdue: true },
      urgent: { urgent: true, status: [...open] },
      unassigned: { unassigned: true, status: [...open] },
      all: {},
    };
    const counts = await countCases(database.db, wuhouCadre, queues, { now });
    expect(counts).toEqual({ dueSoon: 2, overdue: 2, urgent: 1, unassigned: 4, all: 6 });
    for (const [name, filters] of Object.entries(queues)) {
      expect((await listCases(database.db, wuhouCadre, filters, { now })).total, name).toBe(
        counts[name as keyof typeof queues],
      );
    }
  });
});
