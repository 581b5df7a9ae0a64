/**
 * Per-platform request budgets: a token bucket per channel kind, shared by every account of that kind in this
 * process, so ten portal accounts do not hit one CMS ten times as hard. The default size follows the adapter's own
 * `antiCrawlerRisk`; a platform's hard quota still shows up as RateLimited from the adapter.
 */
import { type AdapterMeta, RateLimited } from "@qnzs/adapters/contract";
import { sleep } from "./backoff.ts";

export interface RateBudget {
  /** requests that may go out at once */
  burst: number;
  /** requests a minute once the burst is spent */
  perMinute: number;
}

/** null: the platform needs no pacing from us (an official API with its own quota). */
export const BUDGET_BY_RISK: Record<AdapterMeta["antiCrawlerRisk"], RateBudget | null> = {
  none: null,
  low: { burst: 120, perMinute: 120 },
  medium: { burst: 60, perMinute: 30 },
  high: { burst: 10, perMinute: 6 },
};

export interface RateBudgets {
  /** waits for a request slot; throws RateLimited when the wait would exceed `maxWaitMs` */
  acquire(kind: string, risk: AdapterMeta["antiCrawlerRisk"], signal?: AbortSignal): Promise<void>;
  /** whole requests left right now; null when the kind is not paced */
  remaining(kind: string, risk: AdapterMeta["antiCrawlerRisk"]): number | null;
}

export interface RateBudgetOptions {
  /** per-kind budgets that replace the defaults (null: unpaced) */
  overrides?: Record<string, RateBudget | null>;
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateBudgets(options: RateBudgetOptions = {}): RateBudgets {
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? sleep;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const buckets = new Map<string, Bucket>();

  const budgetOf = (kind: string, risk: AdapterMeta["antiCrawlerRisk"]): RateBudget | null =>
    options.overrides && Object.hasOwn(options.overrides, kind)
      ? (options.overrides[kind] ?? null)
      : BUDGET_BY_RISK[risk];

  const refill = (kind: string, budget: RateBudget): Bucket => {
    const at = now();
    const bucket = buckets.get(kind) ?? { tokens: budget.burst, updatedAt: at };
    const earned = ((at - bucket.updatedAt) / 60_000) * budget.perMinute;
    bucket.tokens = Math.min(budget.burst, bucket.tokens + earned);
    bucket.updatedAt = at;
    buckets.set(kind, bucket);
    return bucket;
  };

  return {
    async acquire(kind, risk, signal) {
      const budget = budgetOf(kind, risk);
      if (!budget) return;
      const bucket = refill(kind, budget);
      // take the token now (possibly going negative) so concurrent callers queue up behind each other
      bucket.tokens -= 1;
      if (bucket.tokens >= 0) return;
      const waitMs = Math.ceil((-bucket.tokens / budget.perMinute) * 60_000);
      if (waitMs > maxWaitMs) {
        bucket.tokens += 1;
        throw new RateLimited(
          `本进程对「${kind}」的请求预算已用尽，约 ${Math.ceil(waitMs / 1000)} 秒后恢复 / local request budget for ${kind} spent`,
          waitMs,
          "local_budget",
        );
      }
      await wait(waitMs, signal);
    },
    remaining(kind, risk) {
      const budget = budgetOf(kind, risk);
      if (!budget) return null;
      return Math.max(0, Math.floor(refill(kind, budget).tokens));
    },
  };
}
