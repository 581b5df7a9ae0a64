/**
 * 测试连接: one pull of an account from where it stands, stored nowhere — the account's cursor, health and posts
 * stay as they were. Adapters have no separate "verify" call, so a dry first fetch is the honest test: it uses
 * the same credentials, URLs and parsing a real run does.
 */
import type { AdapterContext } from "@qnzs/adapters";
import { readChannelAccount } from "@qnzs/core/channels/accounts";
import { budgetedFetch } from "./crawl-account.ts";
import { CrawlError, type CrawlErrorKind, errorKindOf, messageOf } from "./error-kind.ts";
import type { CrawlerRuntime } from "./runtime.ts";

export type ConnectionCheck =
  | { outcome: "ok"; items: number; caughtUp: boolean }
  /** a push-only channel: the platform calls us, there is nothing to fetch */
  | { outcome: "push"; callbackPath: string }
  | { outcome: "failed"; errorKind: CrawlErrorKind; message: string };

const CHECK_TIMEOUT_MS = 30_000;

export async function checkChannelConnection(runtime: CrawlerRuntime, accountId: number): Promise<ConnectionCheck> {
  const { db, secrets } = runtime.database;
  const loaded = await readChannelAccount(db, secrets, accountId);
  if (!loaded) throw new CrawlError("config", `渠道账号 ${accountId} 不存在 / channel account ${accountId} not found`);
  const { account } = loaded;
  try {
    const adapter = runtime.adapterFor(account.kind);
    if (!adapter.pull || !adapter.capabilities.pull) {
      return { outcome: "push", callbackPath: `/api/channels/${account.id}/callback` };
    }
    const parsed = adapter.config.safeParse(loaded.config);
    if (!parsed.success) {
      // field names only: the values may be secrets
      const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(config)").join(", ");
      return { outcome: "failed", errorKind: "config", message: `账号配置无效：${fields}` };
    }
    const ctx: AdapterContext = {
      fetch: budgetedFetch(runtime, adapter),
      cache: runtime.cacheFor(account.id),
      now: runtime.now,
      signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
    };
    const result = await adapter.pull(parsed.data, account.cursor ?? null, ctx);
    return { outcome: "ok", items: result.items.length, caughtUp: result.caughtUp };
  } catch (error) {
    return { outcome: "failed", errorKind: errorKindOf(error), message: messageOf(error) };
  }
}
