import { readFileSync } from "node:fs";
import type { InboundItem } from "@qnzs/adapters/contract";
import { afterAll, describe, expect, it } from "vitest";
import { buildInboundItem } from "../testing/items.ts";
import { CORPUS_FIXTURE } from "../understand/corpus.ts";
import { preparePosts } from "./prepare.ts";
import { createPreparePool } from "./prepare-pool.ts";

const FETCHED_AT = new Date("2026-03-01T08:00:00Z");

function corpusItems(count: number): InboundItem[] {
  return readFileSync(CORPUS_FIXTURE, "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, count)
    .map((line, index) => {
      const post = JSON.parse(line) as { id: string; text: string };
      return buildInboundItem({ externalId: post.id, text: post.text, raw: { index }, counters: { likes: index } });
    });
}

describe("preparing posts on a worker thread", () => {
  const pool = createPreparePool();
  afterAll(() => pool.close());

  it("gives exactly what preparing them here gives: words, signatures, understanding and failures", async () => {
    const items: InboundItem[] = [...corpusItems(120), buildInboundItem({ externalId: "", text: "没有编号" })];
    const [inWorker, second] = await Promise.all([
      pool.prepare(items, FETCHED_AT),
      pool.prepare(items.slice(0, 5), FETCHED_AT),
    ]);
    expect(pool.threaded).toBe(true);
    expect(inWorker).toEqual(preparePosts(items, FETCHED_AT));
    expect(inWorker.posts).toHaveLength(120);
    expect(inWorker.failures).toEqual([{ raw: items[120]!.raw, reason: "missing external id" }]);
    expect(second.posts.map((post) => post.externalId)).toEqual(items.slice(0, 5).map((item) => item.externalId));
  });

  it("prepares here what cannot be sent to a thread, and loses nothing", async () => {
    const [item] = corpusItems(1);
    const odd = { ...item!, raw: { keep: () => "a function cannot be copied to a worker" } };
    const batch = await pool.prepare([odd], FETCHED_AT);
    expect(batch.posts).toHaveLength(1);
    expect(batch.posts[0]!.raw).toBe(odd.raw);
  });
});
