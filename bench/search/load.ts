import { safeStringify } from "@qnzs/core/ingest/prepare";
import { channelLexeme } from "@qnzs/core/search/query";
import { segmentForIndex } from "@qnzs/core/text/segment";
import { type Db, queryRows } from "@qnzs/db";
import { createChannelAccount } from "@qnzs/db/factories";
import { sql } from "drizzle-orm";
import { createPostGenerator } from "../ingest/generate.ts";

const CHUNK = 2000;

/**
 * Fills `posts` up to `target` rows with generated posts, fast: only what search reads is computed (tokens for
 * the full-text vector, channel, time, a category), skipping understanding and dedup, which search does not use.
 */
export async function loadPosts(db: Db, target: number, onProgress?: (done: number) => void): Promise<void> {
  const [{ count } = { count: "0" }] = await queryRows<{ count: string }>(db, sql`select count(*) from posts`);
  const accounts = new Map<string, number>();
  for (const row of await queryRows<{ id: string; kind: string }>(db, sql`select id, kind from channel_accounts`)) {
    accounts.set(row.kind, Number(row.id));
  }
  if (Number(count) > target) {
    throw new Error(`the database already holds ${count} posts, more than ${target}: measure smaller sizes first`);
  }
  const next = createPostGenerator(11);
  // the generator is a stream: replay it up to where the table already is, so texts do not repeat
  for (let i = 0; i < Number(count); i++) next(i);
  const categories = ["study", "employment", "rights", "relationships", "other", null];
  for (let start = Number(count); start < target; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(start + CHUNK, target); i++) {
      const { channel, item } = next(i);
      let accountId = accounts.get(channel);
      if (accountId === undefined) {
        accountId = (await createChannelAccount(db, { kind: channel, name: `bench-${channel}` })).id;
        accounts.set(channel, accountId);
      }
      const category = categories[i % categories.length];
      rows.push({
        account_id: accountId,
        channel,
        external_id: item.externalId,
        text: item.text,
        published_at: item.publishedAt,
        tokens: [...segmentForIndex(item.text), channelLexeme(channel)],
        is_question: category !== null,
        category,
      });
    }
    await db.execute(sql`
      insert into posts (account_id, channel, external_id, item_kind, text, published_at, raw, tsv, is_question, category)
      select r.account_id, r.channel, r.external_id, 'post', r.text, r.published_at, '{}'::jsonb, array_to_tsvector(r.tokens), r.is_question, r.category
      from jsonb_to_recordset(${safeStringify(rows)}::jsonb) as r(account_id bigint, channel text, external_id text,
        text text, published_at timestamptz, tokens text[], is_question boolean, category text)
      on conflict do nothing
    `);
    onProgress?.(Math.min(start + CHUNK, target));
  }
  // as after any bulk load: statistics for the planner, the visibility map set and the dirty pages written, so
  // that neither autovacuum nor a checkpoint does it in the middle of the measurements
  await db.execute(sql`vacuum analyze posts`);
  await db.execute(sql`checkpoint`);
}
