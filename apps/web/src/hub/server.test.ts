import { createSilentLogger } from "@qnzs/crawlers";
import type { Database } from "@qnzs/db";
import { createDueAccount } from "@qnzs/db/channel-factories";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningHub, startHub } from "./server.ts";

describe("the hub's API", () => {
  let database: Database;
  let hub: RunningHub;
  beforeAll(async () => {
    database = await databaseTargets()[0]!.open();
    hub = await startHub({ database, port: 0, scheduler: false, logger: createSilentLogger(), token: "admin-token" });
  });
  afterAll(async () => {
    await hub?.close();
    await database?.close();
  });

  const call = (path: string, init: RequestInit = {}) => fetch(`${hub.url}${path}`, init);
  const admin = { authorization: "Bearer admin-token" };

  it("answers health to anyone and everything else only with the admin token", async () => {
    expect((await call("/api/health")).status).toBe(200);
    expect((await call("/api/channels")).status).toBe(401);
    expect((await call("/api/channels", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await call("/api/channels", { headers: admin })).status).toBe(200);
    expect((await call("/api/nothing-here", { headers: admin })).status).toBe(404);
    expect((await call("/api/stats", { method: "DELETE", headers: admin })).status).toBe(405);
  });

  it("turns a bad request into a clear 4xx, not a crash", async () => {
    const addBad = await call("/api/channels", {
      method: "POST",
      headers: { ...admin, "content-type": "application/json" },
      body: JSON.stringify({ kind: "douyin", name: "抖音" }),
    });
    expect(addBad.status).toBe(400);
    expect(((await addBad.json()) as { error: string }).error).toMatch(/douyin/);
    const notJson = await call("/api/search", { method: "POST", headers: admin, body: "{" });
    expect(notJson.status).toBe(400);
  });

  it("takes push callbacks only for push channels", async () => {
    const pulled = await createDueAccount(database.db, { kind: "rss", config: { feedUrl: "https://example.org/rss" } });
    expect((await call(`/api/channels/${pulled.id}/callback`, { method: "POST", body: "x" })).status).toBe(404);
    expect((await call("/api/channels/99999/callback", { method: "POST", body: "x" })).status).toBe(404);
  });
});
