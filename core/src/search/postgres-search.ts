import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import type { Category } from "@qnzs/db/schema";
import { type SQL, sql } from "drizzle-orm";
import { highlightTerms } from "./highlight.ts";
import { buildChannelTsQuery, buildTsQuery, segmentQuery } from "./query.ts";
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
 *
 * Two ways to find the newest matches, chosen per query from the planner's estimate of how many posts contain
 * the words. A common word is found fastest by walking the `published_at` index newest first and testing each
 * post (about `window ÷ share of posts matching` rows); a rarer one by reading all its matches out of the GIN
 * index and sorting them (as many rows as matches). PostgreSQL's own choice walks too often when a LIMIT is
 * near: at a million posts 租房 押金 (3,215 matches) walked 69,000 rows in 34–48 ms where the index read takes
 * about 15.
 */
export function createPostgresSearch(
  db: Db,
  now: () => Date = () => new Date(),
  options: { planRead?: ReadPlanner } = {},
): SearchIndex {
  const plan = options.planRead ?? planRead;
  const countPosts = cacheFor(POST_COUNT_TTL_MS, async () => {
    const [row] = await queryRows<{ posts: number | string }>(
      db,
      sql`select greatest(reltuples, 0) as posts from pg_class where oid = 'posts'::regclass`,
    );
    return Number(row?.posts ?? 0);
  });
  return {
    async search(query: SearchQuery): Promise<SearchResult> {
      const limit = Math.min(Math.max(1, Math.trunc(query.limit ?? 20)), MAX_LIMIT);
      const offset = Math.max(0, Math.trunc(query.offset ?? 0));
      const terms = segmentQuery(query.text);
      const conditions = buildFilters(query.filters ?? {});
      if (terms.length === 0) {
        const [rows, counted] = await Promise.all([
          queryRows<HitRow>(
            db,
            sql`
              select ${HIT_COLUMNS}, 0 as score
              from posts
              ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
              order by published_at desc, id desc
              limit ${limit} offset ${offset}
            `,
          ),
          countMatches(db, conditions),
        ]);
        return toResult(rows, counted, terms);
      }

      const tsQuery = sql`${buildTsQuery(terms)}::tsquery`;
      // The words, and the channels asked for, which the vector holds too. The index read and the counts leave the
      // channel column alone: given it, the planner also read the channel's B-tree and intersected the two (奖学金 on
      // Weibo, a million posts: 200,000 entries read to drop none, 22 of 30 ms). The walk keeps it, so that an
      // unbounded walk can go down that channel's own `published_at` index.
      const indexQuery = matchWords(terms, query.filters?.channel);
      const matchConditions = [indexQuery, ...buildFilters({ ...query.filters, channel: undefined })];
      const where = sql.join(matchConditions, sql` and `);
      // Relevance is weighed among the newest matches only: a common word matches a large share of a million
      // posts, and ranking all of them would cost what a media officer's next keystroke cannot wait for.
      const relevance = query.order !== "newest";
      const window = relevance ? Math.max(RANKING_WINDOW, offset + limit) : offset + limit;
      const score = relevance
        ? sql`ts_rank(p.tsv, ${tsQuery})
            / (1 + greatest(0, extract(epoch from (${now().toISOString()}::timestamptz - p.published_at))) / ${RECENCY_DAYS * 86400})`
        : sql`0`;
      const order = relevance ? sql`score desc, p.id desc` : sql`p.published_at desc, p.id desc`;

      const chosen = await plan(db, {
        terms,
        channels: query.filters?.channel,
        narrowed: matchConditions.length > 1,
        window,
        posts: await countPosts(),
      });
      if (chosen.read === "walk") {
        // Newest first, testing each post. A bounded walk reads only the newest `chosen.newest` posts, and stands
        // only if its window filled: then it holds the newest matches of all.
        const source = chosen.newest
          ? sql`(select * from posts order by published_at desc, id desc limit ${literalCount(chosen.newest)}) recent`
          : sql`posts`;
        // On PostgreSQL the walk and the count run side by side, each on a connection of its own, so each sees its
        // own snapshot: posts stored in between can make the total differ from the hits by those few.
        const [rows, counted] = await Promise.all([
          queryRows<HitRow & { walked: number | string }>(
            db,
            sql`
              select ${HIT_COLUMNS_OF_P}, ${score} as score, count(*) over () as walked
              from (
                select * from ${source}
                where ${sql.join([indexQuery, ...conditions], sql` and `)}
                order by published_at desc, id desc
                limit ${literalCount(window)}
              ) p
              order by ${order}
              limit ${limit} offset ${offset}
            `,
          ),
          countMatches(db, matchConditions),
        ]);
        // A bounded walk stands if it filled its window or saw every match (the count is exact up to its cap), or
        // if the page starts past the last match anyway (then no row tells how many the walk saw).
        const walked = Number(rows[0]?.walked ?? 0);
        const seenAll = counted <= TOTAL_CAP && (walked >= counted || offset >= counted);
        if (!chosen.newest || walked >= window || seenAll) {
          return toResult(rows, counted, terms);
        }
      }
      const rows = await queryRows<HitRow & { total: number | string }>(
        db,
        sql`
          with matched as materialized (select id, published_at from posts where ${where}),
          newest as (select id from matched order by published_at desc, id desc limit ${literalCount(window)})
          select ${HIT_COLUMNS_OF_P}, ${score} as score, (select count(*) from matched) as total
          from newest n join posts p on p.id = n.id
          order by ${order}
          limit ${limit} offset ${offset}
        `,
      );
      // a page past the last match has no row to carry the total: count again (rare, and cheap when rare)
      return toResult(rows, rows[0] ? Number(rows[0].total) : await countMatches(db, matchConditions), terms);
    },
  };
}

