import { AuthExpired, getAdapter, Permanent, RateLimited, Transient } from "@qnzs/adapters";
import { type Database, queryRows } from "@qnzs/db";
import { createDueAccount } from "@qnzs/db/channel-factories";
import { channelAccounts, crawlRuns, posts } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { crawlAccount } from "./crawl-account.ts";
import { crawlNow } from "./crawl-now.ts";
import { type CrawlerRuntimeOptions, createCrawlerRuntime } from "./runtime.ts";
import { runDueAccounts } from "./scheduler.ts";
import { createFakeAdapter, type FakeAdapter, page } from "./testing/fake-adapter.ts";

const NOW = new Date("2025-05-12T02:03:00Z");

describe.each(databaseTargets())("a crawl run on $name", (target) => {
  let database: Database;
  let adapter: FakeAdapter;
  let sleeps: number[];

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.db.execute(
      sql`truncate channel_accounts, crawl_runs, posts, ingest_failures restart identity cascade`,
    );
    adapter = createFakeAdapter();
    sleeps = [];
  });

  const runtime = (options: CrawlerRuntimeOptions = {}) =>
    createCrawlerRuntime(database, {
      adapterFor: (kind) => (kind === adapter.kind ? adapter : getAdapter(kind)),
      kinds: [adapter.kind],
      now: () => NOW,
      random: () => 1,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      retry: { maxAttempts: 4, baseMs: 1000, capMs: 30_000, maxWaitMs: 60_000 },
      ...options,
    });
  const accountRow = async (id: number) =>
    (await database.db.select().from(channelAccounts).where(eq(channelAccounts.id, id)))[0]!;
  const postCount = async () => (await database.db.select().from(posts)).length;

  it("pulls page after page until caught up, storing each batch with its cursor", async () => {
    const account = await createDueAccount(database.db);
    adapter.script.push(page(["a1", "a2"], { page: 1 }, false), page(["a3"], { page: 2 }, true));
    const outcome = await crawlAccount(runtime(), account.id);
    expect(outcome).toMatchObject({ status: "ok", itemsSeen: 3, itemsNew: 3, pages: 2, caughtUp: true });
    expect(adapter.cursors).toEqual([null, { page: 1 }]);
    const row = await accountRow(account.id);
    expect(row.cursor).toEqual({ page: 2 });
    expect(row.status).toBe("active");
    expect(row.lastSuccessAt).toEqual(NOW);
    // */10 in the adapter's default schedule: 02:03 → 02:10
    expect(row.nextRunAt).toEqual(new Date("2025-05-12T02:10:00Z"));
    expect(row.leaseOwner).toBeNull();
  });

  it("stops at the page budget and goes on from the stored cursor next time", async () => {
    const account = await createDueAccount(database.db);
    adapter.script.push(page(["b1"], { page: 1 }, false), page(["b2"], { page: 2 }, false), page(["b3"], { page: 3 }));
    const first = await crawlAccount(runtime({ pageBudget: 2 }), account.id);
    expect(first).toMatchObject({ status: "ok", pages: 2, caughtUp: false, itemsNew: 2 });
    const second = await crawlAccount(runtime({ pageBudget: 2 }), account.id);
    expect(second).toMatchObject({ pages: 1, caughtUp: true, itemsNew: 1 });
    expect(adapter.cursors.at(-1)).toEqual({ page: 2 });
    expect(await postCount()).toBe(3);
  });

  it("keeps a stored page when a later page fails, and resumes after it", async () => {
    const account = await createDueAccount(database.db);
    adapter.script.push(page(["c1", "c2"], { page: 1 }, false), new Permanent("栏目不存在", 404));
    const outcome = await crawlAccount(runtime(), account.id);
    expect(outcome).toMatchObject({ status: "failed", errorKind: "permanent", itemsNew: 2 });
    expect((await accountRow(account.id)).cursor).toEqual({ page: 1 });
    adapter.script.push(page(["c3"], { page: 2 }));
    await crawlAccount(runtime(), account.id);
    expect(adapter.cursors.at(-1)).toEqual({ page: 1 });
    expect(await postCount()).toBe(3);
  });

  it("does not move the cursor when the batch cannot be stored under its lease", async () => {
    const account = await createDueAccount(database.db, { cursor: { page: 0 } });
    adapter.script.push(async () => {
      // another worker takes the account over while this pull is out (our lease expired meanwhile)
      await database.db
        .update(channelAccounts)
        .set({ leaseOwner: "someone-else" })
        .where(eq(channelAccounts.id, account.id));
      return page(["d1"], { page: 1 });
    });
    const outcome = await crawlAccount(runtime(), account.id);
    expect(outcome).toMatchObject({ status: "failed", errorKind: "lease_lost", itemsNew: 0 });
    expect(await postCount()).toBe(0);
    const row = await accountRow(account.id);
    expect(row.cursor).toEqual({ page: 0 });
    // the account's health is the other worker's to write
    expect(row.errorStreak).toBe(0);
  });

  it("retries transient errors with exponential backoff and full jitter", async () => {
    const account = await createDueAccount(database.db);
    adapter.script.push(new Transient("502"), new Transient("502"), page(["e1"], { page: 1 }));
    const outcome = await crawlAccount(runtime(), account.id);
    expect(outcome).toMatchObject({ status: "ok", itemsNew: 1 });
    // random() = 1 shows the ceilings: base, then twice base
    expect(sleeps).toEqual([1000, 2000]);

    adapter.script.push(new Transient("502"), page(["e2"], { page: 2 }));
    sleeps.length = 0;
    await crawlAccount(runtime({ random: () => 0.25 }), account.id);
    expect(sleeps).toEqual([250]);
  });

  it("waits as long as a rate limit asks, and ends the run when it asks too much", async () => {
    const account = await createDueAccount(database.db);
    adapter.script.push(new RateLimited("45011", 20_000), page(["f1"], { page: 1 }));
    await crawlAccount(runtime({ random: () => 0 }), account.id);
    expect(sleeps).toEqual([20_000]);

    sleeps.length = 0;
    adapter.script.push(new RateLimited("10023 每小时限额", 3600_000));
    const outcome = await crawlAccount(runtime(), account.id);
    expect(outcome).toMatchObject({ status: "failed", errorKind: "rate_limited" });
    expect(sleeps).toEqual([]);
    const row = await accountRow(account.id);
    expect(row.status).toBe("failing");
    expect(row.lastErrorKind).toBe("rate_limited");
    expect(row.nextRunAt!.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 3600_000);
  });

  it("gives up after the attempts and backs off the next run more each time", async () => {
    const account = await createDueAccount(database.db);
    const failAll = () => adapter.script.push(...Array.from({ length: 4 }, () => new Transient("down")));
    failAll();
    const first = await crawlAccount(runtime({ runBackoff: { baseMs: 60_000, capMs: 3600_000 } }), account.id);
    expect(first).toMatchObject({ status: "failed", errorKind: "transient" });
    expect(sleeps).toHaveLength(3);
    failAll();
    const second = await crawlAccount(runtime({ runBackoff: { baseMs: 60_000, capMs: 3600_000 } }), account.id);
    const row = await accountRow(account.id);
    expect(row.errorStreak).toBe(2);
    expect(Date.parse(first.nextRunAt!) - NOW.getTime()).toBe(60_000);
    expect(Date.parse(second.nextRunAt!) - NOW.getTime()).toBe(120_000);
  });

  it("stops an account whose authorisation expired until someone crawls it by hand", async () => {
    const stopped = await createDueAccount(database.db);
    const other = await createDueAccount(database.db);
    adapter.script.push(new AuthExpired("21327 expired_token"));
    await crawlAccount(runtime(), stopped.id);
    const row = await accountRow(stopped.id);
    expect(row).toMatchObject({
      status: "needs_reauth",
      lastErrorKind: "auth_expired",
      errorStreak: 1,
      nextRunAt: null,
    });

    // neither the scheduler nor a crawl of everything pulls it; the other account goes on
    const due = await runDueAccounts(runtime(), { limit: 10 });
    expect(due.map((outcome) => outcome.accountId)).toEqual([other.id]);
    const all = await crawlNow(runtime());
    expect(all.accounts.map((outcome) => outcome.accountId)).toEqual([other.id]);

    // re-authorised: a crawl of that account runs it and it is active again
    adapter.script.push(page(["g1"], { page: 1 }));
    const manual = await crawlNow(runtime(), { accountId: stopped.id });
    expect(manual.accounts[0]).toMatchObject({ status: "ok", itemsNew: 1 });
    expect(await accountRow(stopped.id)).toMatchObject({ status: "active", errorStreak: 0 });
  });

  it("records every run: start, end, items seen and new, error kind", async () => {
    const account = await createDueAccount(database.db);
    adapter.script.push(page(["h1", "h2"], { page: 1 }));
    await crawlAccount(runtime(), account.id);
    adapter.script.push(page(["h2", "h3"], { page: 2 }));
    await crawlAccount(runtime(), account.id);
    adapter.script.push(new Permanent("gone"));
    await crawlAccount(runtime(), account.id);
    const runs = await database.db
      .select()
      .from(crawlRuns)
      .where(eq(crawlRuns.accountId, account.id))
      .orderBy(crawlRuns.id);
    expect(runs.map((run) => [run.itemsSeen, run.itemsNew, run.errorKind])).toEqual([
      [2, 2, null],
      [2, 1, null],
      [0, 0, "permanent"],
    ]);
    expect(runs.every((run) => run.startedAt && run.endedAt)).toBe(true);
  });

  it("never lets two workers pull the same account at once", async () => {
    const account = await createDueAccount(database.db);
    let release!: () => void;
    let pulling!: () => void;
    const started = new Promise<void>((resolve) => {
      pulling = resolve;
    });
    adapter.script.push(async () => {
      pulling();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return page(["i1"], { page: 1 });
    });
    const first = crawlAccount(runtime({ workerId: "worker-a" }), account.id);
    await started;
    const second = await crawlAccount(runtime({ workerId: "worker-b" }), account.id);
    const claimed = await runDueAccounts(runtime({ workerId: "worker-c" }), { limit: 10 });
    release();
    expect(second.status).toBe("busy");
    expect(claimed).toEqual([]);
    expect((await first).status).toBe("ok");
    expect(adapter.cursors).toHaveLength(1);
  });

  it("shares due accounts between workers without overlap", async () => {
    const accounts = await Promise.all(Array.from({ length: 6 }, () => createDueAccount(database.db)));
    adapter.script.push(...accounts.map((_, i) => page([`j${i}`], { page: 1 })));
    const [a, b] = await Promise.all([
      runDueAccounts(runtime({ workerId: "worker-a" }), { limit: 4 }),
      runDueAccounts(runtime({ workerId: "worker-b" }), { limit: 4 }),
    ]);
    const pulled = [...a, ...b].map((outcome) => outcome.accountId).sort((x, y) => x - y);
    expect(pulled).toEqual(accounts.map((account) => account.id).sort((x, y) => x - y));
    expect(adapter.cursors).toHaveLength(6);
    const [row] = await queryRows<{ leased: string }>(
      database.db,
      sql`select count(*) as leased from channel_accounts where lease_owner is not null`,
    );
    expect(Number(row!.leased)).toBe(0);
  });

  it("refuses to pull a push-only account", async () => {
    const account = await createDueAccount(database.db, { kind: "weibang", config: { secret: "x".repeat(16) } });
    await expect(crawlNow(runtime(), { accountId: account.id })).rejects.toThrow(/push-only/);
  });
});
