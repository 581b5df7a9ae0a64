import type { InboundItem, RejectedPayload } from "@qnzs/adapters/contract";
import { type Db, refreshPlannerStatistics } from "@qnzs/db";
import { ensureImportAccount } from "../channels/accounts.ts";
import { type IngestOptions, recordIngestFailures, storePreparedBatch } from "../ingest/index.ts";
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
  /** runs in each batch's transaction once its posts are stored: the hub opens cases for urgent posts there */
  afterStore?: IngestOptions["afterStore"];
}

/** One account's share of one chunk of records: the unit stored in one transaction. */
interface ImportGroup {
  channel: string;
  items: InboundItem[];
  rejected: RejectedPayload[];
  /** records read once this group is stored, for progress */
  done: number;
}

/** An import storing this many new posts refreshes the planner's statistics at its end. */
const STATISTICS_AFTER = 1000;
/** Below this many records a worker thread costs more to start than it saves. */
const PARALLEL_FROM = 3000;

/**
 * Feeds export records through the same ingest pipeline as crawled items, one transaction per batch.
 * Batches are idempotent, so an import interrupted anywhere can simply be run again. A long import prepares
 * the next batch on a worker thread while the current one is stored.
 */
export async function importRecords(
  db: Db,
  records: ImportRecord[],
  options: ImportOptions = {},
): Promise<ImportTotals> {
  const batchSize = options.batchSize ?? 1000;
  const totals: ImportTotals = { new: 0, updated: 0, duplicates: 0, failed: 0 };
  const unattributed: RejectedPayload[] = [];
  const groups: ImportGroup[] = [];
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
        group = { channel: record.channel, items: [], rejected: [], done };
        byChannel.set(record.channel, group);
      }
      if (record.ok) group.items.push(record.item);
      else group.rejected.push({ raw: record.raw, reason: record.reason });
    }
    groups.push(...byChannel.values());
  }
  if (unattributed.length > 0) {
    await recordIngestFailures(db, { accountId: null, channel: null }, unattributed);
    totals.failed += unattributed.length;
  }

  const pool = records.length >= PARALLEL_FROM ? createPreparePool() : null;
  // each batch is stamped when it is prepared (the hub's clock when given): its posts were fetched then
  const prepare = (group: ImportGroup) => {
    const fetchedAt = options.now ?? new Date();
    const prepared = pool
      ? pool.prepare(group.items, fetchedAt)
      : Promise.resolve(preparePosts(group.items, fetchedAt));
    return prepared.then((batch) => ({ batch, fetchedAt }));
  };
  let reported = 0;
  const accounts = new Map<string, number>();
  try {
    let upcoming = groups.length > 0 ? prepare(groups[0]!) : null;
    for (const [index, group] of groups.entries()) {
      const { batch, fetchedAt } = await upcoming!;
      upcoming = index + 1 < groups.length ? prepare(groups[index + 1]!) : null;
      let accountId = accounts.get(group.channel);
      if (accountId === undefined) {
        accountId = await ensureImportAccount(db, group.channel);
        accounts.set(group.channel, accountId);
      }
      const report = await storePreparedBatch(
        db,
        { accountId, channel: group.channel, items: group.items, rejected: group.rejected },
        batch,
        { now: fetchedAt, ...(options.afterStore ? { afterStore: options.afterStore } : {}) },
      );
      totals.new += report.new;
      totals.updated += report.updated;
      totals.duplicates += report.duplicates;
      totals.failed += report.failed;
      if (groups[index + 1]?.done !== group.done) {
        reported = group.done;
        options.onProgress?.(reported, records.length);
      }
    }
    if (reported < records.length) options.onProgress?.(records.length, records.length);
  } finally {
    await pool?.close();
  }
  // what was just imported may dwarf what the planner's statistics last saw (search plans by them)
  if (totals.new >= STATISTICS_AFTER) await refreshPlannerStatistics(db);
  return totals;
}