/** How many posts sampled to learn how often a query's words come together. */
const COOCCURRENCE_SAMPLE = 200;

/** How a search finds its newest matches: read them all out of the GIN index, or walk the newest posts. */
export type ReadPlan = { read: "index" } | WalkPlan;

interface WalkPlan {
  read: "walk";
  /** read only this many of the newest posts, and fall back to the index read if they hold too few matches */
  newest?: number;
}

export interface ReadQuestion {
  terms: string[];
  channels: string[] | undefined;
  /** other filters (account, category, dates …) drop matches that no estimate here sees */
  narrowed: boolean;
  /** how many of the newest matches are wanted */
  window: number;
  /** posts in the table, as the planner last counted them */
  posts: number;
}

export type ReadPlanner = (db: Db, question: ReadQuestion) => Promise<ReadPlan>;

/**
 * Chooses between the index read and the walk from how many posts the index holds for the query (its own
 * matches: the index read fetches every one of them before another filter drops any).
 *
 * The planner multiplies the words' shares as if they were independent, but the words of one question come
 * together: 工资 拖欠 (wages, in arrears) has 11,370 matches in a million posts where the planner expects 1,460,
 * and reading them all took 35 ms on PostgreSQL and 60 on PGlite, against 7 and 15 for the walk. So when the
 * words are common one by one but rare together by that estimate, a sample of the posts holding the rarest word
 * tells how many also hold the others (the first posts the index returns, the oldest on disk: a sample of the
 * words' habits, not of the newest posts). The walk this chooses is bounded (the planner, trusting its own
 * estimate, would not walk), with room for the sample to be four times too hopeful; when it does not fill its
 * window the index read follows, so a wrong guess costs one bounded walk (4 × window × posts ÷ matches rows) on top
 * of the read it would have done.
 */
