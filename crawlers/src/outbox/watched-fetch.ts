/**
 * The fetch an adapter gets for one send. It spends from the platform's request budget, stops every request when
 * the send's lease is about to end (so recovery never checks the platform while our request is still in flight),
 * and notes whether a write request left — the one fact that decides whether a failed send is "refused, safe to
 * retry" or "unknown, check first". A request other than GET or HEAD counts as a write: adapters read with GET.
 */
import type { AnyChannelAdapter } from "@qnzs/adapters";
import type { CrawlerRuntime } from "../runtime.ts";

/** Where a send can stop when its process dies; crash tests stop it there. */
export type SendStep =
  /** the row is claimed, the write request not yet handed over */
  | "before_request"
  /** the platform has the write request; its response never reaches us */
  | "request_left"
  /** the response is read, the adapter has not yet made a result of it */
  | "response_received"
  /** the send has its result; the row is not yet updated */
  | "before_record";

export type SendCheckpoint = (step: SendStep) => Promise<void>;

/** Statuses a Response may not carry a body with. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export interface WatchedFetch {
  fetch: typeof fetch;
  /** true once a write request was handed to the network */
  requestLeft(): boolean;
}

export function watchFetch(
  runtime: CrawlerRuntime,
  adapter: AnyChannelAdapter,
  signal: AbortSignal,
  checkpoint: SendCheckpoint,
): WatchedFetch {
  let left = false;
  const watched: typeof fetch = async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    const write = method !== "GET" && method !== "HEAD";
    const signals = init?.signal ? [init.signal, signal] : [signal];
    await runtime.budgets.acquire(adapter.kind, adapter.meta.antiCrawlerRisk, signal);
    if (write && !left) await checkpoint("before_request");
    signal.throwIfAborted();
    if (write) left = true;
    const response = await runtime.fetch(input, { ...init, signal: AbortSignal.any(signals) });
    if (!write) return response;
    await checkpoint("request_left");
    // read the whole answer here, so "the response arrived" is one point in time a crash test can stop at
    const body = await response.arrayBuffer();
    await checkpoint("response_received");
    const empty = NULL_BODY_STATUSES.has(response.status);
    return new Response(empty ? null : body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch: watched, requestLeft: () => left };
}

/**
 * A signal that fires `marginMs` before the lease ends. Times are read on the runtime's clock, the wait itself is
 * real time. Call `clear` when the send is over.
 */
export function leaseSignal(
  runtime: CrawlerRuntime,
  leaseUntil: Date,
  marginMs: number,
): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const ms = Math.max(0, leaseUntil.getTime() - runtime.now().getTime() - marginMs);
  const timer = setTimeout(
    () => controller.abort(Object.assign(new Error("发送超时：租约即将到期 / lease ending"), { name: "AbortError" })),
    ms,
  );
  timer.unref();
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}
