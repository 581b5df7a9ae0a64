/**
 * Everything a crawl needs besides the account: the database, the adapters, pacing, clocks and a logger.
 * Tests replace the clock, the sleep and the adapter lookup; production uses the defaults.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type AdapterCache, type AnyChannelAdapter, channelKinds, createMemoryCache, getAdapter } from "@qnzs/adapters";
import type { IngestReport } from "@qnzs/core/ingest/index";
import type { Database, Db } from "@qnzs/db";
import { type BackoffPolicy, sleep } from "./backoff.ts";
import { createSilentLogger, type Logger } from "./logger.ts";
import { createRateBudgets, type RateBudget, type RateBudgets } from "./rate-budget.ts";

export interface RetryPolicy extends BackoffPolicy {
  /** tries of one pull within a run, the first included */
  maxAttempts: number;
  /** a wait longer than this ends the run instead; the next run is scheduled after the wait */
  maxWaitMs: number;
}

export interface CrawlerRuntime {
  database: Database;
  adapterFor(kind: string): AnyChannelAdapter;
  /** kinds whose adapters pull (push-only kinds are never scheduled) */
  pullKinds(): string[];
  budgets: RateBudgets;
  /** one AdapterCache per account (cached access tokens), for the life of the process */
  cacheFor(accountId: number): AdapterCache;
  fetch: typeof fetch;
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  random(): number;
  retry: RetryPolicy;
  /** backoff between failed runs of one account */
  runBackoff: BackoffPolicy;
  /** pulls one run may make before it stops and leaves the rest to the next run */
  pageBudget: number;
  leaseMs: number;
  /** names this process in lease_owner, so an operator can tell who holds an account */
  workerId: string;
  logger: Logger;
  /**
   * Runs in the transaction of every stored batch — crawled, pushed or imported — once its posts are in: the hub
   * opens cases for urgent posts here, so a batch and its cases commit together. Does nothing unless given.
   */
  onIngested(tx: Db, report: IngestReport, now: Date): Promise<void>;
}

/** The hook of a runtime with nothing to do after ingest. */
const IGNORE_INGESTED = async () => undefined;

export interface CrawlerRuntimeOptions {
  adapterFor?: (kind: string) => AnyChannelAdapter;
  kinds?: readonly string[];
  rateBudgets?: Record<string, RateBudget | null>;
  fetch?: typeof fetch;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  runBackoff?: Partial<BackoffPolicy>;
  pageBudget?: number;
  leaseMs?: number;
  workerId?: string;
  logger?: Logger;
  onIngested?: (tx: Db, report: IngestReport, now: Date) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseMs: 1000, capMs: 30_000, maxWaitMs: 60_000 };
export const DEFAULT_RUN_BACKOFF: BackoffPolicy = { baseMs: 60_000, capMs: 3600_000 };

export function createCrawlerRuntime(database: Database, options: CrawlerRuntimeOptions = {}): CrawlerRuntime {
  const adapterFor = options.adapterFor ?? ((kind: string) => getAdapter(kind));
  const kinds = options.kinds ?? channelKinds;
  const now = options.now ?? (() => new Date());
  const wait = options.sleep ?? sleep;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const caches = new Map<number, AdapterCache>();
  return {
    database,
    adapterFor,
    pullKinds: () => kinds.filter((kind) => adapterFor(kind).capabilities.pull),
    budgets: createRateBudgets({
      overrides: options.rateBudgets,
      maxWaitMs: retry.maxWaitMs,
      now: () => now().getTime(),
      sleep: wait,
    }),
    cacheFor(accountId) {
      let cache = caches.get(accountId);
      if (!cache) {
        cache = createMemoryCache(() => now().getTime());
        caches.set(accountId, cache);
      }
      return cache;
    },
    fetch: options.fetch ?? globalThis.fetch,
    now,
    sleep: wait,
    random: options.random ?? Math.random,
    retry,
    runBackoff: { ...DEFAULT_RUN_BACKOFF, ...options.runBackoff },
    pageBudget: options.pageBudget ?? 20,
    leaseMs: options.leaseMs ?? 5 * 60_000,
    workerId: options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    logger: options.logger ?? createSilentLogger(),
    onIngested: options.onIngested ?? IGNORE_INGESTED,
  };
}
