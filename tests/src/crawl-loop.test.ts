/**
 * The whole loop against the simulator: one crawl of every channel (plus the pushes) stores exactly what the
 * simulator served, a second crawl adds nothing, and answers go back threaded to what they answer.
 */
import { sendReplyToPost } from "@qnzs/crawlers";
import { queryRows } from "@qnzs/db";
import { posts } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import type { PublishedEntry } from "@qnzs/simulator";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedPosts, getJson, postsByKind, push, simStats, startWorld, type World } from "./world.ts";

describe.each(databaseTargets())("the crawl loop on $name", (target) => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(target);
  });
  afterAll(() => world?.close());

  it("stores exactly what the simulator served, and a second crawl adds nothing", async () => {
    expect((await push(world, "wechat")).failed).toEqual([]);
    expect((await push(world, "weibang")).failed).toEqual([]);
    const first = await world.hub.operations.crawl({});
    expect(first.failed).toBe(0);
    expect(first.accounts.map((a) => a.kind).sort()).toEqual([
      "h5",
      "h5",
      "rss",
      "rss",
      "rss",
      "rss",
      "wechat",
      "weibo",
    ]);

    const stored = await postsByKind(world);
    const expected = await expectedPosts(world, await simStats(world));
    expect(stored).toEqual(expected);
    for (const kind of ["weibo", "wechat", "weibang", "h5", "rss"]) expect(stored[kind]).toBeGreaterThan(0);

    const second = await world.hub.operations.crawl({});
    expect(second.itemsNew).toBe(0);
    expect(second.failed).toBe(0);
    expect(await postsByKind(world)).toEqual(stored);

    const health = await world.hub.operations.listChannels();
    for (const account of health) {
      expect(account.health.status, account.name).toBe("active");
      expect(account.health.errorStreak, account.name).toBe(0);
      expect(account.health.lastSuccessAt, account.name).not.toBeNull();
    }
  });

  it("records every run with what it saw and what was new", async () => {
    const runs = await queryRows<{ account_id: string; runs: string; seen: string; new: string; errors: string }>(
      world.database.db,
      sql`select account_id, count(*) as runs, sum(items_seen) as seen, sum(items_new) as new,
            count(error_kind) as errors
          from crawl_runs where ended_at is not null group by account_id`,
    );
    const weibo = runs.find((run) => Number(run.account_id) === world.accountOf("weibo"))!;
    const stored = (await postsByKind(world)).weibo!;
    expect(Number(weibo.runs)).toBe(2);
    expect(Number(weibo.new)).toBe(stored);
    // the second run starts from the stored cursor: Weibo hands it nothing it had handed before
    expect(Number(weibo.seen)).toBe(stored);
    expect(runs.every((run) => Number(run.errors) === 0)).toBe(true);
  });

  it("answers a Weibo comment with cid + id and a status with its id", async () => {
    const comment = await firstPost(world, world.accountOf("weibo"), "comment");
    const status = await firstPost(world, world.accountOf("weibo"), "post");
    await sendReplyToPost(world.hub.runtime, {
      postId: comment.id,
      text: "您好，已转交团委处理。",
      idempotencyKey: "t-1",
    });
    await sendReplyToPost(world.hub.runtime, {
      postId: status.id,
      text: "收到，我们会尽快回复。",
      idempotencyKey: "t-2",
    });
    const record = await getJson<PublishedEntry[]>(`${world.sim.url}/_sim/record`);
    const replies = record.filter((entry) => entry.platform === "weibo");
    expect(replies.at(-2)).toMatchObject({
      endpoint: "/2/comments/reply.json",
      params: { cid: comment.externalId, id: comment.threadId },
    });
    expect(replies.at(-1)).toMatchObject({ endpoint: "/2/comments/create.json", params: { id: status.externalId } });
  });

  it("answers a WeChat message by openid and an article comment by msg_data_id + user_comment_id", async () => {
    const message = await firstPost(world, world.accountOf("wechat"), "message", "24537311016820701");
    const comment = await firstPost(world, world.accountOf("wechat"), "comment");
    await sendReplyToPost(world.hub.runtime, {
      postId: message.id,
      text: "同学你好，培训贷可拨打12355咨询。",
      idempotencyKey: "t-3",
    });
    await sendReplyToPost(world.hub.runtime, {
      postId: comment.id,
      text: "感谢留言，已转相关部门。",
      idempotencyKey: "t-4",
    });
    const replies = (await getJson<PublishedEntry[]>(`${world.sim.url}/_sim/record`)).filter(
      (entry) => entry.platform === "wechat",
    );
    expect(replies.at(-2)).toMatchObject({
      endpoint: "/cgi-bin/message/custom/send",
      params: { touser: message.authorId },
    });
    const [msgDataId, index, userCommentId] = comment.externalId.split(":");
    expect(replies.at(-1)).toMatchObject({
      endpoint: "/cgi-bin/comment/reply/add",
      params: { msg_data_id: Number(msgDataId), index: Number(index), user_comment_id: Number(userCommentId) },
    });
  });
});

async function firstPost(
  world: World,
  accountId: number,
  itemKind: "post" | "comment" | "message",
  externalId?: string,
) {
  const rows = await world.database.db
    .select()
    .from(posts)
    .where(
      and(
        eq(posts.accountId, accountId),
        eq(posts.itemKind, itemKind),
        ...(externalId ? [eq(posts.externalId, externalId)] : []),
      ),
    )
    .orderBy(posts.id)
    .limit(1);
  if (!rows[0]) throw new Error(`no ${itemKind} post on account ${accountId}`);
  return rows[0];
}
