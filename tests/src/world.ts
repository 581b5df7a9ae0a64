/**
 * A whole loop in one test process: the simulator on a free port, a database (PGlite, or PostgreSQL when
 * DATABASE_URL is set), the hub on a free port without its scheduler (tests crawl by hand), and the demo's accounts.
 */
import { type CrawlerRuntimeOptions, createSilentLogger } from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import type { DatabaseTarget } from "@qnzs/db/testing";
import { type RunningSimulator, type StatsReport, startSimulator } from "@qnzs/simulator";
import { type DemoSetupResult, type RunningHub, setupDemo, startHub } from "@qnzs/web";
import { sql } from "drizzle-orm";

export interface World {
  sim: RunningSimulator;
  database: Database;
  hub: RunningHub;
  demo: DemoSetupResult;
  /** the first demo account of a kind */
  accountOf(kind: string): number;
  close(): Promise<void>;
}

/** Retries within a run wait no real time: backoff is asserted by what happens, never by the clock. */
export const INSTANT: CrawlerRuntimeOptions = {
  sleep: async () => undefined,
  retry: { maxAttempts: 4, baseMs: 1, capMs: 10, maxWaitMs: 60_000 },
};

export interface WorldOptions {
  wechatMode?: "aes" | "compat" | "plaintext";
  runtime?: CrawlerRuntimeOptions;
}

/** A world on a database of its own (closed with the world), or on `database` after emptying it (left open). */
export async function startWorld(source: DatabaseTarget | Database, options: WorldOptions = {}): Promise<World> {
  const ownsDatabase = "open" in source;
  const database = ownsDatabase ? await source.open() : source;
  if (!ownsDatabase) await emptyDatabase(database);
  const sim = await startSimulator({ port: 0, seed: 1 });
  const hub = await startHub({
    database,
    port: 0,
    scheduler: false,
    logger: createSilentLogger(),
    runtime: { ...INSTANT, ...options.runtime },
  });
  const demo = await setupDemo(hub.operations, {
    simulatorUrl: sim.url,
    hubUrl: hub.url,
    wechatMode: options.wechatMode,
  });
  // pushes in tests get one quick try each: a refused delivery stays queued in the simulator for the next push
  await postJson(`${sim.url}/_sim/config`, {
    wechat: { retries: 0, timeoutMs: 5000 },
    weibang: { retries: 0, timeoutMs: 5000 },
  });
  return {
    sim,
    database,
    hub,
    demo,
    accountOf(kind) {
      const account = demo.accounts.find((a) => a.kind === kind);
      if (!account) throw new Error(`no demo account of kind ${kind}`);
      return account.id;
    },
    async close() {
      await hub.close();
      await sim.close();
      if (ownsDatabase) await database.close();
    },
  };
}

/** Opening PGlite costs seconds; suites with many short cases reuse one database and empty it between them. */
async function emptyDatabase(database: Database): Promise<void> {
  await database.db.execute(
    sql`truncate channel_accounts, crawl_runs, posts, post_dup_keys, ingest_failures restart identity cascade`,
  );
}

export async function postJson<T = unknown>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const simStats = (world: World) => getJson<StatsReport>(`${world.sim.url}/_sim/stats`);

export interface PushReport {
  delivered: string[];
  failed: { id: string; error: string | null }[];
  remaining: number;
}

export const push = (world: World, platform: "wechat" | "weibang", count?: number) =>
  postJson<PushReport>(`${world.sim.url}/_sim/push`, { platform, ...(count === undefined ? {} : { count }) });

/** Stored posts per channel kind, summed over the kind's accounts. */
export async function postsByKind(world: World): Promise<Record<string, number>> {
  const totals: Record<string, number> = {};
  for (const account of await world.hub.operations.listChannels()) {
    totals[account.kind] = (totals[account.kind] ?? 0) + account.posts;
  }
  return totals;
}

/**
 * What the store should hold per kind after everything served was ingested: the simulator's distinct items, with
 * two differences of granularity on WeChat. The simulator keeps pushed events (a subscribe) outside its total while
 * the adapter stores them as messages, and it counts a multi-article publish once while each article is a post.
 */
export async function expectedPosts(world: World, stats: StatsReport): Promise<Record<string, number>> {
  const events = stats.detail.wechat["push:event"]?.items ?? 0;
  const [articles] = await queryRows<{ extra: string | number }>(
    world.database.db,
    sql`select count(*) - count(distinct split_part(external_id, ':', 1)) as extra
        from posts where channel = 'wechat' and item_kind = 'article'`,
  );
  return {
    weibo: stats.weibo,
    wechat: stats.wechat + events + Number(articles?.extra ?? 0),
    weibang: stats.weibang,
    h5: stats.h5,
    rss: stats.rss,
  };
}
