import { addUser, createApiToken } from "@qnzs/core/cases/users";
import type { Database } from "@qnzs/db";
import { databaseTargets } from "@qnzs/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./csrf.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { CrossSiteRequest, resolveActorFrom } from "./resolve-actor.ts";
import { endSession, findSessionActor, SESSION_TTL_MS } from "./sessions.ts";
import { createLoginLimiter, signIn } from "./sign-in.ts";

function request(method: string, headers: Record<string, string>) {
  return { method, header: (name: string) => headers[name.toLowerCase()] ?? null };
}

describe.each(databaseTargets())("console sign-in on $name", (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open();
    await addUser(database.db, { username: "cadre", displayName: "李干部", password: "right-password" });
  });
  afterAll(() => database?.close());

  const attempt = (password: string, clientAddress = "10.0.0.1", limiter = createLoginLimiter()) =>
    signIn(database.db, limiter, { username: "cadre", password, clientAddress });

  it("signs in with the right password and the session names the user until it is signed out", async () => {
    const result = await attempt("right-password");
    if (!result.ok) throw new Error("sign-in failed");
    const actor = await findSessionActor(database.db, result.token);
    expect(actor?.displayName).toBe("李干部");
    await endSession(database.db, result.token);
    expect(await findSessionActor(database.db, result.token)).toBeNull();
  });

  it("forgets a session not used for its whole lifetime", async () => {
    const result = await attempt("right-password");
    if (!result.ok) throw new Error("sign-in failed");
    const later = new Date(Date.now() + SESSION_TTL_MS + 60_000);
    expect(await findSessionActor(database.db, result.token, later)).toBeNull();
  });

  it("answers every failure alike and stops checking passwords after five failures", async () => {
    const limiter = createLoginLimiter();
    for (let i = 0; i < 5; i += 1)
      expect(await attempt("wrong", "10.0.0.2", limiter)).toEqual({ ok: false, reason: "invalid" });
    const refused = await attempt("right-password", "10.0.0.2", limiter);
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    // the limit is per username as well: another address does not get around it
    expect(await attempt("right-password", "10.0.0.3", limiter)).toMatchObject({ reason: "rate_limited" });
    const unknown = await signIn(database.db, createLoginLimiter(), {
      username: "nobody",
      password: "x",
      clientAddress: "10.0.0.4",
    });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  it("resolves the actor from a Bearer token or the session cookie, and refuses a cross-site write", async () => {
    const { token } = await createApiToken(database.db, { username: "cadre" });
    expect((await resolveActorFrom(database.db, request("POST", { authorization: `Bearer ${token}` })))?.username).toBe(
      "cadre",
    );
    const session = await attempt("right-password", "10.0.0.9");
    if (!session.ok) throw new Error("sign-in failed");
    const cookie = `qnzs_session=${session.token}`;
    const sameSite = request("POST", { cookie, host: "hub.local", origin: "http://hub.local" });
    expect((await resolveActorFrom(database.db, sameSite))?.username).toBe("cadre");
    const crossSite = request("POST", { cookie, host: "hub.local", origin: "https://evil.example" });
    await expect(resolveActorFrom(database.db, crossSite)).rejects.toBeInstanceOf(CrossSiteRequest);
    expect(await resolveActorFrom(database.db, request("GET", {}))).toBeNull();
  });
});

describe("the origin check", () => {
  const check = (headers: Record<string, string>) => isSameOriginRequest((name) => headers[name] ?? null);

  it("accepts our own pages and refuses other sites and requests that say nothing", () => {
    expect(check({ host: "hub.local:3000", origin: "http://hub.local:3000" })).toBe(true);
    expect(check({ host: "hub.local:3000", "sec-fetch-site": "same-origin" })).toBe(true);
    expect(check({ host: "hub.local:3000", referer: "http://hub.local:3000/console" })).toBe(true);
    expect(check({ host: "hub.local:3000", origin: "http://evil.example" })).toBe(false);
    expect(check({ host: "hub.local:3000", "sec-fetch-site": "cross-site" })).toBe(false);
    expect(check({ host: "hub.local:3000" })).toBe(false);
  });
});

describe("the rate limiter", () => {
  it("lets a key try again once its failures leave the window", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000 });
    limiter.recordFailure(["a"], 0);
    limiter.recordFailure(["a"], 100);
    expect(limiter.retryAfter(["a"], 200)).toBe(800);
    expect(limiter.retryAfter(["a"], 1001)).toBe(0);
  });
});
