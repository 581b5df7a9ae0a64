import type { Database } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./access.ts";
import { draftAnswer, reviewAnswer, submitAnswer } from "./answers.ts";
import { rateCase } from "./feedback.ts";
import { submitQuestion } from "./intake.ts";
import { collectActivity, collectResponseAndSatisfaction } from "./metrics-detail.ts";
import { beijing, openSeeded, orgNamed, personAt } from "./test-support.ts";

describe.each(databaseTargets())("dashboard detail on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openSeeded(target);
  });
  afterAll(() => database.close());

  it("averages first responses, counts satisfied ratings, and splits activity by day, week and category", async () => {
    const db = database.db;
    const shenzhen = await orgNamed(db, "共青团深圳市委员会");
    const futian = await orgNamed(db, "共青团深圳市福田区委员会");
    const cadre = await personAt(db, futian.name, "cadre");
    const reviewer = await personAt(db, shenzhen.name, "reviewer");

    const ask = async (description: string, category: "rights" | "employment", at: string) =>
      (await submitQuestion(db, { description, region: "广东省", county: "福田区", category }, { now: beijing(at) }))
        .case;
    const answer = async (author: Actor, caseId: number, draftAt: string, approveAt: string) => {
      const draft = await draftAnswer(
        db,
        author,
        { caseId, body: "请向区劳动监察大队投诉。" },
        { now: beijing(draftAt) },
      );
      await submitAnswer(db, author, { answerId: draft.id }, { now: beijing(draftAt) });
      await reviewAnswer(db, reviewer, { answerId: draft.id, approve: true }, { now: beijing(approveAt) });
    };

    // first responses after 60 and 180 minutes; ratings 5 (satisfied) and 4 but "not solved" (not satisfied)
    const one = await ask("公司拖欠工资三个月怎么办？", "rights", "2025-05-05 09:00");
    await answer(cadre, one.id, "2025-05-05 10:00", "2025-05-05 11:00");
    await rateCase(db, { code: one.code, rating: 5 }, { now: beijing("2025-05-06 09:00") });
    const two = await ask("应届生找工作被收培训费合法吗？", "employment", "2025-05-13 09:00");
    await answer(cadre, two.id, "2025-05-13 12:00", "2025-05-13 15:00");
    await rateCase(db, { code: two.code, rating: 4, solved: false }, { now: beijing("2025-05-14 09:00") });
    // received in the period, not answered yet
    await ask("实习单位不给签三方协议。", "employment", "2025-05-13 16:00");

    const from = beijing("2025-05-05 00:00");
    const to = beijing("2025-05-19 00:00");
    const subtree = { orgId: shenzhen.id, path: shenzhen.path, subtree: true };

    expect(await collectResponseAndSatisfaction(db, subtree, from, to)).toEqual({
      averageFirstResponseMinutes: 120,
      ratings: 2,
      satisfied: 1,
      satisfactionRate: 0.5,
    });
    // the city's committee alone did none of it
    expect(await collectResponseAndSatisfaction(db, { ...subtree, subtree: false }, from, to)).toEqual({
      averageFirstResponseMinutes: null,
      ratings: 0,
      satisfied: 0,
      satisfactionRate: null,
    });

    const { trend: daily, categories } = await collectActivity(db, subtree, from, to, 1);
    expect(daily).toHaveLength(14);
    expect(daily[0]).toEqual({ start: "2025-05-05", received: 1, answered: 1 });
    expect(daily[8]).toEqual({ start: "2025-05-13", received: 2, answered: 1 });
    expect(daily.filter((point) => point.received > 0)).toHaveLength(2);

    expect((await collectActivity(db, subtree, from, to, 7)).trend).toEqual([
      { start: "2025-05-05", received: 1, answered: 1 },
      { start: "2025-05-12", received: 2, answered: 1 },
    ]);

    expect(categories.find((row) => row.category === "rights")).toEqual({
      category: "rights",
      received: 1,
      answered: 1,
    });
    expect(categories.find((row) => row.category === "employment")).toEqual({
      category: "employment",
      received: 2,
      answered: 1,
    });
    expect(categories.map((row) => row.category)).toEqual(["study", "employment", "rights", "relationships", "other"]);
  });
});
