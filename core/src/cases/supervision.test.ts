import type { Database } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./access.ts";
import { draftAnswer, reviewAnswer, submitAnswer } from "./answers.ts";
import { setCalendarDay } from "./calendar.ts";
import { loadCase } from "./case-store.ts";
import { submitQuestion } from "./intake.ts";
import { setSlaPolicy } from "./sla.ts";
import { runSupervision } from "./supervision.ts";
import { beijing, openSeeded, orgNamed, personAt } from "./test-support.ts";
import { readTimeline } from "./timeline.ts";

describe.each(databaseTargets())("deadlines and supervision on $name", (target) => {
  let database: Database;
  let cadre: Actor;
  let reviewer: Actor;
  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    cadre = await personAt(db, "共青团广州市天河区委员会", "cadre");
    reviewer = await personAt(db, "共青团广州市天河区委员会", "reviewer");
  });
  afterAll(() => database.close());

  const ask = (description: string, now: Date, category: "rights" | "study" = "rights") =>
    submitQuestion(database.db, { description, region: "广东省", county: "天河区", category }, { now });

  it("sets due dates in working time across 国庆 and its 调休 Saturday", async () => {
    // a rights question has three working days: 30 Sep 16:00 → 11 Oct (a make-up Saturday) 16:00
    const { case: row } = await ask("天河区的公司不给签劳动合同怎么办？", beijing("2025-09-30 16:00"));
    expect(row.dueAt).toEqual(beijing("2025-10-11 16:00"));
    // warned one working day before: 10 Oct 16:00
    expect(row.warnAt).toEqual(beijing("2025-10-10 16:00"));
    const routed = (await readTimeline(database.db, row.id)).find((entry) => entry.type === "routed");
    expect(routed!.data).toMatchObject({ dueAt: beijing("2025-10-11 16:00").toISOString() });
  });

  it("follows the calendar as configured: a new holiday moves later deadlines", async () => {
    // 2025-12-31 is an ordinary Wednesday; declaring it a holiday pushes a deadline by a day
    const before = (await ask("天河区实习单位扣押身份证合法吗？", beijing("2025-12-29 09:00"))).case;
    expect(before.dueAt).toEqual(beijing("2025-12-31 18:00"));
    await setCalendarDay(database.db, { day: "2025-12-31", kind: "holiday", name: "测试假日" });
    const after = (await ask("天河区实习单位不发实习工资合法吗？", beijing("2025-12-29 09:00"))).case;
    // 29, 30 Dec; 1–3 Jan are 元旦, and Sunday 4 Jan is its make-up working day
    expect(after.dueAt).toEqual(beijing("2026-01-04 18:00"));
  });

  it("uses a configured policy over the built-in one", async () => {
    await setSlaPolicy(database.db, {
      category: "study",
      priority: "normal",
      dueMinutes: 120,
      warnMinutes: 30,
      escalateEveryMinutes: 60,
    });
    const { case: row } = await ask("天河区哪里有免费的自习室？", beijing("2025-03-03 17:00"), "study");
    expect(row.dueAt).toEqual(beijing("2025-03-04 10:00"));
    // setting it again replaces it
    await setSlaPolicy(database.db, {
      category: "study",
      priority: "normal",
      dueMinutes: 60,
      warnMinutes: 30,
      escalateEveryMinutes: 60,
    });
    const { case: next } = await ask("天河区图书馆周末开门吗？", beijing("2025-03-03 17:00"), "study");
    expect(next.dueAt).toEqual(beijing("2025-03-03 18:00"));
  });

  it("warns, then escalates an overdue case one level at a time up to 团中央, and no further", async () => {
    const db = database.db;
    const tianhe = await orgNamed(db, "共青团广州市天河区委员会");
    const guangzhou = await orgNamed(db, "共青团广州市委员会");
    const guangdong = await orgNamed(db, "共青团广东省委员会");
    const central = await orgNamed(db, "共青团中央");
    const { case: row } = await ask("天河区用人单位不交社保怎么投诉？", beijing("2025-03-03 09:00"));
    expect(row.dueAt).toEqual(beijing("2025-03-05 18:00"));

    await runSupervision(db, beijing("2025-03-04 17:59"));
    expect((await loadCase(db, row.id)).row.warnedAt).toBeNull();
    await runSupervision(db, beijing("2025-03-04 18:00"));
    expect((await loadCase(db, row.id)).row.warnedAt).toEqual(beijing("2025-03-04 18:00"));

    const levels: [number, number | null][] = [];
    for (const at of [
      "2025-03-05 18:01",
      "2025-03-06 09:00",
      "2025-03-06 18:30",
      "2025-03-07 18:30",
      "2025-03-10 18:30",
      "2025-03-11 18:30",
    ]) {
      await runSupervision(db, beijing(at));
      const { row: current } = await loadCase(db, row.id);
      levels.push([current.escalationLevel, current.supervisorOrgId]);
    }
    expect(levels).toEqual([
      [1, guangzhou.id], // overdue: the parent supervises
      [1, guangzhou.id], // a working day has not passed since
      [2, guangdong.id],
      [3, central.id],
      [3, central.id], // 团中央 is the top
      [3, central.id],
    ]);
    const timeline = await readTimeline(db, row.id);
    expect(timeline.filter((entry) => entry.type === "due_warning")).toHaveLength(1);
    expect(timeline.filter((entry) => entry.type === "overdue")).toHaveLength(1);
    expect(
      timeline.filter((entry) => entry.type === "escalated").map((entry) => [entry.fromOrgId, entry.toOrgId]),
    ).toEqual([
      [tianhe.id, guangzhou.id],
      [guangzhou.id, guangdong.id],
      [guangdong.id, central.id],
    ]);
  });

  it("stops the clock once answered, closes unrated answers after a week and archives a month later", async () => {
    const db = database.db;
    const { case: row } = await ask("天河区试用期被辞退有没有补偿？", beijing("2025-03-03 09:00"));
    const answer = await draftAnswer(
      db,
      cadre,
      { caseId: row.id, body: "试用期内被无故辞退可要求补偿，可向天河区劳动监察大队投诉。" },
      { now: beijing("2025-03-03 10:00") },
    );
    await submitAnswer(db, cadre, { answerId: answer.id }, { now: beijing("2025-03-03 10:05") });
    await reviewAnswer(db, reviewer, { answerId: answer.id, approve: true }, { now: beijing("2025-03-03 11:00") });

    await runSupervision(db, beijing("2025-03-09 12:00"));
    expect((await loadCase(db, row.id)).row).toMatchObject({ status: "answered", escalationLevel: 0, overdueAt: null });
    await runSupervision(db, beijing("2025-03-10 12:00"));
    expect((await loadCase(db, row.id)).row).toMatchObject({ status: "closed", closedAt: beijing("2025-03-10 12:00") });
    await runSupervision(db, beijing("2025-04-10 12:00"));
    expect((await loadCase(db, row.id)).row.status).toBe("archived");
    const types = (await readTimeline(db, row.id)).map((entry) => entry.type);
    expect(types.slice(-2)).toEqual(["closed", "archived"]);
  });
});
