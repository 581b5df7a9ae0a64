import type { Database } from "@qnzs/db";
import { createHelper } from "@qnzs/db/case-factories";
import { publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, loadActor } from "./access.ts";
import { draftAnswer, reviewAnswer, submitAnswer } from "./answers.ts";
import { assignCase } from "./assignment.ts";
import { rateCase } from "./feedback.ts";
import { submitQuestion } from "./intake.ts";
import { buildAssessmentReport, formatReportCsv, type OrgMetrics } from "./metrics.ts";
import { runSupervision } from "./supervision.ts";
import { beijing, ingestPosts, openSeeded, orgNamed, personAt } from "./test-support.ts";

describe.each(databaseTargets())("assessment on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openSeeded(target);
  });
  afterAll(() => database.close());

  it("counts activity and satisfaction per org, alone and with its subtree, for the period only", async () => {
    const db = database.db;
    const shenzhen = await orgNamed(db, "共青团深圳市委员会");
    const futian = await orgNamed(db, "共青团深圳市福田区委员会");
    const nanshan = await orgNamed(db, "共青团深圳市南山区委员会");
    const futianCadre = await personAt(db, futian.name, "cadre");
    const nanshanCadre = await personAt(db, nanshan.name, "cadre");
    const reviewer = await personAt(db, shenzhen.name, "reviewer");
    const futianHelper = await loadActor(db, (await createHelper(db, futian.id)).id);
    const nanshanHelper = await loadActor(db, (await createHelper(db, nanshan.id)).id);

    const ask = async (county: string, at: string) =>
      (
        await submitQuestion(
          db,
          { description: `我在深圳${county}，公司拖欠加班费怎么维权？`, region: "广东省", county, category: "rights" },
          { now: beijing(at) },
        )
      ).case;
    const answer = async (author: Actor, caseId: number, draftAt: string, approveAt: string) => {
      const draft = await draftAnswer(
        db,
        author,
        { caseId, body: "可向所在区劳动监察大队投诉，或申请劳动仲裁。" },
        { now: beijing(draftAt) },
      );
      await submitAnswer(db, author, { answerId: draft.id }, { now: beijing(draftAt) });
      await reviewAnswer(db, reviewer, { answerId: draft.id, approve: true }, { now: beijing(approveAt) });
      return draft;
    };

    // before the period: must not count
    const old = await ask("福田区", "2025-04-21 09:00");
    await answer(futianCadre, old.id, "2025-04-21 10:00", "2025-04-21 11:00");
    await rateCase(db, { code: old.code, rating: 1 }, { now: beijing("2025-04-22 09:00") });
    await answer(futianCadre, old.id, "2025-04-22 10:00", "2025-04-22 11:00");
    await rateCase(db, { code: old.code, rating: 3 }, { now: beijing("2025-04-23 09:00") });

    // 福田 case 1: first response after 60 min, answered on time, rated 4, closed two days after it came in
    const one = await ask("福田区", "2025-05-06 09:00");
    await assignCase(
      db,
      futianCadre,
      { caseId: one.id, helperId: futianHelper.userId },
      { now: beijing("2025-05-06 10:00") },
    );
    const published = await answer(futianHelper, one.id, "2025-05-07 09:00", "2025-05-07 10:00");
    await rateCase(db, { code: one.code, rating: 4 }, { now: beijing("2025-05-08 09:00") });
    await db.insert(publications).values({
      answerId: published.id,
      target: "portal",
      idempotencyKey: `answer-${published.id}-portal`,
      payload: {},
      status: "sent",
      sentAt: beijing("2025-05-07 11:00"),
    });

    // 福田 case 2: first response after 120 min, overdue (three working days), answered late, never rated
    const two = await ask("福田区", "2025-05-06 09:00");
    const late = await draftAnswer(
      db,
      futianCadre,
      { caseId: two.id, body: "正在核实，请稍候。这是一份草稿。" },
      { now: beijing("2025-05-06 11:00") },
    );
    await runSupervision(db, beijing("2025-05-09 10:00"));
    await submitAnswer(db, futianCadre, { answerId: late.id }, { now: beijing("2025-05-09 13:00") });
    await reviewAnswer(db, reviewer, { answerId: late.id, approve: true }, { now: beijing("2025-05-09 14:00") });

    // 南山 case 3: first response after 30 min, rated 1 (reopened), answered again, rated 5, closed after 3 days
    const three = await ask("南山区", "2025-05-12 09:00");
    await assignCase(
      db,
      nanshanCadre,
      { caseId: three.id, helperId: nanshanHelper.userId },
      { now: beijing("2025-05-12 09:30") },
    );
    await answer(nanshanHelper, three.id, "2025-05-12 14:00", "2025-05-12 15:00");
    await rateCase(db, { code: three.code, rating: 1, solved: false }, { now: beijing("2025-05-13 09:00") });
    await answer(nanshanHelper, three.id, "2025-05-14 09:00", "2025-05-14 10:00");
    await rateCase(db, { code: three.code, rating: 5 }, { now: beijing("2025-05-15 09:00") });

    // posts ingested by accounts the orgs own
    await ingestPosts(db, ["福田区青年之声一", "福田区青年之声二", "福田区青年之声三"], {
      orgId: futian.id,
      now: beijing("2025-05-10 12:00"),
    });
    await ingestPosts(db, ["深圳共青团一"], { orgId: shenzhen.id, now: beijing("2025-05-10 12:00") });
    await ingestPosts(db, ["别处的帖子"], { now: beijing("2025-05-10 12:00") });

    const report = await buildAssessmentReport(db, {
      orgId: shenzhen.id,
      from: beijing("2025-05-01 00:00"),
      to: beijing("2025-06-01 00:00"),
    });
    const futianAlone: OrgMetrics = {
      received: 2,
      answered: 2,
      answeredOnTime: 1,
      overdue: 1,
      medianFirstResponseMinutes: 90,
      medianCloseMinutes: 2 * 1440,
      ratings: 1,
      satisfactionAverage: 4,
      ratingResponseRate: 0.5,
      // three posts of its account, and the two questions asked on the portal (posts too, on its portal account)
      postsIngested: 5,
      answersPublished: 1,
    };
    const nanshanAlone: OrgMetrics = {
      received: 1,
      answered: 1,
      answeredOnTime: 1,
      overdue: 0,
      medianFirstResponseMinutes: 30,
      medianCloseMinutes: 3 * 1440,
      ratings: 2,
      satisfactionAverage: 3,
      ratingResponseRate: 1,
      // the question asked on the portal
      postsIngested: 1,
      answersPublished: 0,
    };
    expect(report.alone).toEqual({
      received: 0,
      answered: 0,
      answeredOnTime: 0,
      overdue: 0,
      medianFirstResponseMinutes: null,
      medianCloseMinutes: null,
      ratings: 0,
      satisfactionAverage: null,
      ratingResponseRate: null,
      postsIngested: 1,
      answersPublished: 0,
    });
    expect(report.withSubtree).toEqual({
      received: 3,
      answered: 3,
      answeredOnTime: 2,
      overdue: 1,
      medianFirstResponseMinutes: 60,
      medianCloseMinutes: 2.5 * 1440,
      ratings: 3,
      satisfactionAverage: 3.33,
      ratingResponseRate: 0.667,
      postsIngested: 7,
      answersPublished: 1,
    });
    const byName = Object.fromEntries(report.children.map((child) => [child.org.name, child.metrics]));
    expect(byName[futian.name]).toEqual(futianAlone);
    expect(byName[nanshan.name]).toEqual(nanshanAlone);

    const csv = formatReportCsv(report).split("\n");
    expect(csv[0]).toContain("满意度 satisfaction");
    expect(csv[2]).toBe(`${shenzhen.id},${shenzhen.name},subtree,3,3,2,1,60,3600,3,3.33,0.667,7,1`);
  });
});
