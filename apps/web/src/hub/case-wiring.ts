/**
 * What case handling needs from every process that holds the database (the hub, `qnzs worker`, a CLI command
 * with no hub running): the seed tree and calendar on first start, a case for every urgent post as soon as its
 * batch is stored, and supervision (督办) every minute.
 */
import { createCasesForUrgentPosts } from "@qnzs/core/cases/intake";
import { runSupervision, type SupervisionReport } from "@qnzs/core/cases/supervision";
import type { IngestReport } from "@qnzs/core/ingest/index";
import {
  type CrawlerRuntime,
  type CrawlerRuntimeOptions,
  createCrawlerRuntime,
  createSilentLogger,
  type Logger,
} from "@qnzs/crawlers";
import type { Database, Db } from "@qnzs/db";

/** A crawler runtime whose every stored batch — crawled, pushed or imported — opens cases for its urgent posts. */
export function createHubRuntime(database: Database, options: CrawlerRuntimeOptions = {}): CrawlerRuntime {
  const logger = options.logger ?? createSilentLogger();
  return createCrawlerRuntime(database, { ...options, onIngested: openUrgentCases(logger) });
}

function openUrgentCases(logger: Logger) {
  return async (tx: Db, report: IngestReport, now: Date): Promise<void> => {
    if (report.newPostIds.length === 0) return;
    try {
      // in the batch's transaction (a savepoint of it): the posts and their cases commit together
      const result = await createCasesForUrgentPosts(tx, report.newPostIds, { now });
      if (result.created.length + result.linked.length > 0) {
        logger.info({ created: result.created, linked: result.linked }, "urgent posts opened cases");
      }
    } catch (error) {
      // the savepoint is rolled back and the batch stays stored: a failure here must not stop ingest, and the
      // posts are still there for a cadre to turn into cases by hand
      logger.error({ err: error instanceof Error ? error.message : String(error) }, "urgent intake failed");
    }
  };
}

export interface SupervisionTimer {
  /** stops the timer and waits for a run in progress */
  stop(): Promise<void>;
}

export const SUPERVISION_INTERVAL_MS = 60_000;

/** Runs supervision every `intervalMs` on the hub's clock; a run still going when the next is due is not doubled. */
export function startSupervision(
  db: Db,
  options: { now: () => Date; logger: Logger; intervalMs?: number },
): SupervisionTimer {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runSupervision(db, options.now())
      .then((report: SupervisionReport) => {
        if (Object.values(report).some((count) => count > 0)) options.logger.info(report, "supervision");
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error instanceof Error ? error.message : String(error) }, "supervision failed");
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? SUPERVISION_INTERVAL_MS);
  // a hub with nothing else to do may still exit: the timer never holds the process open
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
