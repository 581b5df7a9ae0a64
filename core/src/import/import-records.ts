import type { InboundItem, RejectedPayload } from "@qnzs/adapters/contract";
import { type Db, refreshPlannerStatistics } from "@qnzs/db";
import { ensureImportAccount } from "../channels/accounts.ts";
import {
  type IngestOptions,
  type PreparedIngest,
  recordIngestFailures,
  storePreparedBatches,
} from "../ingest/index.ts";
import { preparePosts } from "../ingest/prepare.ts";
import { createPreparePool } from "../ingest/prepare-pool.ts";
import type { ImportRecord } from "./records.ts";

export interface ImportTotals {
  new: number;
  updated: number;
  duplicates: number;
  failed: number;
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** when the posts are stored (the hub's clock); now by default */
  now?: Date;
  /** runs in each chunk's transaction once its posts are stored: the hub opens cases for urgent posts there */
  afterStore?: IngestOptions["afterStore"];
}

/** One channel's share of a chunk of records. */
interface ImportGroup {
  channel: string;
  items: InboundItem[];
  rejected: RejectedPayload[];
}

/** A chunk of records: stored in one transaction, however many channels it holds. */
interface ImportChunk {
  groups: ImportGroup[];
  /** records read once this chunk is stored, for progress */
  done: number;
}

/** An import storing this many new posts refreshes the planner's statistics at its end. */
const STATISTICS_AFTER = 1000;
/** Below this many records a worker thread costs more to start than it saves. */
const PARALLEL_FROM = 3000;

/**
 * Feeds export records through the same ingest pipeline as crawled items, one transaction per chunk of
 * `batchSize` records (whatever channels it holds). Storing is idempotent, so an import interrupted anywhere can
 * simply be run again. A long import prepares the next chunk on a worker thread while the current one is stored.
 */
export async function importRecords(
  db: Db,
  records: ImportRecord[],
  options: ImportOptions = {},
): Promise<ImportTotals> {
  const batchSize = options.batchSize ?? 1000;
  const totals: ImportTotals = { new: 0, updated: 0, duplicates: 0, failed: 0 };
  const unattributed: RejectedPayload[] = [];
  const chunks: ImportChunk[] = [];
  for (let start = 0; start < records.length; start += batchSize) {
    const byChannel = new Map<string, ImportGroup>();
    const done = Math.min(start + batchSize, records.length);
    for (const record of records.slice(start, done)) {
      if (record.channel === null) {
        if (!record.ok) unattributed.push({ raw: record.raw, reason: record.reason });
        continue;
      }
      let group = byChannel.get(record.channel);
      if (!group) {
        group = { channel: record.channel, items: [], rejected: [] };
        byChannel.set(record.channel, group);
      }
      if (record.ok) group.items.push(record.item);
      else group.rejected.push({ raw: record.raw, reason: record.reason });
    }
    if (byChannel.size > 0) chunks.push({ groups: [...byChannel.values()], done });
  }
  if (unattributed.length > 0) {
    await recordIngestFailures(db, { accountId: null, channel: null }, unattributed);
    totals.failed += unattributed.length;
  }

  const pool = records.length >= PARALLEL_FROM ? createPreparePool() : null;
  const accounts = new Map<string, number>();
  const accountOf = async (channel: string) => {
    let accountId = accounts.get(channel);
    if (accountId === undefined) {
      accountId = await ensureImportAccount(db, channel);
      accounts.set(channel, accountId);
    }
    return accountId;
  };
  // each chunk is stamped when it is prepared (the hub's clock when given): its posts were fetched then
  const prepare = (chunk: ImportChunk) => {
    const fetchedAt = options.now ?? new Date();
    const prepared = chunk.groups.map((group) =>
      pool ? pool.prepare(group.items, fetchedAt) : Promise.resolve(preparePosts(group.items, fetchedAt)),
    );
    return Promise.all(prepared).then((batches) => ({ batches, fetchedAt }));
  };
  try {
    let upcoming = chunks.length > 0 ? prepare(chunks[0]!) : null;
    for (const [index, chunk] of chunks.entries()) {
      const { batches, fetchedAt } = await upcoming!;
      upcoming = index + 1 < chunks.length ? prepare(chunks[index + 1]!) : null;
      const entries: PreparedIngest[] = [];
      for (const [position, group] of chunk.groups.entries()) {
        const accountId = await accountOf(group.channel);
        entries.push({
          batch: { accountId, channel: group.channel, items: group.items, rejected: group.rejected },
          prepared: batches[position]!,
        });
      }
      const report = await storePreparedBatches(db, entries, {
        now: fetchedAt,
        ...(options.afterStore ? { afterStore: options.afterStore } : {}),
      });
      totals.new += report.new;
      totals.updated += report.updated;
      totals.duplicates += report.duplicates;
      totals.failed += report.failed;
      options.onProgress?.(chunk.done, records.length);
    }
    // the last records may all have been unattributed, with no chunk of their own
    if (records.length > (chunks.at(-1)?.done ?? 0)) options.onProgress?.(records.length, records.length);
  } finally {
    await pool?.close();
  }
  // what was just imported may dwarf what the planner's statistics last saw (search plans by them)
  if (totals.new >= STATISTICS_AFTER) await refreshPlannerStatistics(db);
  return totals;
}
