import type { Db } from "@qnzs/db";
import { ensureImportAccount } from "../channels/accounts.ts";
import { type IngestOptions, ingestBatch, recordIngestFailures } from "../ingest/index.ts";
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

/**
 * Feeds export records through the same ingest pipeline as crawled items, one transaction per batch.
 * Batches are idempotent, so an import interrupted anywhere can simply be run again.
 */
export async function importRecords(
  db: Db,
  records: ImportRecord[],
  options: ImportOptions = {},
): Promise<ImportTotals> {
  const batchSize = options.batchSize ?? 1000;
  const totals: ImportTotals = { new: 0, updated: 0, duplicates: 0, failed: 0 };
  const accounts = new Map<string, number>();
  for (let start = 0; start < records.length; start += batchSize) {
    const chunk = records.slice(start, start + batchSize);
    const byChannel = new Map<string, ImportRecord[]>();
    const unattributed: { raw: unknown; reason: string }[] = [];
    for (const record of chunk) {
      if (record.channel === null) {
        if (!record.ok) unattributed.push({ raw: record.raw, reason: record.reason });
        continue;
      }
      const list = byChannel.get(record.channel);
      if (list) list.push(record);
      else byChannel.set(record.channel, [record]);
    }
    if (unattributed.length > 0) {
      await recordIngestFailures(db, { accountId: null, channel: null }, unattributed);
      totals.failed += unattributed.length;
    }
    for (const [channel, group] of byChannel) {
      let accountId = accounts.get(channel);
      if (accountId === undefined) {
        accountId = await ensureImportAccount(db, channel);
        accounts.set(channel, accountId);
      }
      const report = await ingestBatch(
        db,
        {
          accountId,
          channel,
          items: group.flatMap((record) => (record.ok ? [record.item] : [])),
          rejected: group.flatMap((record) => (record.ok ? [] : [{ raw: record.raw, reason: record.reason }])),
        },
        {
          ...(options.now ? { now: options.now } : {}),
          ...(options.afterStore ? { afterStore: options.afterStore } : {}),
        },
      );
      totals.new += report.new;
      totals.updated += report.updated;
      totals.duplicates += report.duplicates;
      totals.failed += report.failed;
    }
    options.onProgress?.(Math.min(start + batchSize, records.length), records.length);
  }
  return totals;
}
