import { getAdapter, Permanent } from "@qnzs/adapters";
import type { Database } from "@qnzs/db";
import { createDueAccount } from "@qnzs/db/channel-factories";
import { channelAccounts, crawlRuns, posts } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setAccountPaused, setAccountSchedule } from "./account-settings.ts";
import { parseChannelOptions } from "./channel-options.ts";
import { checkChannelConnection } from "./check-connection.ts";
import { describeConfigFields, readConfigForm } from "./config-fields.ts";
import { createCrawlerRuntime } from "./runtime.ts";
import { createFakeAdapter, type FakeAdapter, page } from "./testing/fake-adapter.ts";

const NOW = new Date("2025-05-12T02:03:00Z");

describe("the account form read from an adapter's config schema", () => {
  it("asks for a WeChat account's secrets in password fields and marks what is required", () => {
    const fields = describeConfigFields(getAdapter("wechat"));
    const byName = new Map(fields.map((field) => [field.name, field]));
    expect(byName.get("appSecret")).toMatchObject({
      input: "password",
      secret: true,
      required: true,
      exampleText: null,
    });
    expect(byName.get("appId")).toMatchObject({ input: "text", required: true, secret: false });
    expect(byName.get("apiBase")).toMatchObject({
      label: "接口地址",
      input: "url",
      required: false,
      defaultText: "https://api.weixin.qq.com",
    });
    expect(byName.get("articlePages")).toMatchObject({ input: "number", min: 1, max: 10 });
  });

  it("offers Weibo's streams as choices and H5 selectors as JSON, and reads a filled-in form back", () => {
    expect(describeConfigFields(getAdapter("weibo")).find((field) => field.name === "streams")).toMatchObject({
      input: "choices",
    });
    const h5 = describeConfigFields(getAdapter("h5"));
    expect(h5.find((field) => field.name === "selectors")).toMatchObject({ input: "json", required: true });
    const rss = describeConfigFields(getAdapter("rss"));
    const form: Record<string, string[]> = {
      feedUrl: [" https://news.example/rss.xml "],
      allowedHosts: ["a.example, b.example"],
      timeoutMs: [""],
    };
    const options = readConfigForm(rss, (name) => form[name] ?? []);
    expect(parseChannelOptions(getAdapter("rss").config, options)).toEqual({
      feedUrl: "https://news.example/rss.xml",
      allowedHosts: ["a.example", "b.example"],
      timeoutMs: 20_000,
    });
  });
});

describe.each(databaseTargets())("testing and scheduling an account on $name", (target) => {
  let database: Database;
  let adapter: FakeAdapter;
  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.db.execute(sql`truncate channel_accounts, crawl_runs, posts restart identity cascade`);
    adapter = createFakeAdapter();
  });
  const runtime = () =>
    createCrawlerRuntime(database, {
      adapterFor: (kind) => (kind === adapter.kind ? adapter : getAdapter(kind)),
      kinds: [adapter.kind, "weibang"],
      now: () => NOW,
    });

  it("fetches once from the account's cursor and stores nothing", async () => {
    const db = database.db;
    const account = await createDueAccount(db, { cursor: { page: 3 } });
    adapter.script.push(page(["a1", "a2"], { page: 4 }));
    expect(await checkChannelConnection(runtime(), account.id)).toEqual({ outcome: "ok", items: 2, caughtUp: true });
    expect(adapter.cursors).toEqual([{ page: 3 }]);
    const [after] = await db.select().from(channelAccounts).where(eq(channelAccounts.id, account.id));
    expect(after).toMatchObject({ cursor: { page: 3 }, lastRunAt: null, errorStreak: 0 });
    expect(await db.select().from(posts)).toEqual([]);
    expect(await db.select().from(crawlRuns)).toEqual([]);
  });

  it("reports the platform's refusal, and that a push channel has nothing to fetch", async () => {
    const db = database.db;
    const account = await createDueAccount(db);
    adapter.script.push(new Permanent("appid 无效"));
    expect(await checkChannelConnection(runtime(), account.id)).toEqual({
      outcome: "failed",
      errorKind: "permanent",
      message: "appid 无效",
    });
    const pushed = await createDueAccount(db, { kind: "weibang", config: { secret: "x".repeat(16) } });
    expect(await checkChannelConnection(runtime(), pushed.id)).toEqual({
      outcome: "push",
      callbackPath: `/api/channels/${pushed.id}/callback`,
    });
  });

  it("pauses and resumes an account and sets its schedule", async () => {
    const db = database.db;
    const account = await createDueAccount(db, { errorStreak: 3, status: "failing" });
    await setAccountPaused(runtime(), account.id, true);
    expect((await db.select().from(channelAccounts))[0]).toMatchObject({ status: "paused" });
    await setAccountPaused(runtime(), account.id, false);
    expect((await db.select().from(channelAccounts))[0]).toMatchObject({
      status: "active",
      errorStreak: 0,
      nextRunAt: NOW,
    });
    await setAccountSchedule(runtime(), account.id, "*/30 * * * *");
    const [scheduled] = await db.select().from(channelAccounts);
    expect(scheduled).toMatchObject({ schedule: "*/30 * * * *", nextRunAt: new Date("2025-05-12T02:30:00Z") });
    await expect(setAccountSchedule(runtime(), account.id, "every day")).rejects.toThrow(/cron/);
  });
});
