import type { Database } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { answers, auditLog, publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../cases/access.ts";
import { AccessDenied, Conflict, InvalidInput } from "../cases/errors.ts";
import { openSeeded, orgNamed, personAt } from "../cases/test-support.ts";
import type { PublishingSetup } from "./approve.ts";
import {
  approveCrossPost,
  draftCrossPost,
  getCrossPost,
  listCrossPosts,
  previewCrossPost,
  rejectCrossPost,
  reviseCrossPost,
  submitCrossPost,
} from "./cross-post.ts";
import { InsufficientLevel, SelfApproval, SensitiveWordsFound } from "./errors.ts";
import { claimDuePublications } from "./outbox.ts";
import type { PublishingCapabilities } from "./targets.ts";
import { createWordListCache, seedWords } from "./word-lists.ts";

const NOW = new Date("2025-09-01T02:00:00Z");
const CAPABILITIES: Record<string, PublishingCapabilities> = {
  weibo: { reply: true, post: true, maxLength: 140 },
  wechat: { reply: true, post: true, maxLength: 600 },
};
const setup: PublishingSetup = {
  capabilitiesOf: (channel) => CAPABILITIES[channel] ?? null,
  wordLists: createWordListCache().load,
  portalUrlFor: (answerId) => `https://qnzs.example/answers/${answerId}`,
};

const NOTICE = [
  "【通知】2025年大学生志愿服务西部计划报名开始啦！",
  "",
  "报名时间：9月1日至9月30日。报名方式：登录西部计划官网填写报名表，经高校项目办审核后参加统一笔试和面试。",
  "咨询电话：13812345678（工作日 9:00-17:00）。",
].join("\n");

describe.each(databaseTargets())("cross-posting on $name", (target) => {
  let database: Database;
  let provinceEditor: Actor;
  let provinceReviewer: Actor;
  let provinceCadre: Actor;
  let chengduEditor: Actor;
  let chengduReviewer: Actor;
  let weiboId: number;
  let wechatId: number;
  let chengduWeiboId: number;

  beforeAll(async () => {
    database = await openSeeded(target);
    const db = database.db;
    const province = await orgNamed(db, "共青团四川省委员会");
    const chengdu = await orgNamed(db, "共青团成都市委员会");
    provinceEditor = await personAt(db, "共青团四川省委员会", "editor", "省委 宣传干事");
    provinceReviewer = await personAt(db, "共青团四川省委员会", "reviewer", "省委 审核员");
    provinceCadre = await personAt(db, "共青团四川省委员会", "cadre", "省委 干部");
    chengduEditor = await personAt(db, "共青团成都市委员会", "editor", "成都 编辑");
    chengduReviewer = await personAt(db, "共青团成都市委员会", "reviewer", "成都 审核员");
    weiboId = (await createChannelAccount(db, { kind: "weibo", name: "四川共青团微博", orgId: province.id })).id;
    wechatId = (await createChannelAccount(db, { kind: "wechat", name: "四川共青团公众号", orgId: province.id })).id;
    chengduWeiboId = (await createChannelAccount(db, { kind: "weibo", name: "成都共青团微博", orgId: chengdu.id })).id;
    await seedWords(db, "blocked", [{ word: "刷单返利", category: "诈骗" }]);
  });
  afterAll(() => database.close());

  async function draftAndSubmit(author: Actor, overrides: Record<string, unknown> = {}) {
    const draft = await draftCrossPost(
      database.db,
      author,
      {
        title: "西部计划报名开始",
        body: NOTICE,
        variants: { weibo: "#西部计划# 2025年报名开始！9月1日至30日，详情见官网。咨询 13812345678" },
        targets: [
          { accountId: weiboId, kind: "post" },
          { accountId: wechatId, kind: "article" },
        ],
        ...overrides,
      },
      { now: NOW },
    );
    return submitCrossPost(database.db, author, { answerId: draft.id }, { now: NOW });
  }

  it("previews every account's rendering with the findings before anything is saved", async () => {
    const preview = await previewCrossPost(
      database.db,
      provinceEditor,
      {
        body: `${NOTICE}\n谨防刷单返利骗局。`,
        variants: { weibo: "西部计划报名开始！" },
        targets: [
          { accountId: weiboId, kind: "post" },
          { accountId: wechatId, kind: "article" },
        ],
      },
      setup,
      { now: NOW },
    );
    expect(preview.blocked).toBe(true);
    expect(preview.sensitiveWords.map((hit) => [hit.word, hit.field])).toEqual([["刷单返利", "body"]]);
    const byChannel = Object.fromEntries(preview.targets.map((entry) => [entry.channel, entry]));
    expect(byChannel.weibo).toMatchObject({ kind: "post", text: "西部计划报名开始！" });
    expect(byChannel.wechat?.kind).toBe("article");
    expect(byChannel.wechat?.html).toContain("<p>");
    expect(byChannel.wechat?.text).toContain("138****5678");
    expect(byChannel.wechat?.personalData.length).toBeGreaterThan(0);
  });

  it("approves through the review gate into one outbox row per account, masked, held until its schedule", async () => {
    const db = database.db;
    const scheduledAt = new Date(NOW.getTime() + 3 * 3600_000);
    const post = await draftAndSubmit(provinceEditor, { scheduledAt });
    expect(post.status).toBe("in_review");

    // an editor writes but does not approve
    await expect(
      approveCrossPost(db, provinceEditor, { answerId: post.id }, setup, { now: NOW }),
    ).rejects.toBeInstanceOf(AccessDenied);
    // nor does anyone approve their own text, whatever their role
    const own = await draftAndSubmit(provinceCadre);
    await expect(approveCrossPost(db, provinceCadre, { answerId: own.id }, setup, { now: NOW })).rejects.toBeInstanceOf(
      SelfApproval,
    );
    const result = await approveCrossPost(db, provinceReviewer, { answerId: post.id, note: "同意" }, setup, {
      now: NOW,
    });
    expect(result.post).toMatchObject({ status: "approved", reviewerId: provinceReviewer.userId });
    expect(result.publications.map((row) => [row.target, row.status])).toEqual([
      [`weibo:${weiboId}:post`, "pending"],
      [`wechat:${wechatId}:article`, "pending"],
    ]);
    const payloads = JSON.stringify(result.publications.map((row) => row.payload));
    expect(payloads).not.toContain("13812345678");
    expect(payloads).toContain("#西部计划#");

    // nothing leaves before the schedule; at the scheduled time both rows are due
    expect(await claimDuePublications(db, "test", 10, new Date(scheduledAt.getTime() - 60_000))).toEqual([]);
    const due = await claimDuePublications(db, "test", 10, scheduledAt);
    expect(due.map((row) => row.answerId)).toEqual([post.id, post.id]);

    const [audit] = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectId, String(post.id)), eq(auditLog.action, "crosspost.approve")));
    expect(audit).toMatchObject({ actorId: provinceReviewer.userId });

    const detail = await getCrossPost(db, provinceEditor, post.id);
    expect(detail.publications).toHaveLength(2);
    expect(detail.orgName).toBe("共青团四川省委员会");
  });

  it("blocks a sensitive word at approval and leaves the post in review with nothing planned", async () => {
    const db = database.db;
    const post = await draftAndSubmit(provinceEditor, { body: `${NOTICE}\n警惕刷单返利。` });
    const attempt = approveCrossPost(db, provinceReviewer, { answerId: post.id }, setup, { now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(SensitiveWordsFound);
    const [row] = await db.select().from(answers).where(eq(answers.id, post.id));
    expect(row?.status).toBe("in_review");
    expect(await db.select().from(publications).where(eq(publications.answerId, post.id))).toEqual([]);
  });

  it("sends a city's post one level up, and a rejection back to its author to revise", async () => {
    const db = database.db;
    const post = await draftAndSubmit(chengduEditor, { targets: [{ accountId: chengduWeiboId, kind: "post" }] });
    // a city's own reviewer suffices for a city's post
    const approved = await approveCrossPost(db, chengduReviewer, { answerId: post.id }, setup, { now: NOW });
    expect(approved.publications).toHaveLength(1);

    const second = await draftAndSubmit(chengduEditor, { targets: [{ accountId: chengduWeiboId, kind: "post" }] });
    await expect(rejectCrossPost(db, chengduReviewer, { answerId: second.id }, { now: NOW })).rejects.toBeInstanceOf(
      InvalidInput,
    );
    const rejected = await rejectCrossPost(
      db,
      provinceCadre,
      { answerId: second.id, note: "请补充报名网址" },
      {
        now: NOW,
      },
    );
    expect(rejected).toMatchObject({ status: "rejected", reviewNote: "请补充报名网址" });
    await expect(
      approveCrossPost(db, provinceReviewer, { answerId: second.id }, setup, { now: NOW }),
    ).rejects.toBeInstanceOf(Conflict);
    const revised = await reviseCrossPost(
      db,
      chengduEditor,
      {
        answerId: second.id,
        body: `${NOTICE}\n报名网址：xibu.youth.cn`,
        targets: [{ accountId: chengduWeiboId, kind: "post" }],
      },
      { now: NOW },
    );
    expect(revised.status).toBe("draft");
  });

  it("refuses accounts outside the org's subtree, a past schedule, and a reviewer below a county's level", async () => {
    const db = database.db;
    // 成都's editor cannot post through the province's account
    await expect(
      draftCrossPost(
        db,
        chengduEditor,
        { body: NOTICE, targets: [{ accountId: weiboId, kind: "post" }] },
        { now: NOW },
      ),
    ).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      draftCrossPost(
        db,
        provinceEditor,
        {
          body: NOTICE,
          targets: [{ accountId: weiboId, kind: "post" }],
          scheduledAt: new Date(NOW.getTime() - 3600_000),
        },
        { now: NOW },
      ),
    ).rejects.toBeInstanceOf(InvalidInput);

    const wuhou = await orgNamed(db, "共青团成都市武侯区委员会");
    const wuhouEditor = await personAt(db, "共青团成都市武侯区委员会", "editor", "武侯 编辑");
    const wuhouReviewer = await personAt(db, "共青团成都市武侯区委员会", "reviewer", "武侯 审核员");
    const wuhouWeibo = await createChannelAccount(db, { kind: "weibo", name: "武侯青年", orgId: wuhou.id });
    const post = await draftAndSubmit(wuhouEditor, { targets: [{ accountId: wuhouWeibo.id, kind: "post" }] });
    await expect(
      approveCrossPost(db, wuhouReviewer, { answerId: post.id }, setup, { now: NOW }),
    ).rejects.toBeInstanceOf(InsufficientLevel);
    await approveCrossPost(db, chengduReviewer, { answerId: post.id }, setup, { now: NOW });
  });

  it("lists the posts of the actor's orgs; drafts stay their author's", async () => {
    const db = database.db;
    const draft = await draftCrossPost(
      db,
      provinceEditor,
      { body: NOTICE, targets: [{ accountId: weiboId, kind: "post" }] },
      { now: NOW },
    );
    const mine = await listCrossPosts(db, provinceEditor);
    expect(mine.items.map((item) => item.id)).toContain(draft.id);
    const reviewer = await listCrossPosts(db, provinceReviewer);
    expect(reviewer.items.map((item) => item.id)).not.toContain(draft.id);
    // 成都's people see 成都's posts and those below, not the province's
    const chengdu = await listCrossPosts(db, chengduReviewer);
    expect(chengdu.items.every((item) => item.orgName !== "共青团四川省委员会")).toBe(true);
    expect(chengdu.total).toBeGreaterThan(0);
  });
});
