/**
 * The one entry point for inbound items from any channel: normalise, store idempotently, segment, index,
 * understand and link near-duplicates — in one transaction per batch, so a crash loses or doubles nothing.
 */

import type { InboundItem, RejectedPayload } from "@qnzs/adapters/contract";
import type { Db } from "@qnzs/db";
import { queryRows, refreshIngestStatistics } from "@qnzs/db";
import { sql } from "drizzle-orm";
import { channelLexeme } from "../search/query.ts";
import { packReasons } from "../understand/stored-reasons.ts";
import { linkNearDuplicates } from "./link-duplicates.ts";
import { fingerprintFailure, type PreparedBatch, type PreparedPost, preparePosts, safeStringify } from "./prepare.ts";

export interface IngestBatch {
  accountId: number;
  /** the account's channel kind */
  channel: string;
  items: InboundItem[];
  /** payloads the adapter could not map; recorded as failures */
  rejected?: RejectedPayload[];
}

export interface IngestReport {
  /** posts stored for the first time (near-duplicates included) */
  new: number;
  /** posts seen before: counters and raw payload refreshed */
  updated: number;
  /** of the new posts, those linked to an earlier post as the same question */
  duplicates: number;
  failed: number;
  /** ids of the posts stored for the first time, in batch order */
  newPostIds: number[];
  failures: RejectedPayload[];
}

interface UpsertedRow extends Record<string, unknown> {
  id: number | string;
  account_id: number | string;
  external_id: string;
  inserted: boolean;
}

export interface IngestOptions {
  now?: Date;
  /**
   * Runs inside the batch's transaction once the items are stored: a crawler advances its cursor here, so the
   * cursor never moves past items that were not stored.
   */
  afterStore?: (tx: Db, report: IngestReport) => Promise<void>;
}

export async function ingestBatch(db: Db, batch: IngestBatch, options: IngestOptions = {}): Promise<IngestReport> {
  const now = options.now ?? new Date();
  return storePreparedBatches(db, [{ batch, prepared: preparePosts(batch.items, now) }], { ...options, now });
}

/**
 * A batch prepared elsewhere (a worker thread, while the previous one was being stored), with its account. Several
 * stored together belong to different accounts: one account's items go in one batch.
 */
export interface PreparedIngest {
  /** `items` is not read again */
  batch: IngestBatch;
  prepared: PreparedBatch;
}

/**
 * The storing half of `ingestBatch`, for several accounts' batches at once: one transaction, and one statement
 * for each step over the posts whatever the number of accounts. An import's chunk holds a few hundred posts from each of several
 * channels; stored together rather than one transaction per channel, the ingest bench ran about 9 % faster.
 */
export async function storePreparedBatches(
  db: Db,
  entries: PreparedIngest[],
  options: IngestOptions = {},
): Promise<IngestReport> {
  const now = options.now ?? new Date();
  const byKey = new Map<string, PreparedPost>();
  for (const { batch, prepared } of entries) {
    for (const post of prepared.posts) byKey.set(postKey(batch.accountId, post.externalId), post);
  }
  const failuresOf = entries.map(({ batch, prepared }) => [...(batch.rejected ?? []), ...prepared.failures]);
  const failures = failuresOf.flat();

  const stored = await db.transaction(async (tx) => {
    const store = tx as unknown as Db;
    // one statement per account that has failures (they are rare), as each is recorded with its account
    for (const [index, { batch }] of entries.entries()) await recordIngestFailures(store, batch, failuresOf[index]!);
    let report: IngestReport = { new: 0, updated: 0, duplicates: 0, failed: failures.length, newPostIds: [], failures };
    if (byKey.size > 0) {
      const rows = await upsertPosts(store, entries, now);
      const newRows = rows.filter((row) => row.inserted);
      const newPosts = newRows.map((row) => ({
        id: Number(row.id),
        post: byKey.get(postKey(Number(row.account_id), row.external_id))!,
      }));
      const duplicates = await linkNearDuplicates(store, newPosts);
      report = {
        new: newRows.length,
        updated: rows.length - newRows.length,
        duplicates,
        failed: failures.length,
        newPostIds: newPosts.map((entry) => entry.id),
        failures,
      };
    }
    await options.afterStore?.(store, report);
    return report;
  });
  await refreshIngestStatistics(db);
  return stored;
}

function postKey(accountId: number, externalId: string): string {
  return `${accountId}\u0000${externalId}`;
}

