import type { Database } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { databaseTargets } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestBatch } from "../ingest/index.ts";
import { corpusItems } from "../testing/corpus.ts";
import { createPostgresSearch, type ReadPlan } from "./postgres-search.ts";
import type { SearchIndex } from "./types.ts";

const NOW = new Date("2025-02-01T00:00:00Z");

async function loadCorpusInto(database: Database): Promise<void> {
  const byChannel = new Map<string, ReturnType<typeof corpusItems>>();
  for (const entry of corpusItems()) byChannel.set(entry.channel, [...(byChannel.get(entry.channel) ?? []), entry]);
  for (const [channel, entries] of byChannel) {
    const account = await createChannelAccount(database.db, { kind: channel });
    await ingestBatch(database.db, { accountId: account.id, channel, items: entries.map((entry) => entry.item) });
  }
}

const targets = databaseTargets();
const opened: { name: string; database: Database; search: SearchIndex }[] = [];

beforeAll(async () => {
  for (const target of targets) {
    const database = await target.open();
    await loadCorpusInto(database);
    opened.push({ name: target.name, database, search: createPostgresSearch(database.db, () => NOW) });
  }
});
afterAll(async () => {
  for (const entry of opened) await entry.database.close();
});

describe("search over the corpus", () => {
  const search = () => opened[0]!.search;

  it("finds posts by a segmented word and marks it in the snippet", async () => {
    const result = await search().search({ text: "考研" });
    expect(result.total).toBeGreaterThanOrEqual(10);
    for (const hit of result.hits) {
      expect(hit.text).toContain("考研");
      expect(hit.highlight).toContain("<mark>考研</mark>");
    }
  });

  it("requires every word of the query, in any order", async () => {
    const result = await search().search({ text: "报名 西部计划" });
    expect(result.total).toBeGreaterThan(0);
    for (const hit of result.hits) expect(hit.text).toMatch(/西部计划[\s\S]*报名|报名[\s\S]*西部计划/);
  });

  it("finds a League term as one word (the League dictionary), and its parts", async () => {
    const whole = await search().search({ text: "团组织关系" });
    expect(whole.hits.length).toBeGreaterThan(0);
    expect(whole.hits.every((hit) => hit.text.includes("团组织关系"))).toBe(true);
    const part = await search().search({ text: "团组织" });
    expect(part.total).toBeGreaterThanOrEqual(whole.total);
  });

  it("filters by channel and by date, and pages with a stable total", async () => {
    const all = await search().search({ text: "怎么", limit: 5 });
    const weibo = await search().search({ text: "怎么", limit: 5, filters: { channel: ["weibo"] } });
    expect(weibo.hits.every((hit) => hit.channel === "weibo")).toBe(true);
    expect(weibo.total).toBeLessThan(all.total);

    const page2 = await search().search({ text: "怎么", limit: 5, offset: 5 });
    expect(page2.total).toBe(all.total);
    expect(page2.hits.map((hit) => hit.id)).not.toContain(all.hits[0]!.id);

    const january = await search().search({
      text: "怎么",
      filters: { from: new Date("2025-01-05T00:00:00Z"), to: new Date("2025-01-06T00:00:00Z") },
    });
    for (const hit of january.hits) expect(hit.publishedAt.toISOString() >= "2025-01-05").toBe(true);
    expect(january.total).toBeLessThan(all.total);

    const beyond = await search().search({ text: "怎么", offset: 10_000 });
    expect(beyond).toMatchObject({ total: all.total, hits: [] });
  });

  it("treats query syntax characters as text, not as operators", async () => {
    const result = await search().search({ text: "考研 & ! | ' \\ :*" });
    expect(result.hits.every((hit) => hit.text.includes("考研"))).toBe(true);
  });

  it("escapes post HTML in highlights", async () => {
    const result = await search().search({ text: "考研" });
    for (const hit of result.hits) expect(hit.highlight).not.toMatch(/<(?!\/?mark>)/);
  });

  it.runIf(targets.length > 1)("gives the same hits, in the same order, on PGlite and PostgreSQL", async () => {
    for (const text of ["考研", "西部计划", "工资 拖欠", "团费", "怎么 办"]) {
      const [pglite, postgres] = await Promise.all(opened.map((entry) => entry.search.search({ text, limit: 50 })));
      const view = (result: typeof pglite) => result!.hits.map((hit) => [hit.externalId, hit.score]);
      expect(postgres!.total).toBe(pglite!.total);
      expect(view(postgres)).toEqual(view(pglite));
    }
  });

  it("gives the same hits whether the matches are walked newest first or read out of the index", async () => {
    // before its first ANALYZE the planner counts no posts, and every query walks; after it, a few hundred
    // posts make every one of these rare enough to read all its matches from the index
    const { database } = opened[0]!;
    const queries = ["考研", "工资 拖欠", "团组织关系", "怎么", "12355"];
    const walked = await Promise.all(queries.map((text) => search().search({ text, limit: 50 })));
    await database.db.execute(sql`analyze posts`);
    const afterAnalyze = createPostgresSearch(database.db, () => NOW);
    for (const [index, text] of queries.entries()) {
      const read = await afterAnalyze.search({ text, limit: 50 });
      expect(read.total).toBe(walked[index]!.total);
      expect(read.hits.map((hit) => [hit.id, hit.score])).toEqual(
        walked[index]!.hits.map((hit) => [hit.id, hit.score]),
      );
      const onWeibo = { text, limit: 50, filters: { channel: ["weibo"] } };
      const [weiboRead, weiboWalked] = await Promise.all([afterAnalyze.search(onWeibo), search().search(onWeibo)]);
      expect(weiboRead.hits.map((hit) => hit.id)).toEqual(weiboWalked.hits.map((hit) => hit.id));
      expect(weiboRead.total).toBe(weiboWalked.total);
      expect(weiboRead.hits.every((hit) => hit.channel === "weibo")).toBe(true);
      const newest = await afterAnalyze.search({ text, limit: 5, offset: 3, order: "newest" });
      const newestWalked = await search().search({ text, limit: 5, offset: 3, order: "newest" });
      expect(newest.hits.map((hit) => hit.id)).toEqual(newestWalked.hits.map((hit) => hit.id));
    }
  });

  it("gives the same hits when a walk over only the newest posts is tried first, filled or not", async () => {
    const { database } = opened[0]!;
    const planned = (plan: ReadPlan) => createPostgresSearch(database.db, () => NOW, { planRead: async () => plan });
    const byIndex = planned({ read: "index" });
    // every post: the window fills whenever there are matches enough; three posts: it cannot, and the index read follows
    const [wide, narrow] = [planned({ read: "walk", newest: 100_000 }), planned({ read: "walk", newest: 3 })];
    for (const text of ["工资 拖欠", "考研", "怎么", "团组织关系"]) {
      expect((await byIndex.search({ text })).hits.length).toBeGreaterThan(0);
      for (const request of [
        { text, limit: 20 },
        { text, limit: 2, offset: 1, order: "newest" as const },
        { text, limit: 10, filters: { channel: ["weibo"] } },
        { text, limit: 10, filters: { channel: ["weibo", "wechat"] } },
        { text, limit: 10, offset: 500 },
      ]) {
        const expected = await byIndex.search(request);
        for (const walked of [await wide.search(request), await narrow.search(request)]) {
          expect(walked.total).toBe(expected.total);
          expect(walked.hits.map((hit) => [hit.id, hit.score])).toEqual(
            expected.hits.map((hit) => [hit.id, hit.score]),
          );
        }
      }
    }
  });
});
