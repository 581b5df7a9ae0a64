import type { Database } from "@qnzs/db";
import { createCadre } from "@qnzs/db/case-factories";
import { casePosts } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./access.ts";
import { draftAnswer, makeAnswerPublic, reviewAnswer, submitAnswer } from "./answers.ts";
import { loadCase } from "./case-store.ts";
import { closeCase } from "./feedback.ts";
import { submitQuestion } from "./intake.ts";
import { joinOpenCase } from "./join.ts";
import { findPublicCase, listCaseSources } from "./queries.ts";
import { findSimilarQuestions, listSimilarityTerms } from "./similar.ts";
import { openSeeded, orgNamed, personAt } from "./test-support.ts";
import { readTimeline } from "./timeline.ts";

describe.each(databaseTargets())("同问 and similar questions on $name", (target) => {
  let database: Database;
  let cadre: Actor;
  let reviewer: Actor;
  beforeAll(async () => {
    database = await openSeeded(target);
    cadre = await personAt(database.db, "共青团成都市委员会", "cadre");
    reviewer = await personAt(database.db, "共青团成都市委员会", "reviewer");
    for (const name of ["共青团成都市武侯区委员会", "共青团成都市锦江区委员会"]) {
      await createCadre(database.db, (await orgNamed(database.db, name)).id);
    }
  });
  afterAll(() => database.close());

  async function answerPublicly(caseId: number, body: string): Promise<number> {
    const db = database.db;
    const draft = await draftAnswer(db, cadre, { caseId, body });
    await submitAnswer(db, cadre, { answerId: draft.id });
    await reviewAnswer(db, reviewer, { answerId: draft.id, approve: true });
    await makeAnswerPublic(db, cadre, { answerId: draft.id });
    return draft.id;
  }

  it("suggests public answers and open cases asking much the same, masked and without codes", async () => {
    const db = database.db;
    const open = await submitQuestion(db, {
      title: "武侯区大学生创业补贴 张伟",
      description: "我在成都武侯区读大四，想开一家奶茶店，大学生创业补贴怎么申请？",
      contact: { name: "张伟", phone: "13800001111" },
    });
    const answered = await submitQuestion(db, {
      description: "请问成都市大学生创业担保贷款申请条件是什么？需要哪些材料？",
    });
    const answerId = await answerPublicly(answered.case.id, "毕业五年内的大学生可向创业地人社部门申请担保贷款。");
    await submitQuestion(db, { description: "锦江区有没有周末的志愿服务活动可以报名参加？" });

    const found = await findSimilarQuestions(db, "大学生创业补贴和创业贷款在成都怎么申请");
    expect(found.openCases).toEqual([
      expect.objectContaining({ caseId: open.case.id, title: "武侯区大学生创业补贴 张*", askers: 1 }),
    ]);
    expect(found.answers).toEqual([expect.objectContaining({ answerId })]);
    const shown = JSON.stringify(found);
    expect(shown).not.toContain(open.case.code);
    expect(shown).not.toContain(answered.case.code);
    expect(shown).not.toContain("张伟");
    expect(shown).not.toContain("志愿服务");

    // too short to say what it is about, or only words every question has: nothing
    expect(await findSimilarQuestions(db, "创业补贴")).toEqual({ answers: [], openCases: [] });
    expect(listSimilarityTerms("请问怎么办？我们需要什么")).toEqual([]);
    expect(await findSimilarQuestions(db, "请问怎么办？我们需要什么")).toEqual({ answers: [], openCases: [] });
  });

  it("joins an open case with the asker's own code, which follows the shared case to its answer", async () => {
    const db = database.db;
    const first = await submitQuestion(db, {
      description: "成都锦江区的青年人才公寓怎么申请？租金大概多少？",
      contact: { phone: "13822223333" },
    });
    const similar = await findSimilarQuestions(db, "想申请锦江区青年人才公寓，租金多少钱");
    expect(similar.openCases.map((item) => item.caseId)).toEqual([first.case.id]);

    const joined = await joinOpenCase(db, {
      caseId: first.case.id,
      description: "我也想申请锦江区青年人才公寓，需要什么条件？",
      contact: { name: "刘洋", email: "liuyang@example.com" },
      externalRef: "join-form-1",
    });
    expect(joined.joined).toBe(true);
    expect(joined.case).toMatchObject({ status: "merged", mergedInto: first.case.id, source: "portal" });
    expect(joined.case.code).not.toBe(first.case.code);
    // the form sent twice joins once
    const again = await joinOpenCase(db, {
      caseId: first.case.id,
      description: "我也想申请锦江区青年人才公寓，需要什么条件？",
      externalRef: "join-form-1",
    });
    expect(again.case.id).toBe(joined.case.id);

    // the shared case records who joined; the answer goes back to the joiner's contact and post too
    const [merged] = (await readTimeline(db, first.case.id)).filter((entry) => entry.type === "merged");
    expect(merged).toMatchObject({ actorKind: "public", data: { caseIds: [joined.case.id], joined: true } });
    expect(merged!.reason).toContain("同问");
    const sources = await listCaseSources(db, first.case.id);
    expect(sources.contacts.map((entry) => entry.caseId)).toEqual([first.case.id, joined.case.id]);
    const joinerPosts = await db.select().from(casePosts).where(eq(casePosts.caseId, joined.case.id));
    expect(sources.posts.map((post) => post.postId)).toContain(joinerPosts[0]!.postId);
    expect((await findSimilarQuestions(db, "想申请锦江区青年人才公寓，租金多少钱")).openCases[0]).toMatchObject({
      caseId: first.case.id,
      askers: 2,
    });

    // the joiner's own code shows the shared case's progress, never the other asker's code
    const before = await findPublicCase(db, joined.case.code);
    expect(before).toMatchObject({ code: joined.case.code, merged: true, answer: null, awaitingRating: false });
    expect(before.status).toBe((await loadCase(db, first.case.id)).row.status);
    expect(before.orgName).toBe("共青团成都市锦江区委员会");
    expect(before.timeline.map((entry) => entry.type)).toEqual(["created", "merged_into"]);
    expect(JSON.stringify(before)).not.toContain(first.case.code);

    await answerPublicly(first.case.id, "锦江区青年人才公寓面向毕业五年内的青年，租金为市场价的七折。");
    const after = await findPublicCase(db, joined.case.code);
    expect(after).toMatchObject({ status: "answered", answer: expect.stringContaining("七折"), merged: true });
    expect(after.timeline.map((entry) => entry.type)).toContain("answer_approved");
    // an answered case is offered as its answer, no longer to join
    expect((await findSimilarQuestions(db, "想申请锦江区青年人才公寓，租金多少钱")).openCases).toEqual([]);
  });

  it("refuses to join a case that is answered, closed or merged, changing nothing", async () => {
    const db = database.db;
    const question = { description: "武侯区团员组织关系转接到外省需要多久？" };
    const answered = await submitQuestion(db, question);
    await answerPublicly(answered.case.id, "线上转接一般在五个工作日内完成。");
    await expect(joinOpenCase(db, { caseId: answered.case.id, ...question })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("已经答复"),
    });
    await closeCase(db, cadre, { caseId: answered.case.id, reason: "已电话确认解决" });
    await expect(joinOpenCase(db, { caseId: answered.case.id, ...question })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("已经办结"),
    });

    const open = await submitQuestion(db, { description: "武侯区团员证遗失了怎么补办？" });
    const joiner = await joinOpenCase(db, { caseId: open.case.id, description: "武侯区团员证丢了去哪里补办？" });
    await expect(
      joinOpenCase(db, { caseId: joiner.case.id, description: "团员证丢了，我也想知道怎么补办" }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringContaining("合并") });
    await expect(joinOpenCase(db, { caseId: 987_654_321, ...question })).rejects.toMatchObject({ status: 404 });
    expect((await readTimeline(db, answered.case.id)).filter((entry) => entry.type === "merged")).toEqual([]);
  });

  it("opens an urgent question on its own instead of joining, so it keeps the 12355 fast lane", async () => {
    const db = database.db;
    const open = await submitQuestion(db, { description: "成都武侯区大学生心理咨询在哪里可以预约？" });
    const result = await joinOpenCase(db, {
      caseId: open.case.id,
      description: "我在成都武侯区读大学，压力太大了不想活了，心理咨询在哪里预约？",
    });
    expect(result.joined).toBe(false);
    expect(result.case).toMatchObject({ urgent: true, mergedInto: null });
    expect(result.case.status).not.toBe("merged");
  });
});
