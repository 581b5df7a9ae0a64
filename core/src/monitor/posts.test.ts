import type { Database } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { auditLog, users } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBatch } from "../ingest/index.ts";
import { buildInboundItem } from "../testing/items.ts";
import { correctPostUnderstanding, getPostDetail, listFoldedRepeats } from "./posts.ts";

const QUESTION = "实习单位拖欠工资两个月了，我是在校大学生，请问应该找谁维权？劳动仲裁需要哪些材料？";

describe.each(databaseTargets())("a post as the monitor opens it ($name)", (target) => {
  let database: Database;
  let accountId: number;
  let otherAccountId: number;
  let officerId: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await target.open();
    const { db } = database;
    accountId = (await createChannelAccount(db, { kind: "weibo" })).id;
    otherAccountId = (await createChannelAccount(db, { kind: "wechat" })).id;
    officerId = (await db.insert(users).values({ username: "officer", displayName: "张专员" }).returning())[0]!.id;
    const thread = await ingestBatch(db, {
      accountId,
      channel: "weibo",
      items: [
        buildInboundItem({
          externalId: "s1",
          text: "团省委发布：暑期社会实践报名开始",
          publishedAt: "2025-01-01T00:00:00Z",
        }),
        buildInboundItem({
          externalId: "c1",
          itemKind: "comment",
          threadId: "s1",
          text: QUESTION,
          publishedAt: "2025-01-01T01:00:00Z",
          raw: { idstr: "c1", text: "<b>拖欠</b>工资", user: { screen_name: "实习生" } },
        }),
        buildInboundItem({
          externalId: "c2",
          itemKind: "comment",
          threadId: "s1",
          parentId: "c1",
          text: "同问，我也遇到了",
          publishedAt: "2025-01-01T02:00:00Z",
        }),
        buildInboundItem({ externalId: "s2", text: "西部计划志愿者招募启动", publishedAt: "2025-01-02T00:00:00Z" }),
      ],
    });
    [ids.status, ids.comment, ids.reply, ids.unrelated] = thread.newPostIds as [number, number, number, number];
    const repeats = await ingestBatch(db, {
      accountId: otherAccountId,
      channel: "wechat",
      items: [buildInboundItem({ externalId: "w1", text: `${QUESTION}在线等`, publishedAt: "2025-01-03T00:00:00Z" })],
    });
    ids.repeat = repeats.newPostIds[0]!;
  });
  afterAll(async () => database.close());

  it("shows the post with its thread, its parent, its understanding and the raw payload as received", async () => {
    const detail = await getPostDetail(database.db, ids.reply!, null);
    expect(detail?.post.text).toBe("同问，我也遇到了");
    expect(detail?.thread.map((post) => post.externalId)).toEqual(["s1", "c1", "c2"]);
    expect(detail?.parent?.id).toBe(ids.comment);

    const comment = await getPostDetail(database.db, ids.comment!, null);
    expect(comment?.post.raw).toEqual({ idstr: "c1", text: "<b>拖欠</b>工资", user: { screen_name: "实习生" } });
    expect(comment?.understanding.isQuestion).toBe(true);
    expect(comment?.understanding.reasons.length).toBeGreaterThan(0);
    expect(comment?.duplicates.count).toBe(1);
    expect(comment?.duplicates.posts[0]?.id).toBe(ids.repeat);
  });

  it("keeps posts outside the reader's accounts out of sight", async () => {
    expect(await getPostDetail(database.db, ids.comment!, [otherAccountId])).toBeNull();
    expect(await getPostDetail(database.db, ids.comment!, [])).toBeNull();
    const repeat = await getPostDetail(database.db, ids.repeat!, [otherAccountId]);
    expect(repeat?.post.dupOf).toBe(ids.comment);
    // the original is in an account the reader does not watch: it is not shown
    expect(repeat?.duplicateOf).toBeNull();
    expect((await listFoldedRepeats(database.db, [ids.comment!], [accountId])).get(ids.comment!)).toBeUndefined();
    expect((await listFoldedRepeats(database.db, [ids.comment!], null)).get(ids.comment!)?.count).toBe(1);
  });

  it("records a correction with its audit row, and a re-ingest of the same item keeps it", async () => {
    const { db } = database;
    await expect(
      correctPostUnderstanding(db, {
        actorId: officerId,
        postId: ids.unrelated!,
        scope: [otherAccountId],
        correction: { isQuestion: true, category: "study", urgent: false, region: null },
      }),
    ).rejects.toMatchObject({ status: 404 });

    const corrected = await correctPostUnderstanding(db, {
      actorId: officerId,
      postId: ids.unrelated!,
      scope: [accountId],
      correction: { isQuestion: true, category: "employment", urgent: true, region: " 四川省 " },
      now: new Date("2025-02-01T00:00:00Z"),
    });
    expect(corrected).toMatchObject({ isQuestion: true, category: "employment", urgent: true, region: "四川省" });

    const audit = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(ids.unrelated)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: officerId, action: "post_understanding_corrected", subjectType: "post" });
    expect(audit[0]!.data).toMatchObject({ after: { category: "employment", urgent: true, region: "四川省" } });

    // the crawler sees the same item again (new counters): the person's decision stands
    await ingestBatch(db, {
      accountId,
      channel: "weibo",
      items: [
        buildInboundItem({
          externalId: "s2",
          text: "西部计划志愿者招募启动",
          publishedAt: "2025-01-02T00:00:00Z",
          counters: { reposts: 9 },
        }),
      ],
    });
    const detail = await getPostDetail(db, ids.unrelated!, null);
    expect(detail?.understanding).toMatchObject({ isQuestion: true, category: "employment", urgent: true });
    expect(detail?.correction).toMatchObject({ by: "张专员" });
    expect(detail?.post.counters).toEqual({ reposts: 9 });
  });

  it("refuses a category or a region that does not exist", async () => {
    await expect(
      correctPostUnderstanding(database.db, {
        actorId: officerId,
        postId: ids.status!,
        scope: null,
        correction: { isQuestion: true, category: "gossip" as never, urgent: false, region: null },
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      correctPostUnderstanding(database.db, {
        actorId: officerId,
        postId: ids.status!,
        scope: null,
        correction: { isQuestion: true, category: "study", urgent: false, region: "火星" },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
