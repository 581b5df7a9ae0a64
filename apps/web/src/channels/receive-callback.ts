/**
 * A push delivery (WeChat message, Weibang webhook) at POST /api/channels/{id}/callback: the account's adapter
 * verifies and maps it, and the items go through the same ingest as crawled ones, before the platform is answered.
 * Storing first means a failure answers 5xx and the platform delivers again; ingest is idempotent, so a retried
 * delivery stores one post.
 */
import {
  type AdapterCache,
  type AnyChannelAdapter,
  type CallbackRequest,
  type CallbackResult,
  getAdapter,
  isChannelKind,
} from "@qnzs/adapters";
import { readChannelAccount } from "@qnzs/core/channels/accounts";
import { recordDeliveryAccepted, recordDeliveryRefused } from "@qnzs/core/channels/push-health";
import { ingestBatch } from "@qnzs/core/ingest/index";
import type { CrawlerRuntime } from "@qnzs/crawlers";

export type CallbackResponse = CallbackResult["response"];

const TEXT = { "content-type": "text/plain; charset=utf-8" };

export async function receiveCallback(
  runtime: CrawlerRuntime,
  accountId: number,
  request: CallbackRequest,
): Promise<CallbackResponse> {
  const { db, secrets } = runtime.database;
  const loaded = await readChannelAccount(db, secrets, accountId);
  if (!loaded || !isChannelKind(loaded.account.kind)) return { status: 404, headers: TEXT, body: "Not Found" };
  const adapter: AnyChannelAdapter = getAdapter(loaded.account.kind as string);
  if (!adapter.receive || !adapter.capabilities.push) return { status: 404, headers: TEXT, body: "Not Found" };
  const now = runtime.now();
  const parsed = adapter.config.safeParse(loaded.config);
  if (!parsed.success) {
    await recordDeliveryRefused(db, accountId, {
      at: now,
      kind: "config",
      message: "账号配置无效，无法校验推送 / invalid account config: cannot verify deliveries",
    });
    return { status: 503, headers: TEXT, body: "Service Unavailable" };
  }

  // what the adapter remembers (seen event ids) only sticks once the delivery is stored
  const cache = deferredCache(runtime.cacheFor(accountId));
  const result = await adapter.receive(request, parsed.data, { fetch: runtime.fetch, cache, now: runtime.now });
  const refused = result.response.status >= 400;
  const newest = newestOf(result);
  if (result.items.length > 0 || (result.rejected?.length ?? 0) > 0) {
    await ingestBatch(
      db,
      { accountId, channel: loaded.account.kind, items: result.items, rejected: result.rejected },
      {
        now,
        afterStore: async (tx, report) => {
          if (!refused) await recordDeliveryAccepted(tx, accountId, { at: now, newestItemAt: newest });
          await runtime.onIngested(tx, report, now);
        },
      },
    );
  } else if (!refused && request.method.toUpperCase() === "POST") {
    await recordDeliveryAccepted(db, accountId, { at: now, newestItemAt: null });
  }
  if (refused) {
    await recordDeliveryRefused(db, accountId, {
      at: now,
      kind: "callback_refused",
      message: `推送被拒绝 / delivery refused: HTTP ${result.response.status} ${result.response.body.slice(0, 200)}`,
    });
  }
  cache.commit();
  return result.response;
}

function newestOf(result: CallbackResult): Date | null {
  let newest: number | null = null;
  for (const item of result.items) {
    const at = new Date(item.publishedAt).getTime();
    if (Number.isFinite(at) && (newest === null || at > newest)) newest = at;
  }
  return newest === null ? null : new Date(newest);
}

function deferredCache(target: AdapterCache): AdapterCache & { commit(): void } {
  const pending: Array<() => void> = [];
  const staged = new Map<string, unknown>();
  return {
    get<T>(key: string): T | undefined {
      return staged.has(key) ? (staged.get(key) as T | undefined) : target.get<T>(key);
    },
    set<T>(key: string, value: T, ttlMs: number): void {
      staged.set(key, value);
      pending.push(() => target.set(key, value, ttlMs));
    },
    delete(key: string): void {
      staged.set(key, undefined);
      pending.push(() => target.delete(key));
    },
    commit() {
      for (const apply of pending.splice(0)) apply();
    },
  };
}
