import type { Database } from "@qnzs/db";
import { createCaseRow } from "@qnzs/db/case-factories";
import { createChannelAccount } from "@qnzs/db/factories";
import { publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../cases/access.ts";
import { draftAnswer, submitAnswer } from "../cases/answers.ts";
import { openSeeded, orgNamed, personAt } from "../cases/test-support.ts";
import { draftCrossPost, submitCrossPost } from "./cross-post.ts";
import { listOutboxAttention, listReviewQueue } from "./review-queue.ts";

const NOW = new Date("2025-09-01T02:00:00Z");

describe.each(databaseTargets())("the publish queues on $name", (target) => {
  let database: Database;
  let wuhouCadre: Actor;
  let chengduReviewer: Actor;
  let otherCountyReviewer: Actor;
  let answerId: number;
  let postId: number;

  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    wuhouCadre = await personAt(db, "共青团成都市武侯区委员会", "cadre", "武侯 干部");
    chengduReviewer = await personAt(db, "共青团成都市委员会", "reviewer", "成都 审核员");
    otherCountyReviewer = await personAt(db, "共青团成都市锦江区委员会", "reviewer", "锦江 审核员");
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const row = await createCaseRow(db, { orgId: wuhou.id, status: "assigned", title: "实习工资被拖欠" });
    const draft = await draftAnswer(
      db,
      wuhouCadre,
      { caseId: row.id, body: "您好，已联系用人单位核实。" },
      { now: NOW },
    );
    answerId = (await submitAnswer(db, wuhouCadre, { answerId: draft.id }, { now: NOW })).id;
    const account = await createChannelAccount(db, { kind: "weibo", name: "武侯青年", orgId: wuhou.id });
    const post = await draftCrossPost(
      db,
      wuhouCadre,
      {
        title: "暑期实习安全提示",
        body: "同学们暑期实习请签订协议。",
        targets: [{ accountId: account.id, kind: "post" }],
      },
      { now: NOW },
    );
    postId = (await submitCrossPost(db, wuhouCadre, { answerId: post.id }, { now: NOW })).id;
  });
  afterAll(() => database.close());

  it("shows case answers and cross-posts in review to reviewers of their line only, the author's own marked", async () => {
    const db = database.db;
    const forCity = await listReviewQueue(db, chengduReviewer);
    expect(forCity.map((item) => [item.answerId, item.caseId === null, item.title])).toEqual([
      [answerId, false, "实习工资被拖欠"],
      [postId, true, "暑期实习安全提示"],
    ]);
    expect(forCity.every((item) => !item.own && item.orgName === "共青团成都市武侯区委员会")).toBe(true);
    expect(await listReviewQueue(db, otherCountyReviewer)).toEqual([]);
    expect((await listReviewQueue(db, wuhouCadre)).map((item) => item.own)).toEqual([true, true]);
  });

  it("lists outbox rows that need a person, worst first, within the actor's subtree", async () => {
    const db = database.db;
    await db.insert(publications).values([
      { answerId, target: "portal", idempotencyKey: `q:${answerId}:portal`, payload: {}, status: "pending" },
      { answerId, target: "weibo:1:post", idempotencyKey: `q:${answerId}:w`, payload: {}, status: "parked" },
      { answerId, target: "wechat:2:post", idempotencyKey: `q:${answerId}:c`, payload: {}, status: "sent" },
    ]);
    const rows = await listOutboxAttention(db, chengduReviewer);
    expect(rows.map((row) => [row.target, row.status])).toEqual([
      ["weibo:1:post", "parked"],
      ["portal", "pending"],
    ]);
    expect(rows[0]?.title).toBe("实习工资被拖欠");
    expect(await listOutboxAttention(db, otherCountyReviewer)).toEqual([]);
    await db.delete(publications).where(eq(publications.answerId, answerId));
  });
});
