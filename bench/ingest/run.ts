/**
 * Ingest throughput: N generated posts through the whole pipeline as `qnzs import` runs it (normalise, segment,
 * understand, dedup, store, index) on PGlite and, when DATABASE_URL is set, PostgreSQL — next to two floors measured in the same
 * run: jieba segmentation alone, and batched plain inserts of the same rows alone. A third figure bounds what any
 * change short of the schema can win: the pipeline's own write timed alone (./store-alone.ts).
 *
 *   npm run bench:ingest -- [--n 100000] [--write]
 */
import { importRecords } from "@qnzs/core/import/index";
import { segmentForIndex, segmentWords } from "@qnzs/core/text/segment";
import type { Database } from "@qnzs/db";
import { openScratchPostgres } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { describeRun, formatRate, parseFlag, trackPeakMemory, writeResultsSection } from "../lib/report.ts";
import { createPostGenerator, type GeneratedPost } from "./generate.ts";
import {
  attachAccounts,
  BATCH,
  openScratchPglite,
  prepareChunks,
  type ScratchDatabase,
  storeChunks,
} from "./store-alone.ts";

const args = process.argv.slice(2);
const total = parseFlag(args, "--n", 100_000);

interface Measure {
  label: string;
  ms: number;
  peakMb: number;
}

async function measure(label: string, work: () => Promise<void> | void): Promise<Measure> {
  if (global.gc) global.gc();
  const memory = trackPeakMemory();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const peakMb = Math.round(memory.stop() / 2 ** 20);
  console.log(`${label}: ${formatRate(total, ms)} (${(ms / 1000).toFixed(1)} s, peak RSS ${peakMb} MiB)`);
  return { label, ms, peakMb };
}

function generate(): GeneratedPost[] {
  const next = createPostGenerator(7);
  return Array.from({ length: total }, (_, i) => next(i));
}

/** The pipeline as `qnzs import` runs it: batches of 1,000 per account, the next prepared while one is stored. */
async function runPipeline(database: Database, posts: GeneratedPost[]): Promise<void> {
  await importRecords(
    database.db,
    posts.map((post) => ({ ok: true, channel: post.channel, item: post.item })),
    { batchSize: BATCH },
  );
}

/** The floor for storage: the same rows, batched multi-row inserts into a table with no indexes or conflict checks. */
async function runPlainInserts(database: Database, posts: GeneratedPost[]): Promise<void> {
  await database.db.execute(sql`
    create table bench_plain (id bigint generated always as identity primary key, channel text, external_id text,
      text text, published_at timestamptz, raw jsonb)
  `);
  for (let start = 0; start < posts.length; start += BATCH) {
    const rows = posts.slice(start, start + BATCH).map((post) => ({
      channel: post.channel,
      external_id: post.item.externalId,
      text: post.item.text,
      published_at: post.item.publishedAt,
      raw: post.item.raw,
    }));
    await database.db.execute(sql`
      insert into bench_plain (channel, external_id, text, published_at, raw)
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as r(channel text, external_id text, text text, published_at timestamptz, raw jsonb)
    `);
  }
}

async function main(): Promise<void> {
  const header = describeRun(`npm run bench:ingest -- --n ${total} --write`);
  console.log(`generating ${total.toLocaleString("en-US")} posts…`);
  const posts = generate();
  const results: Measure[] = [];

  results.push(
    await measure("floor: jieba segmentation alone (words + index tokens)", () => {
      for (const post of posts) {
        segmentWords(post.item.text);
        segmentForIndex(post.item.text);
      }
    }),
  );

  const targets: { name: string; open(): Promise<ScratchDatabase> }[] = [{ name: "PGlite", open: openScratchPglite }];
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    targets.push({
      name: "PostgreSQL",
      open: async () => ({ database: await openScratchPostgres(url), cleanup() {} }),
    });
  }
  const measured: { name: string; floor: Measure; pipeline: Measure }[] = [];
  for (const target of targets) {
    const plain = await target.open();
    const floor = await measure(`floor: batched plain inserts alone (${target.name})`, () =>
      runPlainInserts(plain.database, posts),
    );
    await plain.database.close();
    plain.cleanup();

    const full = await target.open();
    const pipeline = await measure(`pipeline (${target.name})`, () => runPipeline(full.database, posts));
    await full.database.close();
    full.cleanup();
    measured.push({ name: target.name, floor, pipeline });
  }

  // after every pipeline: the prepared posts take a gigabyte at 100,000, which would swell the pipelines' peak RSS
  const now = new Date();
  const prepared = prepareChunks(posts, now);
  const writes: Measure[] = [];
  for (const target of targets) {
    const store = await target.open();
    const chunks = await attachAccounts(store.database, prepared);
    const write = await measure(`the pipeline's write alone, prepared posts (${target.name})`, () =>
      storeChunks(store.database, chunks, now),
    );
    writes.push(write);
    await store.database.close();
    store.cleanup();
  }

  const segmentation = results[0]!;
  const rows = measured.map(({ name, floor, pipeline }, index) => {
    const slower = floor.ms > segmentation.ms ? floor : segmentation;
    const ratio = pipeline.ms / slower.ms;
    console.log(`  ${name}: pipeline takes ${ratio.toFixed(2)}× the slower floor (${slower.label})`);
    return `| ${name} | ${formatRate(total, pipeline.ms)} | ${pipeline.peakMb} MiB | ${formatRate(total, segmentation.ms)} | ${formatRate(total, floor.ms)} | ${ratio.toFixed(2)}× | ${formatRate(total, writes[index]!.ms)} |`;
  });

  if (args.includes("--write")) {
    writeResultsSection(
      "ingest",
      [
        header,
        `- posts: ${total.toLocaleString("en-US")} generated (bench/ingest/generate.ts), batches of ${BATCH}`,
        "",
        "| database | pipeline | peak RSS | floor: segmentation | floor: plain inserts | pipeline ÷ slower floor | the pipeline's write alone |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
      ].join("\n"),
    );
  }
}

await main();
