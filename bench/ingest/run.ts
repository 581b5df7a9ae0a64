/**
 * Ingest throughput: N generated posts through the whole pipeline as `qnzs import` runs it (normalise, segment,
 * understand, dedup, store, index) on PGlite and, when DATABASE_URL is set, PostgreSQL — next to two floors measured in the same
 * run: jieba segmentation alone, and batched plain inserts of the same rows alone.
 *
 *   npm run bench:ingest -- [--n 100000] [--write]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importRecords } from "@qnzs/core/import/index";
import { segmentForIndex, segmentWords } from "@qnzs/core/text/segment";
import { type Database, openDatabase } from "@qnzs/db";
import { openScratchPostgres } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { describeRun, formatRate, parseFlag, trackPeakMemory, writeResultsSection } from "../lib/report.ts";
import { createPostGenerator, type GeneratedPost } from "./generate.ts";

const BATCH = 1000;
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

async function openPglite(): Promise<{ database: Database; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "qnzs-bench-"));
  const database = await openDatabase({ url: null, dataDir: dir });
  return { database, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function main(): Promise<void> {
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

  const targets: { name: string; open(): Promise<{ database: Database; cleanup(): void }> }[] = [
    { name: "PGlite", open: openPglite },
  ];
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    targets.push({
      name: "PostgreSQL",
      open: async () => ({ database: await openScratchPostgres(url), cleanup() {} }),
    });
  }
  const rows: string[] = [];
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

    const segmentation = results[0]!;
    const slower = floor.ms > segmentation.ms ? floor : segmentation;
    const ratio = pipeline.ms / slower.ms;
    console.log(`  ${target.name}: pipeline takes ${ratio.toFixed(2)}× the slower floor (${slower.label})`);
    rows.push(
      `| ${target.name} | ${formatRate(total, pipeline.ms)} | ${pipeline.peakMb} MiB | ${formatRate(total, segmentation.ms)} | ${formatRate(total, floor.ms)} | ${ratio.toFixed(2)}× |`,
    );
  }

  if (args.includes("--write")) {
    writeResultsSection(
      "ingest",
      [
        describeRun(`npm run bench:ingest -- --n ${total} --write`),
        `- posts: ${total.toLocaleString("en-US")} generated (bench/ingest/generate.ts), batches of ${BATCH}`,
        "",
        "| database | pipeline | peak RSS | floor: segmentation | floor: plain inserts | pipeline ÷ slower floor |",
        "| --- | --- | --- | --- | --- | --- |",
        ...rows,
      ].join("\n"),
    );
  }
}

await main();
