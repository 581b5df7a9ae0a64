/**
 * Issue 6's "must show" against the simulator: the answer to a case merged from a Weibo mention, a WeChat message
 * and a portal question goes back to all three — threaded to what it answers — and to the portal page, each once,
 * and appears in the feeds; a phone number in it reaches nobody unmasked. The refusals: sensitive words block
 * approval and are shown, and nobody approves their own answer.
 */

import { fileURLToPath } from "node:url";
import { findPublicCase } from "@qnzs/core/cases/queries";
import { answers, publications } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  answerInReview,
  callHub,
  collectSources,
  createPeople,
  type MergedCase,
  openMergedCase,
  type People,
  publicationsOf,
  simRecord,
} from "./publishing-support.ts";
import { startWorld, type World } from "./world.ts";

// the hub reads its managed word list at start (apps/web/src/api/publishing.ts)
process.env.QNZS_SENSITIVE_WORDS = fileURLToPath(
  new URL("../../core/src/publish/fixtures/sensitive-words.txt", import.meta.url),
);

const PHONE = "13912345678";
const MASKED_PHONE = "139****5678";
const ANSWER = `同学你好，创业担保贷款可向户籍地人社部门申请，需提供营业执照和身份证明。详询团市委青年就业服务站 ${PHONE}。`;

describe.each(databaseTargets())("publishing an approved answer on $name", (target) => {
  let world: World;
  let people: People;
  let merged: MergedCase;
  let answerId: number;
  let recordBefore: number;

  beforeAll(async () => {
    world = await startWorld(target);
    people = await createPeople(world);
    await collectSources(world);
    merged = await openMergedCase(world, people, "毕业生创业担保贷款怎么申请？");
    answerId = await answerInReview(world, people, merged.caseId, ANSWER);
    recordBefore = (await simRecord(world)).length;
  });
  afterAll(() => world?.close());

  it("refuses the author approving their own answer, and changes nothing", async () => {
    const refused = await callHub(world, people.author, "POST", `/api/answers/${answerId}/approve`, {});
    expect(refused.status).toBe(403);
    expect(await publicationsOf(world, people.author, answerId)).toEqual([]);
    const [answer] = await world.database.db.select().from(answers).where(eq(answers.id, answerId));
    expect(answer?.status).toBe("in_review");
  });

  it("reaches the Weibo mention, the WeChat follower and the portal once each, threaded and masked", async () => {
    const approved = await callHub(world, people.reviewer, "POST", `/api/answers/${answerId}/approve`, {});
    expect(approved.status).toBe(200);
    const planned = approved.json.publications as { target: string; status: string }[];
    expect(planned.map((row) => [row.target.split(":")[0], row.status]).sort()).toEqual([
      ["portal", "pending"],
      ["wechat", "pending"],
      ["weibo", "pending"],
    ]);

    await world.hub.outbox.runOnce();

    const sent = (await simRecord(world)).slice(recordBefore);
    const weibo = sent.filter((entry) => entry.platform === "weibo");
    const wechat = sent.filter((entry) => entry.platform === "wechat");
    expect(weibo).toHaveLength(1);
    expect(weibo[0]).toMatchObject({
      endpoint: "/2/comments/reply.json",
      params: { cid: merged.weibo.externalId, id: merged.weibo.threadId },
    });
    expect(wechat).toHaveLength(1);
    expect(wechat[0]).toMatchObject({
      endpoint: "/cgi-bin/message/custom/send",
      params: { touser: merged.wechat.authorId },
    });
    for (const entry of [...weibo, ...wechat]) {
      const text = String(entry.params.comment ?? entry.params.content);
      expect(text).toContain(MASKED_PHONE);
      expect(text).not.toContain(PHONE);
    }

    const rows = await publicationsOf(world, people.reviewer, answerId);
    expect(rows.map((row) => row.status)).toEqual(["sent", "sent", "sent"]);
    const [answer] = await world.database.db.select().from(answers).where(eq(answers.id, answerId));
    expect(answer?.status).toBe("published");
  });

  it("shows the answer on the portal page and to the portal asker, masked", async () => {
    const page = await fetch(`${world.hub.url}/api/public/answers/${answerId}`);
    expect(page.status).toBe(200);
    const body = (await page.json()) as { text: string; html: string; url: string };
    expect(body.text).toContain(MASKED_PHONE);
    expect(JSON.stringify(body)).not.toContain(PHONE);
    expect(body.url).toBe(`${world.hub.url}/answers/${answerId}`);

    const list = await (await fetch(`${world.hub.url}/api/public/answers`)).text();
    expect(list).toContain(MASKED_PHONE);
    expect(list).not.toContain(PHONE);

    // the asker who came by the portal sees the merged case's answer under their own code
    const followed = await findPublicCase(world.database.db, merged.portalCode);
    expect(followed.merged).toBe(true);
    expect(followed.answer).toContain(MASKED_PHONE);
    expect(followed.answer).not.toContain(PHONE);
  });

  it("carries the published answer in the Atom and RSS feeds, masked", async () => {
    const atom = await fetch(`${world.hub.url}/feeds/answers.atom`);
    expect(atom.headers.get("content-type")).toContain("application/atom+xml");
    const atomText = await atom.text();
    expect(atomText).toContain(`<id>${world.hub.url}/answers/${answerId}</id>`);
    expect(atomText).toContain("毕业生创业担保贷款怎么申请？");
    expect(atomText).toContain(MASKED_PHONE);
    expect(atomText).not.toContain(PHONE);

    const rss = await (await fetch(`${world.hub.url}/feeds/answers.rss`)).text();
    expect(rss).toContain(`<link>${world.hub.url}/answers/${answerId}</link>`);
    expect(rss).toContain(MASKED_PHONE);
    expect(rss).not.toContain(PHONE);
  });

  it("sends nothing more when the worker runs again", async () => {
    const before = await simRecord(world);
    const pass = await world.hub.outbox.runOnce();
    expect(pass.attempted).toEqual([]);
    expect(await simRecord(world)).toEqual(before);
    const rows = await world.database.db.select().from(publications).where(eq(publications.answerId, answerId));
    expect(rows.map((row) => row.attempts)).toEqual([1, 1, 1]);
  });

  it("blocks an answer with sensitive words, shows them, and plans nothing", async () => {
    const other = await openMergedCase(world, people, "兼职刷单靠谱吗？");
    const blockedId = await answerInReview(
      world,
      people,
      other.caseId,
      "同学你好，网上所谓的刷单返利都是诈骗，请勿相信代开发票等广告。",
    );
    const preview = await callHub(world, people.reviewer, "POST", `/api/answers/${blockedId}/preview`, {});
    expect(preview.status).toBe(200);
    expect(preview.json.blocked).toBe(true);
    expect((preview.json.sensitiveWords as { word: string }[]).map((hit) => hit.word)).toEqual([
      "刷单返利",
      "代开发票",
    ]);

    const refused = await callHub(world, people.reviewer, "POST", `/api/answers/${blockedId}/approve`, {});
    expect(refused.status).toBe(409);
    const error = refused.json.error as { code: string; message: string; hits: { word: string; field: string }[] };
    expect(error.code).toBe("sensitive_words");
    expect(error.message).toContain("刷单返利");
    expect(error.hits.map((hit) => [hit.word, hit.field])).toEqual([
      ["刷单返利", "body"],
      ["代开发票", "body"],
    ]);
    expect(await publicationsOf(world, people.reviewer, blockedId)).toEqual([]);
    const [answer] = await world.database.db.select().from(answers).where(eq(answers.id, blockedId));
    expect(answer?.status).toBe("in_review");
  });
});
