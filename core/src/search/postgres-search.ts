import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import type { Category } from "@qnzs/db/schema";
import { type SQL, sql } from "drizzle-orm";
import { highlightTerms } from "./highlight.ts";
import { buildTsQuery, segmentQuery } from "./query.ts";
import type { SearchFilters, SearchHit, SearchIndex, SearchQuery, SearchResult } from "./types.ts";

const MAX_LIMIT = 200;
/** How many of the newest matches are ranked by relevance (more when a page reaches further). */
export const RANKING_WINDOW = 200;
/** Totals are exact up to this many matches; beyond, "1,000+" is as useful and costs a tenth. */
export const TOTAL_CAP = 1_000;
/** A post this many days old keeps half its relevance, one twice as old a third, and so on. */
const RECENCY_DAYS = 30;

interface HitRow extends Record<string, unknown> {
  id: number | string;
  channel: string;
  account_id: number | string;
  external_id: string;
  item_kind: string;
  author_name: string | null;
  title: string | null;
  text: string;
  url: string | null;
  published_at: string | Date;
  score: number | string;
  is_question: boolean | null;
  category: Category | null;
  urgent: boolean | null;
  region: string | null;
  city: string | null;
  dup_of: number | string | null;
}

/**
 * Search over the `tsv` column (jieba tokens as lexemes, GIN-indexed). Ranked by ts_rank weighted by recency;
 * the same SQL runs on PGlite and PostgreSQL, so both return the same hits.
 */
export function createPostgresSearch(db: Db, now: () => Date = () => new Date()): SearchIndex {
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 20)), MAX_LIMIT);
      const offset = Math.max(0, Math.trunc(query.offset ?? 0));
      const terms = segmentQuery(query.text);
      const conditions = buildFilters(query.filters ?? {});
      const reference = now().toISOString();
      let rows: HitRow[];
      if (terms.length > 0) conditions.unshift(sql`tsv @@ ${buildTsQuery(terms)}::tsquery`);
      if (terms.length > 0 && query.order !== "newest") {
        // Relevance is weighed among the newest matches only: a common word matches a large share of a million
        // posts, and ranking all of them would cost what a media officer's next keystroke cannot wait for.
        rows = await queryRows<HitRow>(
          db,
          sql`
            select c.id, c.channel, c.account_id, c.external_id, c.item_kind, c.author_name, c.title, c.text, c.url,
              c.published_at, c.is_question, c.category, c.urgent, c.region, c.city, c.dup_of, ts_rank(c.tsv, ${buildTsQuery(terms)}::tsquery)
              / (1 + greatest(0, extract(epoch from (${reference}::timestamptz - c.published_at))) / ${RECENCY_DAYS * 86400})
              as score
            from (
              select id, channel, account_id, external_id, item_kind, author_name, title, text, url, published_at,
                is_question, category, urgent, region, city, dup_of, tsv
              from posts
              where ${sql.join(conditions, sql` and `)}
              order by published_at desc, id desc
              limit ${literalCount(Math.max(RANKING_WINDOW, offset + limit))}
            ) c
            order by score desc, id desc
            limit ${limit} offset ${offset}
          `,
        );
      } else {
        rows = await queryRows<HitRow>(
          db,
          sql`
            select id, channel, account_id, external_id, item_kind, author_name, title, text, url, published_at,
              is_question, category, urgent, region, city, dup_of, 0 as score
            from posts
            ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
            order by published_at desc, id desc
            limit ${limit} offset ${offset}
          `,
        );
      }
      const counted = await countMatches(db, conditions);
      return {
        total: Math.min(counted, TOTAL_CAP),
        totalIsLowerBound: counted > TOTAL_CAP,
        terms,
        hits: rows.map((row) => toHit(row, terms)),
      };
    },
  };
}

/** Counts matches up to one past the cap. */
async function countMatches(db: Db, conditions: SQL[]): Promise<number> {
  const [row] = await queryRows<{ total: number | string }>(
    db,
    sql`
      select count(*) as total from (
        select 1 from posts
        ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
        limit ${literalCount(TOTAL_CAP + 1)}
      ) matches
    `,
  );
  return Number(row?.total ?? 0);
}

/**
 * A LIMIT written into the SQL rather than sent as a parameter: the planner only picks the walk down the
 * published_at index (stopping after a few hundred matches) when it can see how few rows are wanted.
 */
function literalCount(count: number): SQL {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error(`not a row count: ${count}`);
  return sql.raw(String(count));
}

function buildFilters(filters: SearchFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.channel?.length)
    conditions.push(
      sql`channel in (${sql.join(
        filters.channel.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  if (filters.accountId?.length) {
    conditions.push(
      sql`account_id in (${sql.join(
        filters.accountId.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  }
  if (filters.category?.length) {
    conditions.push(
      sql`category in (${sql.join(
        filters.category.map((c) => sql`${c}`),
        sql`, `,
      )})`,
    );
  }
  if (filters.region) conditions.push(sql`region = ${filters.region}`);
  if (filters.city) conditions.push(sql`city = ${filters.city}`);
  if (filters.isQuestion !== undefined) conditions.push(sql`is_question = ${filters.isQuestion}`);
  if (filters.urgent !== undefined) conditions.push(sql`urgent = ${filters.urgent}`);
  if (filters.from) conditions.push(sql`published_at >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to) conditions.push(sql`published_at < ${filters.to.toISOString()}::timestamptz`);
  if (filters.afterId !== undefined) conditions.push(sql`id > ${filters.afterId}`);
  if (filters.foldDuplicates && filters.accountId?.length) {
    conditions.push(
      sql`(dup_of is null or not exists (select 1 from posts shown where shown.id = posts.dup_of and shown.account_id in (${sql.join(
        filters.accountId.map((id) => sql`${id}`),
        sql`, `,
      )})))`,
    );
  } else if (filters.foldDuplicates) conditions.push(sql`dup_of is null`);
  return conditions;
}

function toHit(row: HitRow, terms: string[]): SearchHit {
  return {
    id: Number(row.id),
    channel: row.channel,
    accountId: Number(row.account_id),
    externalId: row.external_id,
    itemKind: row.item_kind,
    authorName: row.author_name,
    title: row.title,
    text: row.text,
    highlight: highlightTerms(row.text, terms),
    url: row.url,
    publishedAt: new Date(row.published_at),
    score: Math.round(Number(row.score) * 1e6) / 1e6,
    isQuestion: row.is_question,
    category: row.category,
    urgent: row.urgent,
    region: row.region,
    city: row.city,
    dupOf: row.dup_of == null ? null : Number(row.dup_of),
  };
}
