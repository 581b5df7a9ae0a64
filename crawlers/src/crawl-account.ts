/**
 * One run of one account: lease it, pull until caught up or out of page budget, store each batch through
 * core/ingest with the cursor advanced in the same transaction, and record how it went.
 */
import { randomUUID } from "node:crypto";
import type { AdapterContext, AnyChannelAdapter, Cursor, PullResult } from "@qnzs/adapters";
import { readChannelAccount } from "@qnzs/core/channels/accounts";
import { ingestBatch, recordIngestFailures } from "@qnzs/core/ingest/index";
import { delayHonouringHint, fullJitterDelay } from "./backoff.ts";
import {
  CrawlError,
  type CrawlErrorKind,
  errorKindOf,
  isRetryable,
  messageOf,
  rawOf,
  retryHintOf,
} from "./error-kind.ts";
import { leaseAccount, releaseLease, renewLease } from "./lease.ts";
import {
  finishRunRecord,
  markRunFailed,
  markRunSucceeded,
  type RunTally,
  startRunRecord,
  storeCursor,
} from "./run-record.ts";
import type { CrawlerRuntime } from "./runtime.ts";
import { nextRunAfter, resolveSchedule } from "./schedule.ts";

export type CrawlEvent =
  | { type: "start"; accountId: number; kind: string; name: string }
  | { type: "batch"; accountId: number; page: number; seen: number; new: number; caughtUp: boolean }
  | { type: "retry"; accountId: number; attempt: number; waitMs: number; errorKind: CrawlErrorKind; message: string }
  | { type: "end"; outcome: CrawlOutcome };

export interface CrawlOutcome {
  accountId: number;
  kind: string;
  name: string;
  /** "busy": another worker holds the account; "skipped": not pullable in its state */
  status: "ok" | "failed" | "busy" | "skipped";
  itemsSeen: number;
  itemsNew: number;
  pages: number;
  caughtUp: boolean;
  errorKind: CrawlErrorKind | null;
  errorMessage: string | null;
  nextRunAt: string | null;
}

export interface CrawlAccountOptions {
  /** the lease is already ours (the scheduler claimed it): skip taking it */
  leasedAs?: string;
  onEvent?: (event: CrawlEvent) => void;
  signal?: AbortSignal;
}

/** Raw payloads kept from a failed page are cut to this many characters: enough to see what broke. */
const MAX_KEPT_RAW = 20_000;

export async function crawlAccount(
  runtime: CrawlerRuntime,
  accountId: number,
  options: CrawlAccountOptions = {},
): Promise<CrawlOutcome> {
  const { db, secrets } = runtime.database;
  const owner = options.leasedAs ?? `${runtime.workerId}:${randomUUID().slice(0, 8)}`;
  const loaded = await readChannelAccount(db, secrets, accountId);
  if (!loaded) throw new CrawlError("config", `渠道账号 ${accountId} 不存在 / channel account ${accountId} not found`);
  const { account } = loaded;
  const base = { accountId, kind: account.kind, name: account.name };
  if (!options.leasedAs && !(await leaseAccount(db, accountId, owner, runtime.leaseMs))) {
    return {
      ...base,
      ...emptyTally(),
      status: "busy",
      pages: 0,
      caughtUp: false,
      errorKind: null,
      errorMessage: null,
      nextRunAt: null,
    };
  }

  const startedAt = runtime.now();
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const heartbeat = keepLease(runtime, accountId, owner, controller);
  const tally: RunTally = emptyTally();
  let pages = 0;
  let caughtUp = false;
  let failure: unknown = null;
  let runId: number | null = null;
  options.onEvent?.({ type: "start", ...base });
  try {
    runId = await startRunRecord(db, accountId, startedAt);
    const adapter = pullingAdapter(runtime, account.kind);
    const config = parseConfig(adapter, loaded.config);
    const ctx: AdapterContext = {
      fetch: budgetedFetch(runtime, adapter),
      cache: runtime.cacheFor(accountId),
      now: runtime.now,
      signal,
    };
    let cursor: Cursor | null = account.cursor ?? null;
    while (pages < runtime.pageBudget && !caughtUp) {
      const result = await pullWithRetry(runtime, adapter, config, cursor, ctx, accountId, options.onEvent);
      pages += 1;
      const batchNow = runtime.now();
      const report = await ingestBatch(
        db,
        { accountId, channel: account.kind, items: result.items, rejected: result.rejected },
        {
          now: batchNow,
          afterStore: async (tx, batchReport) => {
            const stored = await storeCursor(tx, {
              accountId,
              owner,
              cursor: result.cursor,
              newestItemAt: newestOf(result),
              leaseMs: runtime.leaseMs,
              quotaLeft: quotaOf(runtime, adapter, result),
            });
            // rolling back the batch keeps cursor and items together; the next holder pulls them again
            if (!stored)
              throw new CrawlError("lease_lost", "租约已被其他进程接管 / lease taken over by another worker");
            await runtime.onIngested(tx, batchReport, batchNow);
          },
        },
      );
      tally.itemsSeen += result.items.length + (result.rejected?.length ?? 0);
      tally.itemsNew += report.new;
      cursor = result.cursor;
      caughtUp = result.caughtUp;
      options.onEvent?.({
        type: "batch",
        accountId,
        page: pages,
        seen: tally.itemsSeen,
        new: tally.itemsNew,
        caughtUp,
      });
    }
  } catch (error) {
    // an adapter may wrap the abort in its own error: the abort's reason says why the run really stopped
    failure = signal.aborted ? (signal.reason ?? error) : error;
  } finally {
    clearInterval(heartbeat);
  }

  const outcome = await settleRun(runtime, {
    ...base,
    owner,
    runId,
    startedAt,
    tally,
    pages,
    caughtUp,
    failure,
    schedule: account.schedule,
    errorStreak: account.errorStreak,
  });
  options.onEvent?.({ type: "end", outcome });
  return outcome;
}

