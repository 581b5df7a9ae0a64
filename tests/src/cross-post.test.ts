/**
 * Cross-posting through the hub's API against the simulator: an editor writes one notice with a Weibo variant for
 * the League's Weibo and WeChat accounts, previews it per account, schedules it and submits it; the reviewer's
 * approval plans one outbox row per account, held until the schedule; then the worker sends a Weibo status and
 * a WeChat article (draft → freepublish), each once, masked. A sensitive word is refused with its hits.
 */
import { fileURLToPath } from "node:url";
import { findOrgByName } from "@qnzs/db/case-factories";
import { channelAccounts, publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callHub, createPeople, type People, ROOT_ORG, simRecord } from "./publishing-support.ts";
import { startWorld, type World } from "./world.ts";

process.env.QNZS_SENSITIVE_WORDS = fileURLToPath(
  new URL("../../core/src/publish/fixtures/sensitive-words.txt", import.meta.url),
);

const PHONE = "13812345678";
const NOTICE = [
  "【通知】2025年大学生志愿服务西部计划报名开始！",
  "报名时间：9月1日至9月30日。登录西部计划官网填写报名表，经高校项目办审核后参加统一笔试和面试。",
  `咨询电话：${PHONE}（工作日 9:00-17:00）。`,
].join("\n");
const WEIBO_VARIANT = `#西部计划# 2025年报名开始啦！9月1日至30日，详情见官网。咨询 ${PHONE}`;

interface PreviewTarget {
  channel: string;
  kind: string;
  text: string;
  html: string | null;
}

describe.each(databaseTargets())("cross-posting through the API on $name", (target) => {
  let world: World;
  let people: People;
  let weiboId: number;
  let wechatId: number;

  beforeAll(async () => {
    world = await startWorld(target);
    people = await createPeople(world);
    weiboId = world.accountOf("weibo");
    wechatId = world.accountOf("wechat");
    // the demo's accounts become the League's own: its people may post through them
    const root = await findOrgByName(world.database.db, ROOT_ORG);
    await world.database.db
      .update(channelAccounts)
      .set({ orgId: root.id })
      .where(inArray(channelAccounts.id, [weiboId, wechatId]));
  });
  afterAll(() => world?.close());

  const fields = (overrides: Record<string, unknown> = {}) => ({
    title: "西部计划报名开始",
    body: NOTICE,
    variants: { weibo: WEIBO_VARIANT },
    targets: [
      { accountId: weiboId, kind: "post" },
      { accountId: wechatId, kind: "post" },
    ],
    ...overrides,
  });

  it("previews, schedules, reviews and sends one notice to Weibo and WeChat, once each", async () => {
    const preview = await callHub(world, people.author, "POST", "/api/cross-posts/preview", fields());
    expect(preview.status).toBe(200);
    const targets = preview.json.targets as PreviewTarget[];
    expect(targets.map((entry) => entry.channel)).toEqual(["weibo", "wechat"]);
    expect(targets[0]?.text).toContain("#西部计划#");
    // Weibo refuses a status without a link to the app's domain: the portal's home is added
    expect(targets[0]?.text).toContain(world.hub.url);
    expect(targets[1]?.html).toContain("西部计划");
    expect(JSON.stringify(targets)).not.toContain(PHONE);

    const scheduledAt = new Date(Date.now() + 3600_000).toISOString();
    const created = await callHub(world, people.author, "POST", "/api/cross-posts", fields({ scheduledAt }));
    expect(created.status).toBe(201);
    const postId = created.json.id as number;
    expect((await callHub(world, people.author, "POST", `/api/cross-posts/${postId}/submit`, {})).status).toBe(200);

    // the author cannot approve their own text; the reviewer can
    const own = await callHub(world, people.author, "POST", `/api/cross-posts/${postId}/approve`, {});
    expect(own.status).toBe(403);
    const approved = await callHub(world, people.reviewer, "POST", `/api/cross-posts/${postId}/approve`, {
      note: "同意发布",
    });
    expect(approved.status).toBe(200);
    expect((approved.json.publications as { status: string }[]).map((row) => row.status)).toEqual([
      "pending",
      "pending",
    ]);

    // held until its time: the worker sends nothing now
    const before = (await simRecord(world)).length;
    await world.hub.outbox.runOnce();
    expect((await simRecord(world)).length).toBe(before);

    // the hour passes (the rows' due time is moved rather than the hub's clock)
    await world.database.db
      .update(publications)
      .set({ nextAttemptAt: new Date() })
      .where(eq(publications.answerId, postId));
    await world.hub.outbox.runOnce();
    await world.hub.outbox.runOnce();

    const sent = (await simRecord(world)).slice(before);
    const statuses = sent.filter((entry) => entry.endpoint === "/2/statuses/share.json");
    const articles = sent.filter((entry) => entry.endpoint === "/cgi-bin/freepublish/submit");
    expect(statuses).toHaveLength(1);
    expect(String(statuses[0]?.params.status)).toContain("#西部计划#");
    expect(articles).toHaveLength(1);
    expect(JSON.stringify(sent)).not.toContain(PHONE);

    const detail = await callHub(world, people.author, "GET", `/api/cross-posts/${postId}`);
    expect((detail.json.publications as { status: string }[]).map((row) => row.status)).toEqual(["sent", "sent"]);
    expect((detail.json.post as { status: string }).status).toBe("published");
  });

  it("refuses a sensitive word with each hit and where it is, and plans nothing", async () => {
    const words = await callHub(world, people.reviewer, "GET", "/api/sensitive-words?list=blocked");
    const word = (words.json.words as { word: string }[])[0]?.word;
    expect(word).toBeTruthy();
    const created = await callHub(
      world,
      people.author,
      "POST",
      "/api/cross-posts",
      fields({ body: `${NOTICE}\n${word}` }),
    );
    const postId = created.json.id as number;
    await callHub(world, people.author, "POST", `/api/cross-posts/${postId}/submit`, {});
    const refused = await callHub(world, people.reviewer, "POST", `/api/cross-posts/${postId}/approve`, {});
    expect(refused.status).toBe(409);
    const error = refused.json.error as { code: string; hits: { word: string; field: string }[] };
    expect(error.code).toBe("sensitive_words");
    expect(error.hits).toContainEqual(expect.objectContaining({ word, field: "body" }));
    const rows = await world.database.db.select().from(publications).where(eq(publications.answerId, postId));
    expect(rows).toEqual([]);
  });

  it("lets only site admins change the word list", async () => {
    const refused = await callHub(world, people.reviewer, "POST", "/api/sensitive-words", {
      list: "blocked",
      words: [{ word: "代写论文" }],
    });
    expect(refused.status).toBe(403);
  });
});
