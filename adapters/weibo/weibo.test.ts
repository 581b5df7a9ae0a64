/** The Weibo adapter against a local server that serves recorded payloads with Weibo's paging rules. */
import { afterEach, describe, expect, it } from "vitest";
import { AuthExpired, Permanent, RateLimited, Transient } from "../contract.ts";
import { createTestContext } from "../test-support/context.ts";
import {
  type FixtureReply,
  type FixtureServer,
  json,
  type RecordedRequest,
  readFixture,
  startFixtureServer,
  text,
} from "../test-support/fixture-server.ts";
import { buildWeiboAuthorizeUrl, exchangeWeiboCode, WeiboConfigSchema, weibo } from "./index.ts";
import { compareWeiboIds } from "./transform.ts";

const raw = (name: string) => readFixture(import.meta.url, `fixtures/${name}`);
const load = (name: string): unknown => JSON.parse(raw(name));
const pool = load("mentions-pool.json") as Array<{ idstr: string }>;

/** statuses newest first; since_id exclusive, max_id inclusive, like api.weibo.com */
function serveTimeline(statuses: Array<{ idstr: string }>, request: RecordedRequest): FixtureReply {
  const since = request.query.get("since_id");
  const max = request.query.get("max_id");
  const count = Number(request.query.get("count") ?? 20);
  const page = statuses
    .filter((s) => (!since || compareWeiboIds(s.idstr, since) > 0) && (!max || compareWeiboIds(s.idstr, max) <= 0))
    .sort((a, b) => compareWeiboIds(b.idstr, a.idstr))
    .slice(0, count);
  return json({ statuses: page, previous_cursor: 0, next_cursor: page.length ? page[page.length - 1]?.idstr : 0 });
}

const emptyComments = json({ comments: [], next_cursor: 0, total_number: 0 });

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(
  route: (request: RecordedRequest) => FixtureReply | undefined,
  overrides: Record<string, unknown> = {},
) {
  server = await startFixtureServer(
    (request) => route(request) ?? json({ error: "not found", error_code: 10020 }, 404),
  );
  const config = WeiboConfigSchema.parse({
    apiBase: `${server.origin}/weibo`,
    appKey: "1234567890",
    appSecret: "app-secret",
    redirectUri: "https://hub.example.org/oauth/weibo",
    accessToken: "2.00valid",
    uid: "5678901234",
    streams: ["mentions"],
    trackThreads: 0,
    ...overrides,
  });
  return { server, config, ctx: createTestContext("2018-04-20T09:30:00+08:00") };
}

