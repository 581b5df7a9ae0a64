/**
 * Where the pipeline's write spends its time on PGlite: the same prepared posts stored by `upsertPosts` into
 * databases that each lack one part of what a post costs (an index, its reasons, its search vector), so each part's
 * price is the difference from the whole. The last two strip a post down: to what search needs, then to the bare row.
 *
 *   npm run bench:ingest-store -- [--n 50000] [--rounds 2] [--write]
 */
import type { PreparedPost } from "@qnzs/core/ingest/prepare";
import { sql } from "drizzle-orm";
import { describeRun, formatRate, parseFlag, writeResultsSection } from "../lib/report.ts";
import { createPostGenerator } from "./generate.ts";
import { attachAccounts, openScratchPglite, type PreparedShare, prepareChunks, storeChunks } from "./store-alone.ts";

const args = process.argv.slice(2);
const total = parseFlag(args, "--n", 50_000);
const rounds = parseFlag(args, "--rounds", 2);

/** The indexes on `posts` besides its primary key, its unique (account, external id) key and the full-text GIN. */
const OTHER_INDEXES = [
  "posts_published_idx",
  "posts_channel_published_idx",
  "posts_thread_idx",
  "posts_account_fetched_idx",
  "posts_dup_of_idx",
];

interface StoreVariant {
  name: string;
  dropIndexes?: string[];
  reshape?: (post: PreparedPost) => PreparedPost;
}

const withoutReasons = (post: PreparedPost): PreparedPost => ({
  ...post,
  understanding: { ...post.understanding, reasons: [] },
});
// the channel's lexeme is still added: the vector keeps one word
const withoutTokens = (post: PreparedPost): PreparedPost => ({ ...post, tokens: [] });

const VARIANTS: StoreVariant[] = [
  { name: "as the pipeline stores them" },
  { name: "no full-text GIN index", dropIndexes: ["posts_tsv_idx"] },
  { name: "no other B-trees (five)", dropIndexes: OTHER_INDEXES },
  { name: "no reasons", reshape: withoutReasons },
  { name: "an empty search vector", reshape: withoutTokens },
  {
    name: "no reasons, no other B-trees: the row, its unique key, its vector and GIN",
    dropIndexes: OTHER_INDEXES,
    reshape: withoutReasons,
  },
  {
    name: "the bare row and its unique key",
    dropIndexes: [...OTHER_INDEXES, "posts_tsv_idx"],
    reshape: (post) => withoutTokens(withoutReasons(post)),
  },
];

function reshapeChunks(chunks: PreparedShare[][], reshape: StoreVariant["reshape"]): PreparedShare[][] {
  if (!reshape) return chunks;
  return chunks.map((chunk) =>
    chunk.map((share) => ({ ...share, prepared: { ...share.prepared, posts: share.prepared.posts.map(reshape) } })),
  );
}

async function timeVariant(variant: StoreVariant, prepared: PreparedShare[][], now: Date): Promise<number> {
  const { database, cleanup } = await openScratchPglite();
  try {
    for (const name of variant.dropIndexes ?? []) await database.db.execute(sql.raw(`drop index ${name}`));
    const chunks = await attachAccounts(database, reshapeChunks(prepared, variant.reshape));
    const started = performance.now();
    await storeChunks(database, chunks, now);
    return performance.now() - started;
  } finally {
    await database.close();
    cleanup();
  }
}

async function main(): Promise<void> {
  const header = describeRun(`npm run bench:ingest-store -- --n ${total} --rounds ${rounds} --write`);
  const next = createPostGenerator(7);
  const now = new Date();
  const prepared = prepareChunks(
    Array.from({ length: total }, (_, i) => next(i)),
    now,
  );
  const best = new Map<string, number>();
  // rounds interleave the variants, so a busy moment of the machine does not land on one variant alone
  for (let round = 0; round < rounds; round++) {
    for (const variant of VARIANTS) {
      const ms = await timeVariant(variant, prepared, now);
      best.set(variant.name, Math.min(best.get(variant.name) ?? Number.POSITIVE_INFINITY, ms));
      console.log(`round ${round + 1}, ${variant.name}: ${formatRate(total, ms)}`);
    }
  }
  const whole = best.get(VARIANTS[0]!.name)!;
  const rows = VARIANTS.map((variant) => {
    const ms = best.get(variant.name)!;
    const perPost = (ms * 1000) / total;
    const saved = ((whole - ms) * 1000) / total;
    return `| ${variant.name} | ${formatRate(total, ms)} | ${perPost.toFixed(0)} µs | ${variant === VARIANTS[0] ? "" : `${saved.toFixed(0)} µs`} |`;
  });
  console.log(rows.join("\n"));
  if (args.includes("--write")) {
    writeResultsSection(
      "ingest: the write alone, part by part (PGlite)",
      [
        header,
        `- posts: ${total.toLocaleString("en-US")} generated and prepared beforehand; stored by \`upsertPosts\` in chunks of 1,000, no near-duplicate linking; the best of ${rounds} rounds`,
        "",
        "| posts stored with | rate | per post | less than as stored |",
        "| --- | --- | --- | --- |",
        ...rows,
      ].join("\n"),
    );
  }
}

await main();
