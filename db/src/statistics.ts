import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "./client.ts";

/** Analyse again once the table has grown by this share since its last ANALYZE… */
const GROWTH = 0.25;
/** …or by this many rows, whichever is more (a young table grows by large shares). */
const MIN_GROWTH = 2_000;

/**
 * Keeps the planner's statistics for the posts and their dedup keys fresh. PGlite runs no autovacuum, so without
 * this a planner that has never seen the tables guesses that a lookup of a few thousand keys matches every row
 * and scans them all, once a batch: ingest slows with every post stored, and search picks poor plans.
 * On PostgreSQL autovacuum does the same and this rarely fires. Cheap when nothing is due: one catalogue
 * lookup and one index probe.
 */
export async function refreshIngestStatistics(db: Tx): Promise<boolean> {
  const [row] = await queryRows<{ analysed: number | string; newest: number | string | null }>(
    db,
    sql`select (select reltuples from pg_class where oid = 'posts'::regclass) as analysed,
      (select max(id) from posts) as newest`,
  );
  const analysed = Math.max(0, Number(row?.analysed ?? 0));
  const newest = Number(row?.newest ?? 0);
  if (newest <= analysed + Math.max(MIN_GROWTH, analysed * GROWTH)) return false;
  // only the columns ingest looks up by: statistics of the text and its vector cost far more to gather
  await db.execute(sql`analyze posts (id), post_dup_keys`);
  return true;
}
