import type { Database } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "./access.ts";
import { draftAnswer, listAnswers, makeAnswerPublic, reviewAnswer, reviseAnswer, submitAnswer } from "./answers.ts";
import { loadCase } from "./case-store.ts";
import { rateCase } from "./feedback.ts";
import { submitQuestion } from "./intake.ts";
import { searchPublicAnswers } from "./queries.ts";
import { openSeeded, personAt } from "./test-support.ts";
import { readTimeline } from "./timeline.ts";

describe.each(databaseTargets())("answers on $name", (target) => {
  let database: Database;
  let author: Actor;
  let colleague: Actor;
  let editor: Actor;
  beforeAll(async () => {
    database = await openSeeded(target);
    author = await personAt(database.db, "共青团广州市海珠区委员会", "cadre");
    colleague = await personAt(database.db, "共青团广州市海珠区委员会", "cadre");
    editor = await personAt(database.db, "共青团广州市委员会", "editor");
  });
  afterAll(() => database.close());

  const ask = async () =>
    (
      await submitQuestion(database.db, {
        description: "我在广州海珠区，想了解青年见习基地的补贴标准，电话13811112222",
        region: "广东省",
        county: "海珠区",
        category: "employment",
      })
    ).case;

  it("goes draft → in review → rejected → revised → approved, never approved by its author", async () => {
    const db = database.db;
    const row = await ask();
    const draft = await draftAnswer(db, author, { caseId: row.id, body: "见习补贴按当地最低工资标准的一定比例发放。" });
    expect((await loadCase(db, row.id)).row.status).toBe("answering");
    // a draft is not in review yet
    await expect(reviewAnswer(db, colleague, { answerId: draft.id, approve: true })).rejects.toMatchObject({
      status: 409,
    });
    await submitAnswer(db, author, { answerId: draft.id });
    await expect(reviewAnswer(db, author, { answerId: draft.id, approve: true })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("不能审核自己撰写的答复"),
    });
    expect((await listAnswers(db, row.id)).map((answer) => answer.status)).toEqual(["in_review"]);
    // a rejection says why
    await expect(reviewAnswer(db, colleague, { answerId: draft.id, approve: false })).rejects.toMatchObject({
      status: 400,
    });
    await reviewAnswer(db, colleague, { answerId: draft.id, approve: false, note: "请写明具体比例和申领地点" });
    await expect(
      reviseAnswer(db, colleague, { answerId: draft.id, body: "别人改不了这份答复的内容" }),
    ).rejects.toMatchObject({
      status: 403,
    });
    await reviseAnswer(db, author, { answerId: draft.id, body: "见习补贴为最低工资标准的 60%，到海珠区人社局申领。" });
    await submitAnswer(db, author, { answerId: draft.id });
    const { case: answered } = await reviewAnswer(db, colleague, { answerId: draft.id, approve: true });
    expect(answered.status).toBe("answered");
    expect((await readTimeline(db, row.id)).map((entry) => entry.type).slice(2)).toEqual([
      "answer_drafted",
      "answer_submitted",
      "answer_rejected",
      "answer_submitted",
      "answer_approved",
    ]);
    // nothing more to draft on an answered case
    await expect(draftAnswer(db, author, { caseId: row.id, body: "再补充一点内容给大家" })).rejects.toMatchObject({
      status: 409,
    });
  });

  it("makes an approved answer a public unified answer that the knowledge base shows masked", async () => {
    const db = database.db;
    const row = await ask();
    const draft = await draftAnswer(db, author, {
      caseId: row.id,
      body: "详情可致电 13900001111 咨询海珠区青年见习办公室。",
    });
    await expect(makeAnswerPublic(db, editor, { answerId: draft.id })).rejects.toMatchObject({ status: 409 });
    await submitAnswer(db, author, { answerId: draft.id });
    await reviewAnswer(db, colleague, { answerId: draft.id, approve: true });
    await makeAnswerPublic(db, editor, { answerId: draft.id });
    const [entry] = await searchPublicAnswers(db, { q: "海珠区青年见习" });
    expect(entry!.body).toBe("详情可致电 139****1111 咨询海珠区青年见习办公室。");
    expect(entry!.title).not.toContain("13811112222");
    expect(entry).not.toHaveProperty("caseCode");
  });

  it("takes ratings only for answered cases and only from 1 to 5", async () => {
    const db = database.db;
    const row = await ask();
    await expect(rateCase(db, { code: row.code, rating: 5 })).rejects.toMatchObject({ status: 409 });
    await expect(rateCase(db, { code: row.code, rating: 6 })).rejects.toMatchObject({ status: 400 });
    await expect(rateCase(db, { code: "QN250101-AAAAAAAA", rating: 5 })).rejects.toMatchObject({ status: 404 });
  });
});
