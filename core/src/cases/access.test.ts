import type { Database, Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import { createHelper, createUser } from "@qnzs/db/case-factories";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, loadActor } from "./access.ts";
import { draftAnswer, makeAnswerPublic, reviewAnswer, submitAnswer } from "./answers.ts";
import { assignCase, claimCase, listClaimableCases } from "./assignment.ts";
import { archiveCase, closeCase, reopenCase } from "./feedback.ts";
import { convertPostsToCase, submitQuestion } from "./intake.ts";
import { mergeCases, splitCase } from "./merge.ts";
import { getCase, getCaseTimeline, listCases } from "./queries.ts";
import { ingestPosts, openSeeded, orgNamed, personAt } from "./test-support.ts";
import { requestReassignment, returnCase, transferCase } from "./transfer.ts";

/** Everything a change could touch, as JSON: equal before and after means nothing changed. */
async function snapshot(db: Db, caseIds: number[]): Promise<string> {
  const ids = sql.join(
    caseIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await queryRows(
    db,
    sql`select
      (select json_agg(c order by c.id) from cases c where c.id in (${ids})) as cases,
      (select count(*) from case_events where case_id in (${ids})) as events,
      (select json_agg(a order by a.id) from answers a where a.case_id in (${ids})) as answers,
      (select count(*) from case_posts where case_id in (${ids})) as links,
      (select count(*) from case_reassignments where case_id in (${ids})) as requests`,
  );
  return JSON.stringify(rows);
}

describe.each(databaseTargets())("access on $name", (target) => {
  let database: Database;
  let jinjiangCase: number;
  let wuhouCase: number;
  let wuhouCadre: Actor;
  let jinjiangCadre: Actor;
  let chengduCadre: Actor;
  let helper: Actor;
  let answerId: number;

  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    wuhouCadre = await personAt(db, "共青团成都市武侯区委员会", "cadre");
    jinjiangCadre = await personAt(db, "共青团成都市锦江区委员会", "cadre");
    chengduCadre = await personAt(db, "共青团成都市委员会", "cadre");
    const jinjiang = await orgNamed(db, "共青团成都市锦江区委员会");
    helper = await loadActor(
      db,
      (await createHelper(db, jinjiang.id, { categories: ["study", "other", "employment"] })).id,
    );
    const posts = await ingestPosts(db, ["我在成都锦江区，想问问专升本的报名时间？", "锦江区专升本考试在哪里考？"]);
    jinjiangCase = (await convertPostsToCase(db, jinjiangCadre, { postIds: posts, category: "study" })).id;
    const own = await submitQuestion(db, {
      description: "我在成都武侯区，想咨询青年人才公寓怎么申请",
      category: "other",
    });
    wuhouCase = own.case.id;
    const answer = await draftAnswer(db, jinjiangCadre, {
      caseId: jinjiangCase,
      body: "专升本报名一般在每年三月，请关注省教育考试院通知。",
    });
    await submitAnswer(db, jinjiangCadre, { answerId: answer.id });
    answerId = answer.id;
  });
  afterAll(() => database.close());

  it("routes the two cases to their own counties", async () => {
    const db = database.db;
    expect((await getCase(db, jinjiangCadre, jinjiangCase)).org!.name).toBe("共青团成都市锦江区委员会");
    expect((await getCase(db, wuhouCadre, wuhouCase)).org!.name).toBe("共青团成都市武侯区委员会");
  });

  it("does not let a county cadre read another county's case", async () => {
    const db = database.db;
    await expect(getCase(db, wuhouCadre, jinjiangCase)).rejects.toMatchObject({ status: 403 });
    await expect(getCaseTimeline(db, wuhouCadre, jinjiangCase)).rejects.toMatchObject({ status: 403 });
    expect((await listCases(db, wuhouCadre, {})).items.map((item) => item.id)).toEqual([wuhouCase]);
    await expect(getCase(db, wuhouCadre, 999_999)).rejects.toMatchObject({ status: 404 });
  });

  it("refuses every change by a county cadre to another county's case, and changes nothing", async () => {
    const db = database.db;
    const jinjiang = await orgNamed(db, "共青团成都市锦江区委员会");
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const before = await snapshot(db, [jinjiangCase, wuhouCase]);
    const attempts: [string, () => Promise<unknown>][] = [
      ["transfer", () => transferCase(db, wuhouCadre, { caseId: jinjiangCase, toOrgId: wuhou.id, reason: "抢过来" })],
      ["return", () => returnCase(db, wuhouCadre, { caseId: jinjiangCase, reason: "不归我们" })],
      ["reassign", () => requestReassignment(db, wuhouCadre, { caseId: jinjiangCase, reason: "申请改派" })],
      ["assign", () => assignCase(db, wuhouCadre, { caseId: jinjiangCase, helperId: helper.userId })],
      ["answer", () => draftAnswer(db, wuhouCadre, { caseId: jinjiangCase, body: "这是一条越权的答复内容" })],
      ["review", () => reviewAnswer(db, wuhouCadre, { answerId, approve: true })],
      ["publish", () => makeAnswerPublic(db, wuhouCadre, { answerId })],
      ["close", () => closeCase(db, wuhouCadre, { caseId: jinjiangCase, reason: "办结" })],
      ["reopen", () => reopenCase(db, wuhouCadre, { caseId: jinjiangCase, reason: "重办" })],
      ["archive", () => archiveCase(db, wuhouCadre, { caseId: jinjiangCase })],
      ["merge", () => mergeCases(db, wuhouCadre, { targetCaseId: wuhouCase, sourceCaseIds: [jinjiangCase] })],
      ["merge into", () => mergeCases(db, wuhouCadre, { targetCaseId: jinjiangCase, sourceCaseIds: [wuhouCase] })],
      ["split", () => splitCase(db, wuhouCadre, { caseId: jinjiangCase, postIds: [1], title: "拆分" })],
      ["link posts", () => convertPostsToCase(db, wuhouCadre, { postIds: [1], caseId: jinjiangCase })],
    ];
    const outcomes: Record<string, unknown> = {};
    for (const [name, attempt] of attempts) {
      outcomes[name] = await attempt().then(
        () => "allowed",
        (error: { status?: number }) => error.status,
      );
    }
    expect(outcomes).toEqual(Object.fromEntries(attempts.map(([name]) => [name, 403])));
    expect(await snapshot(db, [jinjiangCase, wuhouCase])).toBe(before);
    expect((await getCase(db, jinjiangCadre, jinjiangCase)).org!.id).toBe(jinjiang.id);
  });

  it("lets the parent org's cadres, who supervise the county, read and change its cases", async () => {
    const db = database.db;
    expect((await getCase(db, chengduCadre, jinjiangCase)).case.id).toBe(jinjiangCase);
    expect((await listCases(db, chengduCadre, {})).items.map((item) => item.id).sort()).toEqual(
      [jinjiangCase, wuhouCase].sort(),
    );
    const sichuanReviewer = await personAt(db, "共青团四川省委员会", "reviewer");
    expect((await getCase(db, sichuanReviewer, jinjiangCase)).case.id).toBe(jinjiangCase);
    // a reviewer reads but does not route
    const before = await snapshot(db, [jinjiangCase]);
    await expect(
      transferCase(db, sichuanReviewer, {
        caseId: jinjiangCase,
        toOrgId: chengduCadre.roles[0]!.orgId,
        reason: "试试",
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await snapshot(db, [jinjiangCase])).toBe(before);
  });

  it("shows a helper only the cases assigned to them, and lets them answer but not route those", async () => {
    const db = database.db;
    await expect(getCase(db, helper, jinjiangCase)).rejects.toMatchObject({ status: 403 });
    expect((await listCases(db, helper, {})).items).toEqual([]);
    await assignCase(db, jinjiangCadre, { caseId: jinjiangCase, helperId: helper.userId });
    expect((await getCase(db, helper, jinjiangCase)).case.assigneeId).toBe(helper.userId);
    expect((await listCases(db, helper, {})).items.map((item) => item.id)).toEqual([jinjiangCase]);
    const before = await snapshot(db, [jinjiangCase]);
    await expect(
      transferCase(db, helper, { caseId: jinjiangCase, toOrgId: chengduCadre.roles[0]!.orgId, reason: "转给市里" }),
    ).rejects.toMatchObject({ status: 403 });
    expect(await snapshot(db, [jinjiangCase])).toBe(before);
    const answer = await draftAnswer(db, helper, { caseId: jinjiangCase, body: "专升本考点一般设在成都市区各高校。" });
    expect(answer.authorId).toBe(helper.userId);
    // a helper claims an unassigned case of their own county, never one of another county
    await expect(claimCase(db, helper, { caseId: wuhouCase })).rejects.toMatchObject({ status: 403 });
    const open = await submitQuestion(db, { description: "我在成都锦江区，想问共青团员的团费标准", category: "other" });
    expect((await listClaimableCases(db, helper)).map((item) => item.id)).toEqual([open.case.id]);
    await claimCase(db, helper, { caseId: open.case.id });
    expect((await listCases(db, helper, {})).items.map((item) => item.id).sort()).toEqual(
      [jinjiangCase, open.case.id].sort(),
    );
    await expect(claimCase(db, helper, { caseId: open.case.id })).rejects.toMatchObject({ status: 409 });
  });

  it("lets a site admin see everything and a stranger nothing", async () => {
    const db = database.db;
    const admin = await loadActor(db, (await createUser(db, { isAdmin: true })).id);
    const stranger = await loadActor(db, (await createUser(db)).id);
    expect((await listCases(db, admin, {})).total).toBeGreaterThanOrEqual(2);
    expect((await listCases(db, stranger, {})).total).toBe(0);
    await expect(getCase(db, stranger, wuhouCase)).rejects.toMatchObject({ status: 403 });
  });
});
