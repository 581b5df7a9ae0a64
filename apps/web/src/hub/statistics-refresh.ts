/**
 * The embedded database's planner statistics, refreshed on a timer: PGlite runs no autovacuum, and without
 * statistics search cannot tell a common word from a rare one (see core/search). PostgreSQL needs none of this.
 */
import type { Logger } from "@qnzs/crawlers";
import { type Database, refreshPlannerStatistics } from "@qnzs/db";

export const STATISTICS_INTERVAL_MS = 30 * 60_000;
/** The first refresh waits this long after start, so a hub answers its first requests at once. */
const FIRST_REFRESH_DELAY_MS = 60_000;

export interface StatisticsTimer {
  stop(): Promise<void>;
}

export function startStatisticsRefresh(
  database: Database,
  options: { logger: Logger; intervalMs?: number },
): StatisticsTimer | null {
  if (database.kind !== "pglite") return null;
  let running: Promise<void> | null = null;
  const refresh = () => {
    if (running) return;
    const started = Date.now();
    running = refreshPlannerStatistics(database.db)
      .then(() => options.logger.debug({ ms: Date.now() - started }, "planner statistics refreshed"))
      .catch((error: unknown) => {
        options.logger.error({ err: error instanceof Error ? error.message : String(error) }, "ANALYZE failed");
      })
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(refresh, Math.min(FIRST_REFRESH_DELAY_MS, options.intervalMs ?? FIRST_REFRESH_DELAY_MS));
  const timer = setInterval(refresh, options.intervalMs ?? STATISTICS_INTERVAL_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
