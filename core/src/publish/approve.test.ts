import type { Database } from "@qnzs/db";
import { createCaseRow } from "@qnzs/db/case-factories";
import { createChannelAccount } from "@qnzs/db/factories";
import { createPublishingAccount, createSourcePost, linkCaseToPosts } from "@qnzs/db/publish-factories";
import { answers, auditLog, caseEvents, cases, publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../cases/access.ts";
import { draftAnswer, submitAnswer } from "../cases/answers.ts";
import { AccessDenied } from "../cases/errors.ts";
import { openSeeded, orgNamed, personAt } from "../cases/test-support.ts";
import { approveAndPlan, type PublishingSetup } from "./approve.ts";
import { InsufficientLevel, SensitiveWordsFound } from "./errors.ts";
import { publishToPortal, settleAnswerPublication } from "./portal.ts";
import { findPublicAnswer, listPublicAnswers } from "./public-answers.ts";
import type { PublishingCapabilities } from "./targets.ts";
import { createWordListCache, seedWords } from "./word-lists.ts";

const NOW = new Date("2025-09-01T02:00:00Z");
const CAPABILITIES: Record<string, PublishingCapabilities> = { weibo: { reply: true, post: true, maxLength: 140 } };
const setup: PublishingSetup = {
  capabilitiesOf: (channel) => CAPABILITIES[channel] ?? null,
  // the managed lists, as the hub reads them (seeded in beforeAll)
  wordLists: createWordListCache().load,
  portalUrlFor: (answerId) => `https://qnzs.example/answers/${answerId}`,
};

describe.each(databaseTargets())("approving an answer for publishing on $name", (target) => {
  let database: Database;
  let wuhouCadre: Actor;
  let wuhouReviewer: Actor;
  let chengduReviewer: Actor;

  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    wuhouCadre = await personAt(db, "共青团成都市武侯区委员会", "cadre", "武侯区团委 王干事");
    wuhouReviewer = await personAt(db, "共青团成都市武侯区委员会", "reviewer", "武侯区团委 审核员");
    chengduReviewer = await personAt(db, "共青团成都市委员会", "reviewer", "成都团市委 审核员");
    await seedWords(db, "blocked", [{ word: "刷单返利", category: "诈骗" }]);
    await seedWords(db, "watched", [{ word: "欠薪" }]);
  });
  afterAll(() => database.close());

  /** A case at 武侯区 (county level) from one Weibo post, with an answer in review. */
  async function answerAtCounty(body: string) {
    const db = database.db;
    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const row = await createCaseRow(db, {
      orgId: wuhou.id,
      status: "assigned",
      title: "我叫李四，工资被拖欠怎么办",
      contact: { name: "李四", phone: "13600001111" },
    });
    const account = await createPublishingAccount(db, "weibo");
    const post = await createSourcePost(db, account, { publishedAt: NOW });
    await linkCaseToPosts(db, row.id, [post.id]);
    const draft = await draftAnswer(db, wuhouCadre, { caseId: row.id, body }, { now: NOW });
    await submitAnswer(db, wuhouCadre, { answerId: draft.id }, { now: NOW });
    return { caseId: row.id, answerId: draft.id };
  }

  async function stateOf(caseId: number, answerId: number) {
    const db = database.db;
    const [answer] = await db.select().from(answers).where(eq(answers.id, answerId));
    const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
    const rows = await db.select().from(publications).where(eq(publications.answerId, answerId));
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, "answer"), eq(auditLog.subjectId, String(answerId))));
    return { answer: answer!.status, case: row!.status, publications: rows, audits };
  }

  it("sends a county's answer one level up: the county's own reviewer is refused and nothing changes", async () => {
    const { caseId, answerId } = await answerAtCounty("您好，已联系用人单位，请保持电话畅通。");
    const attempt = approveAndPlan(database.db, wuhouReviewer, { answerId }, setup, { now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(InsufficientLevel);
    expect(await stateOf(caseId, answerId)).toMatchObject({
      answer: "in_review",
      case: "answering",
      publications: [],
      audits: [],
    });
  });

  it("plans every target with the approval, masked, and records who approved it", async () => {
    const { caseId, answerId } = await answerAtCounty("您好，请拨打 13912345678 联系劳动监察大队。");
    const result = await approveAndPlan(database.db, chengduReviewer, { answerId }, setup, { now: NOW });
    expect(result.publications.map((row) => [row.target.split(":")[0], row.status])).toEqual([
      ["weibo", "pending"],
      ["portal", "pending"],
    ]);
    const state = await stateOf(caseId, answerId);
    expect(state).toMatchObject({ answer: "approved", case: "answered" });
    expect(JSON.stringify(state.publications.map((row) => row.payload))).not.toContain("13912345678");
    // the name the asker gave with their contact is masked wherever it shows (here: the portal page's title)
    expect(JSON.stringify(state.publications.map((row) => row.payload))).not.toContain("李四");
    expect(JSON.stringify(state.publications.map((row) => row.payload))).toContain("我叫李*");
    expect(state.audits).toHaveLength(1);
    expect(state.audits[0]).toMatchObject({ actorId: chengduReviewer.userId, action: "answer.approve" });
  });

  it("refuses adding an account of another org's line, and plans nothing", async () => {
    const db = database.db;
    const { caseId, answerId } = await answerAtCounty("您好，已联系用人单位，请保持电话畅通。");
    const province = await orgNamed(db, "共青团四川省委员会");
    const provinceWeibo = await createChannelAccount(db, { kind: "weibo", name: "四川共青团", orgId: province.id });
    const attempt = approveAndPlan(
      db,
      chengduReviewer,
      { answerId, added: [{ accountId: provinceWeibo.id, kind: "post" }] },
      setup,
      { now: NOW },
    );
    await expect(attempt).rejects.toBeInstanceOf(AccessDenied);
    expect(await stateOf(caseId, answerId)).toMatchObject({ answer: "in_review", publications: [], audits: [] });
  });

  it("rolls the approval back on a sensitive word", async () => {
    const { caseId, answerId } = await answerAtCounty("您好，所谓刷单返利都是骗局。");
    const attempt = approveAndPlan(database.db, chengduReviewer, { answerId }, setup, { now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(SensitiveWordsFound);
    expect(await stateOf(caseId, answerId)).toMatchObject({ answer: "in_review", publications: [], audits: [] });
  });

  it("leaves the portal out when told, and publishes the answer once its portal page is out", async () => {
    const db = database.db;
    const kept = await answerAtCounty("您好，此事涉及个人隐私，已私信回复。");
    const privately = await approveAndPlan(db, chengduReviewer, { answerId: kept.answerId, portal: false }, setup, {
      now: NOW,
    });
    expect(privately.publications.map((row) => row.target.split(":")[0])).toEqual(["weibo"]);

    const shown = await answerAtCounty("您好，请拨打 13912345678 联系劳动监察大队。");
    await approveAndPlan(db, chengduReviewer, { answerId: shown.answerId }, setup, { now: NOW });
    expect(await settleAnswerPublication(db, shown.answerId, NOW)).toBe(false);
    expect(await findPublicAnswer(db, shown.answerId)).toBeNull();

    await publishToPortal(db, shown.answerId, { now: NOW, url: null });
    await db
      .update(publications)
      .set({ status: "sent", sentAt: NOW })
      .where(and(eq(publications.answerId, shown.answerId), eq(publications.target, "portal")));
    expect(await settleAnswerPublication(db, shown.answerId, NOW)).toBe(true);
    expect(await settleAnswerPublication(db, shown.answerId, NOW)).toBe(false);

    const page = await findPublicAnswer(db, shown.answerId);
    expect(page?.text).toContain("139****5678");
    expect(JSON.stringify(await listPublicAnswers(db))).not.toContain("13912345678");
    const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, shown.caseId));
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["answer_approved", "answer_made_public", "answer_published"]),
    );
    expect(events.filter((event) => event.type === "answer_published")).toHaveLength(1);
  });
});
