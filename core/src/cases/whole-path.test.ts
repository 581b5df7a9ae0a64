/**
 * The "must show", at the domain level: posts → case → routed to the right county → transferred → sent
 * back → reassignment requested and approved by the parent → assigned to an expert within capacity → overdue →
 * escalated → answered → rated 2 → reopened → answered → rated 5 → archived, with the complete timeline.
 */
import type { Database } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { createCaseRow, createHelper } from "@qnzs/db/case-factories";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, loadActor } from "./access.ts";
import { draftAnswer, makeAnswerPublic, reviewAnswer, submitAnswer } from "./answers.ts";
import { assignCase } from "./assignment.ts";
import { archiveCase, rateCase } from "./feedback.ts";
import { convertPostsToCase } from "./intake.ts";
import { findPublicCase, getCase, getCaseTimeline, listCases, searchPublicAnswers } from "./queries.ts";
import { runSupervision } from "./supervision.ts";
import { beijing, ingestPosts, openSeeded, orgNamed, personAt } from "./test-support.ts";
import { decideReassignment, requestReassignment, returnCase, transferCase } from "./transfer.ts";

describe.each(databaseTargets())("the whole path of a case on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await openSeeded(target);
  });
  afterAll(() => database.close());

  it("goes from two posts to an archived, rated case with a complete timeline nobody can edit", async () => {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const jinjiang = await orgNamed(db, "共青团成都市锦江区委员会");
    const qingyang = await orgNamed(db, "共青团成都市青羊区委员会");
    const chengdu = await orgNamed(db, "共青团成都市委员会");
    const sichuan = await orgNamed(db, "共青团四川省委员会");
    const wuhouCadre = await personAt(db, wuhou.name, "cadre", "武侯区团委 王干事");
    const jinjiangCadre = await personAt(db, jinjiang.name, "cadre", "锦江区团委 李干事");
    const qingyangCadre = await personAt(db, qingyang.name, "cadre", "青羊区团委 赵干事");
    const chengduCadre = await personAt(db, chengdu.name, "cadre", "成都团市委 陈部长");
    const reviewer = await personAt(db, qingyang.name, "reviewer", "青羊区团委 审核员");
    await personAt(db, sichuan.name, "cadre", "团省委 督办员");
    // two 专帮青 of 青羊区 for employment: one already holds as many cases as they can
    const busyExpert = await createHelper(
      db,
      qingyang.id,
      { type: "expert", categories: ["employment"], capacity: 1 },
      "忙碌的专家",
    );
    await createCaseRow(db, {
      orgId: qingyang.id,
      category: "employment",
      status: "assigned",
      assigneeId: busyExpert.id,
    });
    const expertUser = await createHelper(
      db,
      qingyang.id,
      { type: "expert", categories: ["employment"], capacity: 2 },
      "创业导师 刘老师",
    );
    const expert: Actor = await loadActor(db, expertUser.id);

    // 1. the same question on Weibo and on WeChat
    const text = "我在成都武侯区，毕业两年了，想申请创业担保贷款，需要什么条件？";
    const [weiboPost] = await ingestPosts(db, [text], { kind: "weibo" });
    const [wechatPost] = await ingestPosts(db, [`${text}谢谢`], { kind: "wechat" });

    // 2. a cadre converts both into one case, which routing sends to 武侯区
    let row = await convertPostsToCase(
      db,
      wuhouCadre,
      { postIds: [weiboPost!, wechatPost!] },
      { now: beijing("2025-09-01 10:00") },
    );
    expect(row).toMatchObject({ status: "routed", orgId: wuhou.id, county: "武侯区", category: "employment" });
    expect(row.dueAt).toEqual(beijing("2025-09-08 10:00")); // five working days
    const caseId = row.id;

    // 3. transferred to 锦江区 …
    row = await transferCase(
      db,
      wuhouCadre,
      { caseId, toOrgId: jinjiang.id, reason: "当事人创业地在锦江区" },
      { now: beijing("2025-09-01 11:00") },
    );
    expect(row.orgId).toBe(jinjiang.id);
    // 4. … which sends it back
    row = await returnCase(
      db,
      jinjiangCadre,
      { caseId, reason: "经核实户籍与创业地均在武侯区" },
      { now: beijing("2025-09-01 14:00") },
    );
    expect(row.orgId).toBe(wuhou.id);

    // 5. 武侯区 asks 成都 to reassign; only the parent may approve
    const request = await requestReassignment(
      db,
      wuhouCadre,
      { caseId, reason: "本区无创业贷款专岗，建议改派青羊区创业服务中心", suggestedOrgId: qingyang.id },
      { now: beijing("2025-09-02 10:00") },
    );
    await expect(decideReassignment(db, wuhouCadre, { requestId: request.id, approve: true })).rejects.toMatchObject({
      status: 403,
    });
    await expect(decideReassignment(db, jinjiangCadre, { requestId: request.id, approve: true })).rejects.toMatchObject(
      { status: 403 },
    );
    row = await decideReassignment(
      db,
      chengduCadre,
      { requestId: request.id, approve: true, note: "同意改派青羊区" },
      { now: beijing("2025-09-02 15:00") },
    );
    expect(row.orgId).toBe(qingyang.id);

    // 6. assigned by category and capacity: the busy expert is passed over
    await expect(
      assignCase(db, qingyangCadre, { caseId, helperId: busyExpert.id }, { now: beijing("2025-09-03 10:00") }),
    ).rejects.toMatchObject({ status: 409 });
    row = await assignCase(db, qingyangCadre, { caseId }, { now: beijing("2025-09-03 10:00") });
    expect(row).toMatchObject({ status: "assigned", assigneeId: expert.userId });
    // the expert now sees the case; nobody else at 青羊区 is a helper of it
    expect((await getCase(db, expert, caseId)).case.id).toBe(caseId);

    // 7. supervision: a warning a working day ahead, then overdue and escalated one level at a time
    expect(await runSupervision(db, beijing("2025-09-05 10:30"))).toMatchObject({ warned: 1, escalated: 0 });
    expect(await runSupervision(db, beijing("2025-09-08 10:30"))).toMatchObject({ overdue: 1, escalated: 1 });
    row = (await getCase(db, qingyangCadre, caseId)).case;
    expect(row).toMatchObject({ escalationLevel: 1, supervisorOrgId: chengdu.id });
    expect((await listCases(db, chengduCadre, { supervisedByMe: true })).items.map((item) => item.id)).toEqual([
      caseId,
    ]);
    // running again at once changes nothing: the next level is a working day away
    expect(await runSupervision(db, beijing("2025-09-08 10:31"))).toMatchObject({ overdue: 0, escalated: 0 });
    expect(await runSupervision(db, beijing("2025-09-09 11:00"))).toMatchObject({ escalated: 1 });
    row = (await getCase(db, qingyangCadre, caseId)).case;
    expect(row).toMatchObject({ escalationLevel: 2, supervisorOrgId: sichuan.id });

    // 8. answered: the expert drafts, the reviewer approves
    const first = await draftAnswer(
      db,
      expert,
      { caseId, body: "可向青羊区人社局申请创业担保贷款，需营业执照和身份证。" },
      { now: beijing("2025-09-09 14:00") },
    );
    await submitAnswer(db, expert, { answerId: first.id }, { now: beijing("2025-09-09 14:05") });
    await expect(reviewAnswer(db, expert, { answerId: first.id, approve: true })).rejects.toMatchObject({
      status: 403,
    });
    const approved = await reviewAnswer(
      db,
      reviewer,
      { answerId: first.id, approve: true },
      { now: beijing("2025-09-09 15:00") },
    );
    expect(approved.case.status).toBe("answered");

    // 9. rated 2 by the asker, by code: the case reopens with the same expert and a fresh deadline
    const code = row.code;
    row = await rateCase(
      db,
      { code: code.toLowerCase(), rating: 2, comment: "没说清楚去哪里办" },
      { now: beijing("2025-09-10 09:00") },
    );
    expect(row).toMatchObject({
      status: "assigned",
      assigneeId: expert.userId,
      escalationLevel: 0,
      reopenCount: 1,
      rating: 2,
    });
    expect(row.dueAt).toEqual(beijing("2025-09-16 18:00")); // five full working days from 09:00

    // 10. answered again, rated 5, closed, made a public answer, archived
    const second = await draftAnswer(
      db,
      expert,
      { caseId, body: "请携带营业执照、身份证到青羊区政务服务中心二楼人社窗口办理，咨询电话 028-12345678。" },
      { now: beijing("2025-09-10 15:00") },
    );
    await submitAnswer(db, expert, { answerId: second.id }, { now: beijing("2025-09-10 15:05") });
    await reviewAnswer(db, reviewer, { answerId: second.id, approve: true }, { now: beijing("2025-09-10 16:00") });
    row = await rateCase(db, { code, rating: 5, comment: "很清楚，谢谢" }, { now: beijing("2025-09-11 10:00") });
    expect(row.status).toBe("closed");
    await makeAnswerPublic(db, qingyangCadre, { answerId: second.id }, { now: beijing("2025-09-11 10:30") });
    row = await archiveCase(db, qingyangCadre, { caseId }, { now: beijing("2025-09-11 11:00") });
    expect(row.status).toBe("archived");

    // the timeline tells the whole story, in order, with who, where from, where to and why
    const timeline = await getCaseTimeline(db, chengduCadre, caseId);
    expect(timeline.map((entry) => entry.type)).toEqual([
      "created",
      "routed",
      "transferred",
      "returned",
      "reassignment_requested",
      "reassignment_approved",
      "assigned",
      "due_warning",
      "overdue",
      "escalated",
      "escalated",
      "answer_drafted",
      "answer_submitted",
      "answer_approved",
      "rated",
      "reopened",
      "answer_drafted",
      "answer_submitted",
      "answer_approved",
      "rated",
      "closed",
      "answer_made_public",
      "archived",
    ]);
    const moves = timeline
      .filter((entry) => entry.toOrgId !== null)
      .map((entry) => [entry.type, entry.actorName, entry.fromOrgName, entry.toOrgName, entry.reason]);
    expect(moves).toEqual([
      ["routed", null, null, wuhou.name, "按属地（四川省成都市武侯区）分派"],
      ["transferred", "武侯区团委 王干事", wuhou.name, jinjiang.name, "当事人创业地在锦江区"],
      ["returned", "锦江区团委 李干事", jinjiang.name, wuhou.name, "经核实户籍与创业地均在武侯区"],
      [
        "reassignment_requested",
        "武侯区团委 王干事",
        wuhou.name,
        chengdu.name,
        "本区无创业贷款专岗，建议改派青羊区创业服务中心",
      ],
      ["reassignment_approved", "成都团市委 陈部长", wuhou.name, qingyang.name, "同意改派青羊区"],
      ["escalated", null, qingyang.name, chengdu.name, `逾期未办结，提级至${chengdu.name}督办（第 1 级）`],
      ["escalated", null, chengdu.name, sichuan.name, `逾期未办结，提级至${sichuan.name}督办（第 2 级）`],
    ]);
    expect(timeline.find((entry) => entry.type === "assigned")!.data).toMatchObject({
      helperId: expert.userId,
      load: 1,
      capacity: 2,
    });
    expect(timeline.filter((entry) => entry.type === "answer_approved").map((entry) => entry.data!.onTime)).toEqual([
      false,
      true,
    ]);
    expect(timeline.filter((entry) => entry.type === "rated").map((entry) => entry.actorKind)).toEqual([
      "public",
      "public",
    ]);

    // both source posts, with their channels, stay linked for the answer to go back to
    const detail = await getCase(db, chengduCadre, caseId);
    expect(detail.sources.posts.map((post) => post.channel).sort()).toEqual(["wechat", "weibo"]);
    expect(detail.answers.map((answer) => answer.status)).toEqual(["approved", "approved"]);

    // archived and still found: by the cadres, on the public page by code, in the knowledge base (masked)
    expect(
      (await listCases(db, chengduCadre, { q: "创业担保贷款", status: ["archived"] })).items.map((item) => item.id),
    ).toEqual([caseId]);
    const page = await findPublicCase(db, code);
    expect(page).toMatchObject({ status: "archived", rating: 5, awaitingRating: false });
    expect(page.answer).toContain("028-****5678");
    expect((await searchPublicAnswers(db, { q: "创业担保" })).map((entry) => entry.answerId)).toEqual([second.id]);

    // the timeline cannot be edited, not even by SQL
    const before = timeline.length;
    await expect(db.execute(sql`update case_events set reason = 'edited' where case_id = ${caseId}`)).rejects.toThrow();
    await expect(db.execute(sql`delete from case_events where case_id = ${caseId}`)).rejects.toThrow();
    const [count] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from case_events where case_id = ${caseId}`,
    );
    expect(count!.n).toBe(before);
  });
});
