/**
 * Search latency: p50/p95 of the full-text search (core/search) over 100,000 and 1,000,000 posts, next to a
 * plain ILIKE scan answering the same queries in the same run.
 *
 *   npm run bench:search -- [--sizes 100000,1000000] [--rounds 5] [--pglite DIR] [--postgres URL] [--write]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createPostgresSearch } from "@qnzs/core/search/index";
import { type Database, type Db, openDatabase, queryRows } from "@qnzs/db";
import { openScratchPostgres } from "@qnzs/db/testing";
import { sql } from "drizzle-orm";
import { describeRun, parseFlag, writeResultsSection } from "../lib/report.ts";
import { loadPosts } from "./load.ts";

const QUERIES: { text: string; channel?: string }[] = [
  { text: "考研" },
  { text: "工作" },
  { text: "怎么办" },
  { text: "西部计划 报名" },
  { text: "彩礼" },
  { text: "三支一扶" },
  { text: "团组织关系" },
  { text: "工资 拖欠" },
  { text: "租房 押金" },
  { text: "奖学金", channel: "weibo" },
  { text: "心理咨询" },
  { text: "12355" },
];

const args = process.argv.slice(2);
const sizes = (args.includes("--sizes") ? args[args.indexOf("--sizes") + 1]! : "100000,1000000")
  .split(",")
  .map((size) => Number(size.replace(/_/g, "")));
const rounds = parseFlag(args, "--rounds", 5);
/** `--postgres URL`: measure on this PostgreSQL database (kept between runs, topped up to each size) instead of a scratch one */
const keptPostgres = args.includes("--postgres") ? args[args.indexOf("--postgres") + 1] : undefined;
/** `--pglite DIR`: keep the PGlite data folder between runs instead of a temporary one */
const keptPglite = args.includes("--pglite") ? args[args.indexOf("--pglite") + 1] : undefined;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** The naive way: a substring scan of every post, newest first, with a count. */
async function searchByIlike(db: Db, text: string, channel?: string): Promise<number> {
  const words = text.split(/\s+/);
  const conditions = words.map((word) => sql`text ilike ${`%${word}%`}`);
  if (channel) conditions.push(sql`channel = ${channel}`);
  const where = sql.join(conditions, sql` and `);
  await queryRows(db, sql`select id, text from posts where ${where} order by published_at desc limit 20`);
  const [row] = await queryRows<{ n: string }>(db, sql`select count(*) as n from posts where ${where}`);
  return Number(row?.n ?? 0);
}

interface Row {
  database: string;
  size: number;
  p50: number;
  p95: number;
  ilikeP50: number;
  ilikeP95: number;
  meanTotal: number;
}

async function measureAt(name: string, database: Database, size: number): Promise<Row> {
  const started = performance.now();
  await loadPosts(database.db, size, (done) => {
    if (done % 100_000 === 0) console.log(`  ${name}: ${done.toLocaleString("en-US")} posts loaded`);
  });
  console.log(`  ${name}: loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const search = createPostgresSearch(database.db, () => new Date("2025-06-01T00:00:00Z"));
  const latencies: number[] = [];
  const ilike: number[] = [];
  let totals = 0;
  for (const query of QUERIES) {
    await search.search({ text: query.text, filters: { channel: query.channel ? [query.channel] : undefined } });
  }
  for (let round = 0; round < rounds; round++) {
    for (const query of QUERIES) {
      latencies.push(
        await time(async () => {
          const result = await search.search({
            text: query.text,
            filters: { channel: query.channel ? [query.channel] : undefined },
          });
          totals += result.total;
        }),
      );
    }
  }
  const ilikeRounds = Math.max(1, Math.floor(rounds / 5));
  for (let round = 0; round < ilikeRounds; round++) {
    for (const query of QUERIES) ilike.push(await time(() => searchByIlike(database.db, query.text, query.channel)));
  }
  const row: Row = {
    database: name,
    size,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    ilikeP50: percentile(ilike, 50),
    ilikeP95: percentile(ilike, 95),
    meanTotal: Math.round(totals / latencies.length),
  };
  console.log(
    `${name} @ ${size.toLocaleString("en-US")}: search p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms; ` +
      `ILIKE p50 ${row.ilikeP50.toFixed(0)} ms, p95 ${row.ilikeP95.toFixed(0)} ms; mean total ${row.meanTotal}`,
  );
  return row;
}

async function main(): Promise<void> {
  const header = describeRun(
    `npm run bench:search -- --sizes ${sizes.join(",")} --rounds ${rounds} --write` +
      `${keptPglite ? " --pglite DIR" : ""}${keptPostgres ? " --postgres URL" : ""}`,
  );
  const rows: Row[] = [];
  const dir = keptPglite ?? mkdtempSync(join(tmpdir(), "qnzs-bench-search-"));
  try {
    const pglite = await openDatabase({ url: null, dataDir: dir });
    for (const size of sizes) rows.push(await measureAt("PGlite", pglite, size));
    await pglite.close();
  } finally {
    if (!keptPglite) rmSync(dir, { recursive: true, force: true });
  }
  if (keptPostgres) {
    const postgres = await openDatabase({ url: keptPostgres });
    try {
      for (const size of sizes) rows.push(await measureAt("PostgreSQL", postgres, size));
    } finally {
      await postgres.close();
    }
  } else if (process.env.DATABASE_URL) {
    const postgres = await openScratchPostgres(process.env.DATABASE_URL);
    try {
      for (const size of sizes) rows.push(await measureAt("PostgreSQL", postgres, size));
    } finally {
      await postgres.close();
    }
  }
  if (args.includes("--write")) {
    writeResultsSection(
      `search: ${sizes.map((size) => size.toLocaleString("en-US")).join(" and ")} posts`,
      [
        header,
        ...(keptPglite || keptPostgres
          ? [
              "- the databases kept between the sizes: loaded to the first size, measured, topped up to the next, measured",
            ]
          : []),
        `- queries: ${QUERIES.map((q) => q.text + (q.channel ? ` (channel ${q.channel})` : "")).join("、")}; ${rounds} rounds after one warm-up`,
        "",
        "| database | posts | search p50 | search p95 | ILIKE p50 | ILIKE p95 | mean hits |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...rows.map(
          (r) =>
            `| ${r.database} | ${r.size.toLocaleString("en-US")} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.ilikeP50.toFixed(0)} ms | ${r.ilikeP95.toFixed(0)} ms | ${r.meanTotal.toLocaleString("en-US")} |`,
        ),
      ].join("\n"),
    );
  }
}

await main();