describe("weibo pull", () => {
  it("pages back with max_id, drops the repeated boundary item, then pulls only newer items", async () => {
    const { server, config, ctx } = await setup(
      (request) => (request.path === "/weibo/2/statuses/mentions.json" ? serveTimeline(pool, request) : undefined),
      { count: 2, maxPagesPerStream: 5 },
    );
    const first = await weibo.pull?.(config, null, ctx);
    const ids = first?.items.map((item) => item.externalId);
    expect(ids).toEqual(pool.map((s) => s.idstr));
    expect(new Set(ids).size).toBe(ids?.length);
    expect(server.requests.map((r) => [r.query.get("max_id"), r.query.get("count")])).toEqual([
      [null, "2"],
      ["4230512345678901", "3"],
      ["4230466846817001", "3"],
    ]);
    expect(server.requests[0]?.query.get("access_token")).toBe("2.00valid");
    expect(server.requests[0]?.headers.authorization).toBe("OAuth2 2.00valid");

    const again = await weibo.pull?.(config, first?.cursor ?? null, ctx);
    expect(again?.items).toEqual([]);
    expect(server.requests.at(-1)?.query.get("since_id")).toBe("4230521258540417");
  });

  it("keeps an unclosed gap in the cursor and closes it on the next pull", async () => {
    const older = pool.slice(3);
    const statuses = [...older];
    const { config, ctx } = await setup(
      (request) => (request.path === "/weibo/2/statuses/mentions.json" ? serveTimeline(statuses, request) : undefined),
      { count: 1, maxPagesPerStream: 2 },
    );
    const first = await weibo.pull?.(config, null, ctx);
    expect(first?.items.map((i) => i.externalId)).toEqual(["4230466846817001", "4229408946227959"]);

    statuses.push(...pool.slice(0, 3)); // three new mentions arrive
    const second = await weibo.pull?.(config, first?.cursor ?? null, ctx);
    expect(second?.caughtUp).toBe(false);
    const third = await weibo.pull?.(config, second?.cursor ?? null, ctx);
    expect(third?.caughtUp).toBe(true);
    const delivered = [...(second?.items ?? []), ...(third?.items ?? [])].map((i) => i.externalId);
    expect(delivered.sort()).toEqual(
      pool
        .slice(0, 3)
        .map((s) => s.idstr)
        .sort(),
    );
  });

  it("follows comments on the account's own posts and delivers a comment seen twice only once", async () => {
    const { server, config, ctx } = await setup(
      (request) => {
        if (request.path.endsWith("/statuses/user_timeline.json"))
          return text(raw("user-timeline.json"), 200, "application/json");
        if (request.path.endsWith("/comments/to_me.json"))
          return text(raw("comments-to-me.json"), 200, "application/json");
        if (request.path.endsWith("/comments/show.json")) {
          return request.query.get("since_id")
            ? emptyComments
            : text(raw("comments-show.json"), 200, "application/json");
        }
        return undefined;
      },
      { streams: ["comments_to_me", "user_timeline"], trackThreads: 5 },
    );
    const result = await weibo.pull?.(config, null, ctx);
    expect(result?.items.map((i) => `${i.itemKind}:${i.externalId}`)).toEqual([
      "comment:4230476362716408",
      "comment:4230468079173048",
      "post:4230467933073647",
    ]);
    const show = server.requests.find((r) => r.path.endsWith("/comments/show.json"));
    expect(show?.query.get("id")).toBe("4230467933073647");
    expect(server.requests.find((r) => r.path.endsWith("/user_timeline.json"))?.query.get("uid")).toBe("5678901234");
  });

  it("stores an unreadable entry as rejected and goes on with the rest", async () => {
    const statuses = [{ idstr: "4230600000000000", text: "missing created_at" }, ...pool.slice(0, 1)];
    const { config, ctx } = await setup((request) =>
      request.path.endsWith("/mentions.json") ? serveTimeline(statuses, request) : undefined,
    );
    const result = await weibo.pull?.(config, null, ctx);
    expect(result?.items.map((i) => i.externalId)).toEqual(["4230521258540417"]);
    expect(result?.rejected?.[0]?.reason).toMatch(/微博数据格式不符/);
  });
});

describe("weibo errors", () => {
  const failWith = async (reply: FixtureReply, overrides: Record<string, unknown> = {}) => {
    const { config, ctx } = await setup(() => reply, overrides);
    return weibo.pull?.(config, null, ctx).then(
      () => null,
      (error: unknown) => error,
    );
  };

  it("an expired token (400, 21327) asks for re-authorisation", async () => {
    const error = await failWith(text(raw("error-expired-token.json"), 400, "application/json"));
    expect(error).toBeInstanceOf(AuthExpired);
    expect(error).toMatchObject({ code: 21327, message: expect.stringMatching(/重新授权/) });
  });

  it("a revoked token (400, 21332) asks for re-authorisation", async () => {
    expect(await failWith(text(raw("error-invalid-token.json"), 400, "application/json"))).toBeInstanceOf(AuthExpired);
  });

  it("reads error_code given as a string", async () => {
    const error = await failWith(text(raw("error-string-code.json"), 400, "application/json"));
    expect(error).toBeInstanceOf(AuthExpired);
    expect(error).toMatchObject({ code: 21327 });
  });

  it("the user rate limit (403, 10023) waits until the next hour", async () => {
    const error = await failWith(text(raw("error-rate-limit.json"), 403, "application/json"));
    expect(error).toBeInstanceOf(RateLimited);
    // the test clock is 09:30 Beijing: the hourly window reopens at 10:00
    expect((error as RateLimited).retryAfterMs).toBe(30 * 60_000);
  });

  it("an HTML 502 from the gateway is transient", async () => {
    const error = await failWith(text(raw("bad-gateway.html"), 502, "text/html"));
    expect(error).toBeInstanceOf(Transient);
    expect(error).toMatchObject({ code: 502 });
  });

  it("truncated JSON is transient (the connection was cut)", async () => {
    const error = await failWith(text(raw("truncated.json"), 200, "application/json"));
    expect(error).toBeInstanceOf(Transient);
    expect(error).toMatchObject({ code: "truncated_json" });
  });

  it("a token past its expiry is refused before any request", async () => {
    const { server, config, ctx } = await setup(() => undefined, { tokenExpiresAt: "2018-04-19T00:00:00Z" });
    await expect(weibo.pull?.(config, null, ctx)).rejects.toBeInstanceOf(AuthExpired);
    expect(server.requests).toHaveLength(0);
  });

  it("an account never authorised needs authorisation", async () => {
    const { config, ctx } = await setup(() => undefined, { accessToken: undefined });
    await expect(weibo.pull?.(config, null, ctx)).rejects.toThrow(/尚未授权/);
  });
});