/**
 * Inserts the prepared posts, or refreshes the counters and raw payload of those seen before, in one statement.
 * Exported for bench/ingest, which times it alone: no pipeline can store posts faster than its own write.
 */
export async function upsertPosts(db: Db, entries: PreparedIngest[], now: Date): Promise<UpsertedRow[]> {
  const records = entries.flatMap(({ batch, prepared }) => {
    const lexeme = channelLexeme(batch.channel);
    return prepared.posts.map((post) => ({
      account_id: batch.accountId,
      channel: batch.channel,
      external_id: post.externalId,
      item_kind: post.itemKind,
      thread_id: post.threadId,
      parent_id: post.parentId,
      author_id: post.authorId,
      author_name: post.authorName,
      author_location: post.authorLocation,
      title: post.title,
      text: post.text,
      url: post.url,
      published_at: post.publishedAt.toISOString(),
      counters: post.counters,
      raw: post.raw,
      tokens: [...post.tokens, lexeme],
      simhash: post.dedup?.simhash?.toString() ?? null,
      minhash: post.dedup?.minhash ? Buffer.from(post.dedup.minhash).toString("base64") : null,
      is_question: post.understanding.isQuestion,
      category: post.understanding.category,
      urgent: post.understanding.urgent,
      region: post.understanding.region,
      city: post.understanding.city,
      reasons: packReasons(post.understanding.reasons),
    }));
  });
  // One statement for all the rows: they travel as one JSON document and are expanded by the server.
  const result = await queryRows<UpsertedRow>(
    db,
    sql`
    insert into posts (
      account_id, channel, external_id, item_kind, thread_id, parent_id, author_id, author_name, author_location,
      title, text, url, published_at, fetched_at, counters, raw, tsv, simhash, minhash,
      is_question, category, urgent, region, city, reasons
    )
    select
      r.account_id, r.channel, r.external_id, r.item_kind, r.thread_id, r.parent_id, r.author_id, r.author_name,
      r.author_location, r.title, r.text, r.url, r.published_at, ${now.toISOString()}::timestamptz, r.counters, r.raw,
      array_to_tsvector(r.tokens), r.simhash, decode(r.minhash, 'base64'), r.is_question, r.category, r.urgent,
      r.region, r.city, r.reasons
    from json_to_recordset(${safeStringify(records)}::json) as r(
      account_id bigint, channel text, external_id text, item_kind text, thread_id text, parent_id text,
      author_id text, author_name text, author_location text, title text, text text, url text,
      published_at timestamptz, counters jsonb, raw jsonb, tokens text[], simhash bigint, minhash text,
      is_question boolean, category text, urgent boolean, region text, city text, reasons jsonb
    )
    on conflict (account_id, external_id) do update set
      counters = excluded.counters,
      raw = excluded.raw,
      fetched_at = excluded.fetched_at,
      updated_at = now()
    returning id, account_id, external_id, (xmax = 0) as inserted
  `,
  );
  return result;
}

/** Stores items that could not be ingested, with their reasons; the same bad item again counts as seen again. */
export async function recordIngestFailures(
  db: Db,
  source: { accountId: number | null; channel: string | null },
  failures: RejectedPayload[],
): Promise<void> {
  if (failures.length === 0) return;
  const byFingerprint = new Map<string, Record<string, unknown>>();
  for (const failure of failures) {
    const fingerprint = fingerprintFailure(source.accountId ?? 0, failure);
    byFingerprint.set(fingerprint, {
      account_id: source.accountId,
      channel: source.channel,
      external_id: externalIdOf(failure.raw),
      raw: failure.raw ?? null,
      reason: failure.reason,
      fingerprint,
    });
  }
  const records = [...byFingerprint.values()];
  await db.execute(sql`
    insert into ingest_failures (account_id, channel, external_id, raw, reason, fingerprint)
    select r.account_id, r.channel, r.external_id, r.raw, r.reason, r.fingerprint
    from json_to_recordset(${safeStringify(records)}::json) as r(
      account_id bigint, channel text, external_id text, raw jsonb, reason text, fingerprint text
    )
    on conflict (fingerprint) do update set
      occurrences = ingest_failures.occurrences + 1,
      last_seen_at = now()
  `);
}

function externalIdOf(raw: unknown): string | null {
  if (!raw || typeof raw !== "object") return null;
  const record = raw as Record<string, unknown>;
  const value = record.external_id ?? record.externalId ?? record.id;
  return typeof value === "string" || typeof value === "number" ? String(value) : null;
}
