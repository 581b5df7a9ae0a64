import type { Database } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBatch } from "../ingest/index.ts";
import { buildInboundItem } from "../testing/items.ts";
import { planRead, RANKING_WINDOW } from "./postgres-search.ts";

/** 400 posts on a new account of the channel, a minute apart. */
async function storePosts(database: Database, channel: string, texts: (index: number) => string): Promise<void> {
  const account = await createChannelAccount(database.db, { kind: channel });
  await ingestBatch(database.db, {
    accountId: account.id,
    channel,
    items: Array.from({ length: 400 }, (_, index) =>
      buildInboundItem({
        externalId: `p${index}`,
        text: texts(index),
        publishedAt: new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString(),
      }),
    ),
  });
}

describe.each(databaseTargets())("choosing how to read a search's matches ($name)", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    // 工资 and 拖欠 are each common; on weibo they always come together, on wechat never: the planner cannot tell
    await storePosts(database, "weibo", (i) =>
      i % 5 < 4 ? `第${i}位同学：公司工资拖欠${i}个月了` : `第${i}个问题：考研报名时间`,
    );
    await storePosts(database, "wechat", (i) =>
      i % 5 < 2
        ? `第${i}位同学：工资发放在每月${i}号`
        : i % 5 < 4
          ? `第${i}位同学：房租拖欠${i}天`
          : `第${i}个问题：考研`,
    );
    await database.db.execute(sql`analyze posts`);
  });
  afterAll(async () => {
    await database?.close();
  });

  const plan = (channels: string[], narrowed = false) =>
    planRead(database.db, { terms: ["工资", "拖欠"], channels, narrowed, window: RANKING_WINDOW, posts: 800 });

  it("walks the newest posts for words that come together far more often than chance", async () => {
    const chosen = await plan(["weibo"]);
    expect(chosen).toMatchObject({ read: "walk" });
    expect(chosen.read === "walk" && chosen.newest).toBeGreaterThan(0);
  });

  it("reads the index for words that are common apart but rare together", async () => {
    expect(await plan(["wechat"])).toEqual({ read: "index" });
  });

  it("reads the index when other filters narrow the matches, which a bounded walk might run out of", async () => {
    expect(await plan(["weibo"], true)).toEqual({ read: "index" });
  });
});
