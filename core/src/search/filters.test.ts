import type { Database } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBatch } from "../ingest/index.ts";
import { buildInboundItem } from "../testing/items.ts";
import { createPostgresSearch } from "./postgres-search.ts";

const QUESTION = "请问大学生申请国家助学贷款需要准备哪些材料？户口在成都，第一次申请，去哪里办理？";

describe.each(databaseTargets())("the monitor's search filters ($name)", (target) => {
  let database: Database;
  let accountA: number;
  let accountB: number;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await target.open();
    accountA = (await createChannelAccount(database.db, { kind: "weibo" })).id;
    accountB = (await createChannelAccount(database.db, { kind: "wechat" })).id;
    const first = await ingestBatch(database.db, {
      accountId: accountA,
      channel: "weibo",
      items: [
        buildInboundItem({ externalId: "a-old", text: "助学贷款的利息怎么算？", publishedAt: "2025-01-01T00:00:00Z" }),
        buildInboundItem({ externalId: "a-original", text: QUESTION, publishedAt: "2025-01-02T00:00:00Z" }),
      ],
    });
    [ids.old, ids.original] = first.newPostIds as [number, number];
    // the same question again on another channel, and once more on the first one
    const copies = await ingestBatch(database.db, {
      accountId: accountB,
      channel: "wechat",
      items: [buildInboundItem({ externalId: "b-copy", text: `${QUESTION}谢谢`, publishedAt: "2025-01-03T00:00:00Z" })],
    });
    ids.copyB = copies.newPostIds[0]!;
    const late = await ingestBatch(database.db, {
      accountId: accountA,
      channel: "weibo",
      items: [
        buildInboundItem({ externalId: "a-copy", text: `${QUESTION}急！`, publishedAt: "2025-01-04T00:00:00Z" }),
        // arrives last but was written first: "newest" orders by time, arrival order is the id
        buildInboundItem({ externalId: "a-backfill", text: "助学贷款续贷手续", publishedAt: "2024-12-01T00:00:00Z" }),
      ],
    });
    [ids.copyA, ids.backfill] = late.newPostIds as [number, number];
  });
  afterAll(async () => database.close());

  it("links the repeats to the original (the premise of folding)", async () => {
    const result = await createPostgresSearch(database.db).search({ text: "", limit: 10 });
    const dupOf = new Map(result.hits.map((hit) => [hit.id, hit.dupOf]));
    expect(dupOf.get(ids.copyA!)).toBe(ids.original);
    expect(dupOf.get(ids.copyB!)).toBe(ids.original);
  });

  it("folds repeats under a shown original, but lists a repeat whose original the reader cannot see", async () => {
    const search = createPostgresSearch(database.db);
    const everything = await search.search({ text: "助学贷款", filters: { foldDuplicates: true } });
    expect(everything.hits.map((hit) => hit.id).sort()).toEqual([ids.old, ids.original, ids.backfill].sort());

    const onlyB = await search.search({ text: "助学贷款", filters: { foldDuplicates: true, accountId: [accountB] } });
    expect(onlyB.hits.map((hit) => hit.id)).toEqual([ids.copyB]);

    const both = await search.search({
      text: "助学贷款",
      filters: { foldDuplicates: true, accountId: [accountA, accountB] },
    });
    expect(both.total).toBe(3);
  });

  it("orders matches by time when asked, and counts what arrived after a given post", async () => {
    const search = createPostgresSearch(database.db);
    const newest = await search.search({ text: "助学贷款", order: "newest" });
    const times = newest.hits.map((hit) => hit.publishedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(newest.hits[0]!.id).toBe(ids.copyA);

    const since = await search.search({ text: "助学贷款", limit: 1, filters: { afterId: ids.copyB! } });
    expect(since.total).toBe(2);
    const sinceFolded = await search.search({
      text: "助学贷款",
      limit: 1,
      filters: { afterId: ids.copyB!, foldDuplicates: true },
    });
    expect(sinceFolded.total).toBe(1);
  });
});