export async function planRead(db: Db, question: ReadQuestion): Promise<ReadPlan> {
  const { terms, channels, narrowed, window, posts } = question;
  const together = await estimateMatches(db, matchWords(terms, channels));
  if (!preferIndexRead(together, window, posts)) return { read: "walk" };
  // with other filters a bounded walk could run its length and find too few: the index read is bounded already
  if (terms.length < 2 || narrowed) return { read: "index" };
  const alone = await Promise.all(
    terms.map(async (word) => ({ word, matches: await estimateMatches(db, matchWords([word], channels)) })),
  );
  const rarest = alone.reduce((rarer, next) => (next.matches < rarer.matches ? next : rarer));
  if (preferIndexRead(rarest.matches, window, posts)) return { read: "index" };
  const [sample] = await queryRows<{ sampled: number | string; matched: number | string }>(
    db,
    sql`
      select count(*) as sampled, count(*) filter (where ${matchWords(terms, channels)}) as matched
      from (select tsv from posts where ${matchWords([rarest.word], channels)} limit ${literalCount(COOCCURRENCE_SAMPLE)}) s
    `,
  );
  const sampled = Number(sample?.sampled ?? 0);
  const matches = sampled > 0 ? (rarest.matches * Number(sample?.matched ?? 0)) / sampled : 0;
  if (preferIndexRead(matches, window, posts)) return { read: "index" };
  return { read: "walk", newest: Math.min(posts, Math.ceil((4 * window * posts) / matches)) };
}

/** Posts holding every word, on one of the channels when any are given: a condition the GIN index answers alone. */
function matchWords(words: readonly string[], channels: readonly string[] | undefined): SQL {
  return sql`tsv @@ ${buildChannelTsQuery(words, channels)}::tsquery`;
}

/**
 * Whether reading every match from the GIN index beats walking the newest posts. Reading M matches costs about
 * M row reads; walking for the newest W about W × N ÷ M, each about five times cheaper (the walk reads rows
 * in the order they lie on disk; measured at a million posts). Equal where M² = W × N ÷ 5: at a million posts
 * and W = 200, near 6,300 matches.
 */
function preferIndexRead(estimatedMatches: number, window: number, posts: number): boolean {
  return estimatedMatches * estimatedMatches <= (window * posts) / 5;
}

const HIT_COLUMN_NAMES = [
  "id",
  "channel",
  "account_id",
  "external_id",
  "item_kind",
  "author_name",
  "title",
  "text",
  "url",
  "published_at",
  "is_question",
  "category",
  "urgent",
  "region",
  "city",
  "dup_of",
];
const HIT_COLUMNS = sql.raw(HIT_COLUMN_NAMES.join(", "));
/** the same columns of the row source named `p` */
const HIT_COLUMNS_OF_P = sql.raw(HIT_COLUMN_NAMES.map((column) => `p.${column}`).join(", "));

/** The planner's count of posts (as of its last statistics) is all the choice needs: read it now and then. */
const POST_COUNT_TTL_MS = 60_000;

function cacheFor<T>(ttlMs: number, load: () => Promise<T>): () => Promise<T> {
  let cached: { value: Promise<T>; at: number } | null = null;
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const value = load();
      cached = { value, at: Date.now() };
      value.catch(() => {
        cached = null;
      });
    }
    return cached.value;
  };
}

/** How many posts the planner expects to match, from its statistics: no rows are read. */
async function estimateMatches(db: Db, where: SQL): Promise<number> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`explain (format json) select 1 from posts where ${where}`,
  );
  const cell = row ? Object.values(row)[0] : null;
  const plan = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan?: { "Plan Rows"?: number } }[] | null;
  return plan?.[0]?.Plan?.["Plan Rows"] ?? Number.POSITIVE_INFINITY;
}

function toResult(rows: HitRow[], counted: number, terms: string[]): SearchResult {
  return {
    total: Math.min(counted, TOTAL_CAP),
    totalIsLowerBound: counted > TOTAL_CAP,
    terms,
    hits: rows.map((row) => toHit(row, terms)),
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