function emptyTally(): RunTally {
  return { itemsSeen: 0, itemsNew: 0 };
}

function pullingAdapter(runtime: CrawlerRuntime, kind: string): AnyChannelAdapter {
  let adapter: AnyChannelAdapter;
  try {
    adapter = runtime.adapterFor(kind);
  } catch (error) {
    throw new CrawlError("config", messageOf(error));
  }
  if (!adapter.pull || !adapter.capabilities.pull) {
    throw new CrawlError("config", `「${adapter.meta.name}」只接收推送，不能抓取 / ${kind} is push-only`);
  }
  return adapter;
}

function parseConfig(adapter: AnyChannelAdapter, config: Record<string, unknown>): Record<string, unknown> {
  const parsed = adapter.config.safeParse(config);
  if (parsed.success) return parsed.data;
  // the issue paths name fields, never their values: safe to show
  const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(config)").join(", ");
  throw new CrawlError("config", `账号配置无效 (${fields}) / invalid account config: ${fields}`);
}

/** Every request an adapter makes spends from its platform's budget first. */
export function budgetedFetch(runtime: CrawlerRuntime, adapter: AnyChannelAdapter): typeof fetch {
  const risk = adapter.meta.antiCrawlerRisk;
  return async (input, init) => {
    await runtime.budgets.acquire(adapter.kind, risk, init?.signal ?? undefined);
    return runtime.fetch(input, init);
  };
}

async function pullWithRetry(
  runtime: CrawlerRuntime,
  adapter: AnyChannelAdapter,
  config: Record<string, unknown>,
  cursor: Cursor | null,
  ctx: AdapterContext,
  accountId: number,
  onEvent: CrawlAccountOptions["onEvent"],
): Promise<PullResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await adapter.pull!(config, cursor, ctx);
    } catch (error) {
      if (!isRetryable(error) || attempt >= runtime.retry.maxAttempts || ctx.signal?.aborted) throw error;
      const waitMs = delayHonouringHint(retryHintOf(error), attempt - 1, runtime.retry, runtime.random);
      // a platform asking for an hour's pause ends the run; the next one is scheduled after the pause
      if (waitMs > runtime.retry.maxWaitMs) throw error;
      onEvent?.({
        type: "retry",
        accountId,
        attempt,
        waitMs,
        errorKind: errorKindOf(error),
        message: messageOf(error),
      });
      runtime.logger.warn({ accountId, attempt, waitMs, errorKind: errorKindOf(error) }, "pull failed, retrying");
      await runtime.sleep(waitMs, ctx.signal);
    }
  }
}

function newestOf(result: PullResult): Date | null {
  let newest: number | null = null;
  for (const item of result.items) {
    const at = new Date(item.publishedAt).getTime();
    if (Number.isFinite(at) && (newest === null || at > newest)) newest = at;
  }
  return newest === null ? null : new Date(newest);
}

/** The platform's own count when it gives one, else what is left of our budget for the platform. */
function quotaOf(runtime: CrawlerRuntime, adapter: AnyChannelAdapter, result: PullResult | null): number | null {
  return result?.quotaLeft ?? runtime.budgets.remaining(adapter.kind, adapter.meta.antiCrawlerRisk);
}