describe("weibo publish", () => {
  const commentTarget = { externalId: "4230468079173048", itemKind: "comment" as const, threadId: "4230467933073647" };
  const answer = "今年三支一扶报名预计五月开始，请关注省人社厅通知。";

  it("replies to a comment as a form POST and returns the new comment's id", async () => {
    const { server, config, ctx } = await setup((request) =>
      request.path === "/weibo/2/comments/reply.json"
        ? text(raw("comment-reply-response.json"), 200, "application/json")
        : undefined,
    );
    const result = await weibo.publish?.(
      config,
      { kind: "reply", text: answer, replyTo: commentTarget, idempotencyKey: "a1" },
      ctx,
    );
    expect(result).toEqual({ remoteId: "4230490000000002", url: "https://weibo.com/5678901234/4230467933073647" });
    const sent = server.requests[0];
    expect(sent?.method).toBe("POST");
    expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(sent?.body);
    expect(Object.fromEntries(form)).toEqual({
      cid: "4230468079173048",
      id: "4230467933073647",
      comment: answer,
      without_mention: "0",
      comment_ori: "0",
      access_token: "2.00valid",
    });
  });

  it("on 'repeat content' finds the earlier send in comments/by_me instead of failing", async () => {
    const { config, ctx } = await setup((request) => {
      if (request.path.endsWith("/comments/reply.json"))
        return text(raw("error-repeat-content.json"), 400, "application/json");
      if (request.path.endsWith("/comments/by_me.json"))
        return text(raw("comments-by-me.json"), 200, "application/json");
      return undefined;
    });
    const result = await weibo.publish?.(
      config,
      { kind: "reply", text: answer, replyTo: commentTarget, idempotencyKey: "a1" },
      ctx,
    );
    expect(result?.remoteId).toBe("4230490000000002");
    expect(result?.note).toMatch(/已发送成功/);
  });

  it("'repeat content' without an earlier send of ours stays a permanent failure", async () => {
    const { config, ctx } = await setup((request) => {
      if (request.path.endsWith("/comments/reply.json"))
        return text(raw("error-repeat-content.json"), 400, "application/json");
      if (request.path.endsWith("/comments/by_me.json"))
        return text(raw("comments-by-me.json"), 200, "application/json");
      return undefined;
    });
    const other = { kind: "reply" as const, text: "另一段回答", replyTo: commentTarget, idempotencyKey: "a2" };
    await expect(weibo.publish?.(config, other, ctx)).rejects.toMatchObject({ code: 20019, kind: "permanent" });
  });

  it("findPublished tells the outbox whether the reply already exists", async () => {
    const { config, ctx } = await setup((request) =>
      request.path.endsWith("/comments/by_me.json")
        ? text(raw("comments-by-me.json"), 200, "application/json")
        : undefined,
    );
    const sent = { kind: "reply" as const, text: answer, replyTo: commentTarget, idempotencyKey: "a1" };
    expect((await weibo.findPublished?.(config, sent, ctx))?.remoteId).toBe("4230490000000002");
    const elsewhere = { ...sent, replyTo: { ...commentTarget, threadId: "4230400000000000" } };
    expect(await weibo.findPublished?.(config, elsewhere, ctx)).toBeNull();
  });

  it("shares a post with the safe-domain link; 10017 and 20012 are permanent with a readable reason", async () => {
    const { server, config, ctx } = await setup(
      (request) =>
        request.path.endsWith("/statuses/share.json")
          ? text(raw("share-response.json"), 200, "application/json")
          : undefined,
      { safeDomainLink: "https://qnzs.youth.cn/" },
    );
    const result = await weibo.publish?.(
      config,
      { kind: "post", text: "五月就业服务月活动安排", idempotencyKey: "p1" },
      ctx,
    );
    expect(result?.remoteId).toBe("4230530000000004");
    expect(new URLSearchParams(server.requests[0]?.body).get("status")).toBe(
      "五月就业服务月活动安排 https://qnzs.youth.cn/",
    );

    const { config: c2, ctx: x2 } = await setup(() => text(raw("error-no-safe-domain.json"), 400, "application/json"));
    await expect(weibo.publish?.(c2, { kind: "post", text: "无链接", idempotencyKey: "p2" }, x2)).rejects.toThrow(
      /安全域名/,
    );
    const { config: c3, ctx: x3 } = await setup(() => text(raw("error-too-long.json"), 400, "application/json"));
    const long = {
      kind: "reply" as const,
      text: "长".repeat(200),
      replyTo: { externalId: "1", itemKind: "post" as const },
      idempotencyKey: "p3",
    };
    await expect(weibo.publish?.(c3, long, x3)).rejects.toSatisfy(
      (error: unknown) => error instanceof Permanent && error.code === 20012 && /140/.test(error.message),
    );
  });
});

