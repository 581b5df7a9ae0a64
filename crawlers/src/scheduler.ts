/**
 * The in-process scheduler (embedded mode, and each `worker` in server mode). The database is the schedule: every
 * tick claims the accounts whose next_run_at has passed, under a lease, and runs them. node-cron expressions only
 * decide each account's next_run_at, so any number of schedulers can share one database without double pulls.
 */
import { type CrawlEvent, type CrawlOutcome, crawlAccount } from "./crawl-account.ts";
import { messageOf } from "./error-kind.ts";
import { claimDueAccounts } from "./lease.ts";
import type { CrawlerRuntime } from "./runtime.ts";

export interface SchedulerOptions {
  /** how often to look for due accounts */
  pollMs?: number;
  /** accounts pulled at once by this process */
  concurrency?: number;
  onEvent?: (event: CrawlEvent) => void;
}

export interface Scheduler {
  /** stops claiming; runs in flight are aborted and their leases released */
  stop(): Promise<void>;
}

/** One tick: claim what is due (up to `limit`) and run it all; resolves when those runs end. */
export async function runDueAccounts(
  runtime: CrawlerRuntime,
  options: { limit: number; signal?: AbortSignal; onEvent?: (event: CrawlEvent) => void },
): Promise<CrawlOutcome[]> {
  const owner = `${runtime.workerId}:tick`;
  const ids = await claimDueAccounts(runtime.database.db, {
    owner,
    kinds: runtime.pullKinds(),
    limit: options.limit,
    now: runtime.now(),
    leaseMs: runtime.leaseMs,
  });
  return Promise.all(
    ids.map((id) => crawlAccount(runtime, id, { leasedAs: owner, signal: options.signal, onEvent: options.onEvent })),
  );
}

export function startScheduler(runtime: CrawlerRuntime, options: SchedulerOptions = {}): Scheduler {
  const pollMs = options.pollMs ?? 5000;
  const concurrency = options.concurrency ?? 3;
  const controller = new AbortController();
  const running = new Set<Promise<unknown>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const tick = async () => {
    timer = null;
    if (stopped) return;
    const free = concurrency - running.size;
    try {
      if (free > 0) {
        const owner = `${runtime.workerId}:tick`;
        const ids = await claimDueAccounts(runtime.database.db, {
          owner,
          kinds: runtime.pullKinds(),
          limit: free,
          now: runtime.now(),
          leaseMs: runtime.leaseMs,
        });
        for (const id of ids) {
          const run = crawlAccount(runtime, id, {
            leasedAs: owner,
            signal: controller.signal,
            onEvent: options.onEvent,
          })
            .catch((error: unknown) =>
              runtime.logger.error({ accountId: id, err: messageOf(error) }, "crawl run crashed"),
            )
            .finally(() => {
              running.delete(run);
            });
          running.add(run);
        }
      }
    } catch (error) {
      runtime.logger.error({ err: messageOf(error) }, "scheduler tick failed");
    }
    if (!stopped) {
      timer = setTimeout(() => void tick(), pollMs);
      timer.unref();
    }
  };
  void tick();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller.abort(Object.assign(new Error("scheduler stopped"), { name: "AbortError" }));
      await Promise.allSettled([...running]);
    },
  };
}