/** While a run goes on, the lease is renewed; losing it aborts the run. */
function keepLease(
  runtime: CrawlerRuntime,
  accountId: number,
  owner: string,
  controller: AbortController,
): ReturnType<typeof setInterval> {
  const timer = setInterval(
    () => {
      renewLease(runtime.database.db, accountId, owner, runtime.leaseMs)
        .then((held) => {
          if (!held) controller.abort(new CrawlError("lease_lost", "租约已失效 / lease lost"));
        })
        .catch((error: unknown) => runtime.logger.warn({ accountId, err: messageOf(error) }, "lease renewal failed"));
    },
    Math.max(1000, Math.floor(runtime.leaseMs / 3)),
  );
  timer.unref();
  return timer;
}

interface SettleInput {
  accountId: number;
  kind: string;
  name: string;
  owner: string;
  runId: number | null;
  startedAt: Date;
  tally: RunTally;
  pages: number;
  caughtUp: boolean;
  failure: unknown;
  schedule: string | null;
  errorStreak: number;
}

async function settleRun(runtime: CrawlerRuntime, input: SettleInput): Promise<CrawlOutcome> {
  const { db } = runtime.database;
  const at = runtime.now();
  const failure = input.failure;
  const kind = failure === null ? null : errorKindOf(failure);
  const message = failure === null ? null : messageOf(failure);
  let nextRunAt: Date | null = null;
  const quotaLeft = runtime.budgets.remaining(input.kind, safeRisk(runtime, input.kind));
  try {
    if (kind === "lease_lost" || kind === "aborted") {
      // not the account's fault: another worker owns it now, or this process is stopping; its health stays as it was
      runtime.logger.info({ accountId: input.accountId, errorKind: kind }, "crawl run interrupted");
    } else if (failure === null || kind === null) {
      nextRunAt = scheduleNext(runtime, input.kind, input.schedule, at);
      await markRunSucceeded(db, input.accountId, { at, startedAt: input.startedAt, nextRunAt, quotaLeft });
    } else {
      nextRunAt = kind === "auth_expired" ? null : retryAt(runtime, failure, input.errorStreak + 1, at);
      await markRunFailed(db, input.accountId, {
        at,
        startedAt: input.startedAt,
        kind,
        message: message ?? kind,
        status: kind === "auth_expired" ? "needs_reauth" : "failing",
        nextRunAt,
        quotaLeft,
      });
      await keepBadPayload(runtime, input, failure, message ?? kind);
      runtime.logger.warn({ accountId: input.accountId, errorKind: kind, err: message }, "crawl run failed");
    }
    if (input.runId !== null) {
      await finishRunRecord(db, input.runId, { ...input.tally, endedAt: at, errorKind: kind, errorMessage: message });
    }
  } finally {
    await releaseLease(db, input.accountId, input.owner).catch(() => undefined);
  }
  return {
    accountId: input.accountId,
    kind: input.kind,
    name: input.name,
    status: failure === null ? "ok" : "failed",
    ...input.tally,
    pages: input.pages,
    caughtUp: input.caughtUp,
    errorKind: kind,
    errorMessage: message,
    nextRunAt: nextRunAt?.toISOString() ?? null,
  };
}

function safeRisk(runtime: CrawlerRuntime, kind: string): AnyChannelAdapter["meta"]["antiCrawlerRisk"] {
  try {
    return runtime.adapterFor(kind).meta.antiCrawlerRisk;
  } catch {
    return "none";
  }
}

export function scheduleNext(runtime: CrawlerRuntime, kind: string, schedule: string | null, from: Date): Date {
  let fallback: string | undefined;
  try {
    fallback = runtime.adapterFor(kind).meta.defaultSchedule;
  } catch {
    fallback = undefined;
  }
  return nextRunAfter(resolveSchedule(schedule, fallback), from);
}

/** After a failed run: the platform's hint when it gave one, else exponential backoff with full jitter. */
function retryAt(runtime: CrawlerRuntime, failure: unknown, streak: number, at: Date): Date {
  const hint = retryHintOf(failure);
  const backoff = fullJitterDelay(streak - 1, runtime.runBackoff, runtime.random);
  return new Date(at.getTime() + Math.max(hint ?? 0, backoff));
}

/** A page the adapter could not read is kept as an ingest failure with its reason, not dropped. */
async function keepBadPayload(
  runtime: CrawlerRuntime,
  input: SettleInput,
  failure: unknown,
  reason: string,
): Promise<void> {
  const raw = rawOf(failure);
  if (raw === undefined) return;
  const kept = typeof raw === "string" && raw.length > MAX_KEPT_RAW ? raw.slice(0, MAX_KEPT_RAW) : raw;
  await recordIngestFailures(runtime.database.db, { accountId: input.accountId, channel: input.kind }, [
    { raw: kept, reason },
  ]).catch((error: unknown) => runtime.logger.warn({ err: messageOf(error) }, "could not keep a bad payload"));
}