describe("weibo OAuth helpers", () => {
  it("builds the authorize URL the console redirects to", () => {
    const url = new URL(
      buildWeiboAuthorizeUrl({
        appKey: "1234567890",
        redirectUri: "https://hub.example.org/cb",
        state: "xyz",
        forceLogin: true,
      }),
    );
    expect(url.origin + url.pathname).toBe("https://api.weibo.com/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "1234567890",
      redirect_uri: "https://hub.example.org/cb",
      response_type: "code",
      state: "xyz",
      forcelogin: "true",
    });
  });

  it("exchanges a code with a form POST and returns token, expiry and uid", async () => {
    const { server, ctx } = await setup((request) =>
      request.path === "/weibo/oauth2/access_token"
        ? text(raw("oauth-token.json"), 200, "application/json")
        : undefined,
    );
    const token = await exchangeWeiboCode(
      {
        apiBase: `${server.origin}/weibo`,
        appKey: "1234567890",
        appSecret: "app-secret",
        redirectUri: "https://hub.example.org/cb",
        code: "CODE",
      },
      ctx,
    );
    expect(token).toEqual({
      accessToken: "2.00JbjGiB88nsLBeb9e23f61eBN2pJC",
      uid: "1567896867",
      expiresAt: new Date(ctx.now().getTime() + 142153 * 1000).toISOString(),
    });
    expect(server.requests[0]?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(server.requests[0]?.body).get("grant_type")).toBe("authorization_code");
  });

  it("a used or expired code is a permanent failure", async () => {
    const { server, ctx } = await setup(() => text(raw("oauth-invalid-grant.json"), 400, "application/json"));
    const input = {
      apiBase: `${server.origin}/weibo`,
      appKey: "k",
      appSecret: "s",
      redirectUri: "https://h/cb",
      code: "old",
    };
    await expect(exchangeWeiboCode(input, ctx)).rejects.toMatchObject({ kind: "permanent", code: 21325 });
  });

  it("offers the console an authorisation flow: the account's authorize URL, then the token fields to store", async () => {
    const { server, config, ctx } = await setup((request) =>
      request.path === "/weibo/oauth2/access_token"
        ? text(raw("oauth-token.json"), 200, "application/json")
        : undefined,
    );
    const flow = weibo.authorization!;
    const url = new URL(flow.buildAuthorizeUrl(config, "state-1"));
    expect(url.href.startsWith(`${server.origin}/weibo/oauth2/authorize?`)).toBe(true);
    expect(url.searchParams.get("redirect_uri")).toBe("https://hub.example.org/oauth/weibo");
    expect(url.searchParams.get("state")).toBe("state-1");
    const changes = await flow.completeAuthorization(config, "CODE", ctx);
    expect(changes).toEqual({
      accessToken: "2.00JbjGiB88nsLBeb9e23f61eBN2pJC",
      uid: "1567896867",
      tokenExpiresAt: new Date(ctx.now().getTime() + 142153 * 1000).toISOString(),
    });
    expect(new URLSearchParams(server.requests[0]?.body).get("code")).toBe("CODE");
  });
});
