import { getAdapter } from "@qnzs/adapters";
import type { Actor } from "@qnzs/core/cases/access";
import { createChannelAccount, readChannelAccount } from "@qnzs/core/channels/accounts";
import { createCrawlerRuntime } from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import { createOrg } from "@qnzs/db/factories";
import { auditLog, users } from "@qnzs/db/schema";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beginReauthorisation, completeReauthorisation, supportsReauthorisation } from "./reauthorize.ts";

const NOW = new Date("2026-11-27T08:00:00Z");
const REDIRECT = "https://hub.example.org/api/oauth/weibo/callback";

function actorOf(userId: number, roles: Actor["roles"] = [], isAdmin = false): Actor {
  return { userId, username: `u${userId}`, displayName: `用户${userId}`, isAdmin, roles, helper: null };
}

describe.each(databaseTargets())("re-authorising a channel account in the browser ($name)", (target) => {
  let database: Database;
  let accountId: number;
  let rssId: number;
  let officer: Actor;
  let stranger: Actor;
  const exchanged: URLSearchParams[] = [];

  const runtime = (now = NOW) =>
    createCrawlerRuntime(database, {
      now: () => now,
      fetch: async (_url, init) => {
        exchanged.push(new URLSearchParams(String(init?.body ?? "")));
        return Response.json({ access_token: "2.00fresh", expires_in: 86_400, remind_in: "86400", uid: "1567896867" });
      },
    });

  beforeAll(async () => {
    database = await target.open();
    const { db, secrets } = database;
    const province = await createOrg(db, { name: "测试团省委", level: "province" });
    const other = await createOrg(db, { name: "另一个团省委", level: "province" });
    const [a, b] = await db
      .insert(users)
      .values([
        { username: "officer", displayName: "张专员" },
        { username: "stranger", displayName: "外人" },
      ])
      .returning();
    officer = actorOf(a!.id, [{ orgId: province.id, orgPath: province.path, role: "media_officer" }]);
    stranger = actorOf(b!.id, [{ orgId: other.id, orgPath: other.path, role: "media_officer" }]);
    const account = await createChannelAccount(db, secrets, {
      kind: "weibo",
      name: "团省委微博",
      orgId: province.id,
      config: {
        apiBase: "https://sim.example/weibo",
        appKey: "1234567890",
        appSecret: "app-secret",
        redirectUri: REDIRECT,
        accessToken: "2.00expired",
      },
      secretFields: getAdapter("weibo").secretFields,
    });
    accountId = account.id;
    rssId = (
      await createChannelAccount(db, secrets, {
        kind: "rss",
        name: "要闻",
        orgId: province.id,
        config: { feedUrl: "https://news.example/rss.xml" },
        secretFields: [],
      })
    ).id;
  });
  afterAll(async () => database.close());

  it("is offered where the adapter declares the flow, not by channel name", () => {
    expect(supportsReauthorisation("weibo")).toBe(true);
    expect(supportsReauthorisation("rss")).toBe(false);
    expect(supportsReauthorisation("wechat")).toBe(false);
  });

  it("sends the officer to the platform and stores the new token when they come back", async () => {
    const { db, secrets } = database;
    const url = new URL(await beginReauthorisation(db, secrets, officer, accountId, NOW));
    expect(url.origin + url.pathname).toBe("https://sim.example/weibo/oauth2/authorize");
    expect(url.searchParams.get("redirect_uri")).toBe(REDIRECT);
    const state = url.searchParams.get("state");

    // someone else cannot complete it, nor can it be completed once it expired
    await expect(
      completeReauthorisation(runtime(), stranger, { kind: "weibo", code: "c", state, error: null }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      completeReauthorisation(runtime(new Date(NOW.getTime() + 3_600_000)), officer, {
        kind: "weibo",
        code: "c",
        state,
        error: null,
      }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      completeReauthorisation(runtime(), officer, { kind: "weibo", code: "c", state: "forged", error: null }),
    ).rejects.toMatchObject({ status: 400 });
    expect(exchanged).toHaveLength(0);

    const done = await completeReauthorisation(runtime(), officer, { kind: "weibo", code: "CODE", state, error: null });
    expect(done).toBe(accountId);
    expect(exchanged[0]?.get("code")).toBe("CODE");
    const stored = await readChannelAccount(db, secrets, accountId);
    expect(stored?.config).toMatchObject({ accessToken: "2.00fresh", uid: "1567896867" });
    // the token is sealed at rest, not in the plain config
    expect(JSON.stringify(stored?.account.config)).not.toContain("2.00fresh");
    const [audit] = await db.select().from(auditLog);
    expect(audit).toMatchObject({ action: "channel_reauthorised", actorId: officer.userId });
    expect(JSON.stringify(audit?.data)).not.toContain("2.00fresh");
  });

  it("refuses accounts outside the actor's organisations and channels without the flow", async () => {
    const { db, secrets } = database;
    await expect(beginReauthorisation(db, secrets, stranger, accountId, NOW)).rejects.toMatchObject({ status: 403 });
    await expect(beginReauthorisation(db, secrets, officer, rssId, NOW)).rejects.toMatchObject({ status: 400 });
  });
});
