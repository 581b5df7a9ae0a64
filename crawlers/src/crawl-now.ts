/**
 * `qnzs crawl`: run accounts once, now, whatever their schedule says. An account that another worker is pulling
 * right now is waited for (its run will have stored everything by then), not pulled twice.
 */
import { queryRows } from "@qnzs/db";
import { sql } from "drizzle-orm";
import { type CrawlEvent, type CrawlOutcome, crawlAccount } from "./crawl-account.ts";
import { CrawlError } from "./error-kind.ts";
import type { CrawlerRuntime } from "./runtime.ts";

export interface CrawlNowOptions {
  /** one account; without it every pullable account that is not paused or waiting for re-authorisation */
  accountId?: number;
  onEvent?: (event: CrawlEvent) => void;
  signal?: AbortSignal;
  /** how long to wait for a busy account before reporting it busy */
  busyWaitMs?: number;
}

export interface CrawlSummary {
  accounts: CrawlOutcome[];
  itemsSeen: number;
  itemsNew: number;
  failed: number;
}

const BUSY_POLL_MS = 500;

export async function crawlNow(runtime: CrawlerRuntime, options: CrawlNowOptions = {}): Promise<CrawlSummary> {
  const ids = options.accountId === undefined ? await listCrawlable(runtime) : [options.accountId];
  if (options.accountId !== undefined) await assertPullable(runtime, options.accountId);
  const outcomes: CrawlOutcome[] = [];
  // one account after another: a manual crawl shows its progress in order, and the platforms see a gentle client
  for (const id of ids) {
    const deadline = runtime.now().getTime() + (options.busyWaitMs ?? 120_000);
    let outcome = await crawlAccount(runtime, id, { onEvent: options.onEvent, signal: options.signal });
    while (outcome.status === "busy" && runtime.now().getTime() < deadline && !options.signal?.aborted) {
      await runtime.sleep(BUSY_POLL_MS, options.signal);
      outcome = await crawlAccount(runtime, id, { onEvent: options.onEvent, signal: options.signal });
    }
    if (outcome.status === "busy") options.onEvent?.({ type: "end", outcome });
    outcomes.push(outcome);
  }
  return {
    accounts: outcomes,
    itemsSeen: outcomes.reduce((sum, o) => sum + o.itemsSeen, 0),
    itemsNew: outcomes.reduce((sum, o) => sum + o.itemsNew, 0),
    failed: outcomes.filter((o) => o.status === "failed").length,
  };
}

async function listCrawlable(runtime: CrawlerRuntime): Promise<number[]> {
  const kinds = runtime.pullKinds();
  if (kinds.length === 0) return [];
  const rows = await queryRows<{ id: number | string }>(
    runtime.database.db,
    sql`
    select id from channel_accounts
    where status in ('active', 'failing')
      and kind in (${sql.join(
        kinds.map((kind) => sql`${kind}`),
        sql`, `,
      )})
    order by id
  `,
  );
  return rows.map((row) => Number(row.id));
}

async function assertPullable(runtime: CrawlerRuntime, accountId: number): Promise<void> {
  const rows = await queryRows<{ kind: string; status: string }>(
    runtime.database.db,
    sql`select kind, status from channel_accounts where id = ${accountId}`,
  );
  const row = rows[0];
  if (!row) throw new CrawlError("config", `渠道账号 ${accountId} 不存在 / no channel account ${accountId}`);
  if (row.status === "import") throw new CrawlError("config", `账号 ${accountId} 只用于文件导入 / import-only account`);
  if (!runtime.pullKinds().includes(row.kind)) {
    throw new CrawlError("config", `账号 ${accountId}（${row.kind}）只接收推送，不能抓取 / push-only account`);
  }
}
