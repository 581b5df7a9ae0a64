/**
 * Planner statistics. PGlite runs no autovacuum, so nothing else keeps them fresh there; on PostgreSQL autovacuum
 * does, and these rarely find anything to do.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "./client.ts";

/** Analyse again once the table has grown by this share since its last ANALYZE… */
const GROWTH = 0.25;
/** …or by this many rows, whichever is more (a young table grows by large shares). */
const MIN_GROWTH = 2_000;

/**
 * Keeps the statistics ingest's own lookups depend on fresh: without them a planner that has never seen the dedup
 * keys guesses that a lookup of a few thousand keys matches every row and scans them all, once a batch, so ingest
 * slowed with every post stored. Cheap when nothing is due: one catalogue lookup and one index probe.
 */
export async function refreshIngestStatistics(db: Tx): Promise<void> {
  const [row] = await queryRows<{ analysed: number | string; newest: number | string | null }>(
    db,
    sql`select (select reltuples from pg_class where oid = 'posts'::regclass) as analysed,
      (select max(id) from posts) as newest`,
  );
  const analysed = Math.max(0, Number(row?.analysed ?? 0));
  const newest = Number(row?.newest ?? 0);
  if (newest <= analysed + Math.max(MIN_GROWTH, analysed * GROWTH)) return;
  // only the columns ingest looks up by: statistics of the text and its vector cost far more to gather
  await db.execute(sql`analyze posts (id), post_dup_keys`);
}

/**
 * Statistics of every table, for the plans of everything else: search's choice between walking the newest posts
 * and reading a word's matches from the index rests on the vector's word frequencies. Takes a second or two at a
 * million posts (ANALYZE samples a fixed number of rows), so the hub runs it now and then, and an import at its end.
 */
export async function refreshPlannerStatistics(db: Tx): Promise<void> {
  await db.execute(sql`analyze`);
}
