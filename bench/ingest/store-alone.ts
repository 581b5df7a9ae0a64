/**
 * The pipeline's write timed on its own: posts prepared beforehand (segmented, understood, signed for dedup), then
 * stored with `upsertPosts` one chunk a transaction, as `storePreparedBatches` stores them but without linking
 * near-duplicates. No pipeline can store posts faster than this, so it bounds what work outside the write can win.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InboundItem } from "@qnzs/adapters/contract";
import { ensureImportAccount } from "@qnzs/core/channels/accounts";
import { type PreparedIngest, upsertPosts } from "@qnzs/core/ingest/index";
import { type PreparedBatch, preparePosts } from "@qnzs/core/ingest/prepare";
import { type Database, openDatabase } from "@qnzs/db";
import type { GeneratedPost } from "./generate.ts";

/** Records per chunk, as `qnzs import` stores them. */
export const BATCH = 1000;

export interface ScratchDatabase {
  database: Database;
  cleanup(): void;
}

export async function openScratchPglite(): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "qnzs-bench-"));
  const database = await openDatabase({ url: null, dataDir: dir });
  return { database, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A chunk's share of one channel, prepared as `importRecords` prepares it. */
export interface PreparedShare {
  channel: string;
  prepared: PreparedBatch;
}

/** The posts in chunks of `BATCH` records, each chunk split by channel and prepared (one thread). */
export function prepareChunks(posts: readonly GeneratedPost[], now: Date): PreparedShare[][] {
  const chunks: PreparedShare[][] = [];
  for (let start = 0; start < posts.length; start += BATCH) {
    const byChannel = new Map<string, InboundItem[]>();
    for (const post of posts.slice(start, start + BATCH)) {
      const items = byChannel.get(post.channel);
      if (items) items.push(post.item);
      else byChannel.set(post.channel, [post.item]);
    }
    chunks.push([...byChannel].map(([channel, items]) => ({ channel, prepared: preparePosts(items, now) })));
  }
  return chunks;
}

/** Gives each share the database's import account for its channel, as `importRecords` does. */
export async function attachAccounts(
  database: Database,
  chunks: readonly PreparedShare[][],
): Promise<PreparedIngest[][]> {
  const accounts = new Map<string, number>();
  for (const share of chunks.flat()) {
    if (!accounts.has(share.channel))
      accounts.set(share.channel, await ensureImportAccount(database.db, share.channel));
  }
  return chunks.map((chunk) =>
    chunk.map(({ channel, prepared }) => ({
      batch: { accountId: accounts.get(channel)!, channel, items: [] },
      prepared,
    })),
  );
}

export async function storeChunks(database: Database, chunks: readonly PreparedIngest[][], now: Date): Promise<void> {
  for (const chunk of chunks) {
    await database.db.transaction(async (tx) => {
      await upsertPosts(tx, chunk, now);
    });
  }
}
