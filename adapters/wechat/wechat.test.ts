/** The WeChat API client, pull and publish against a local server serving recorded bodies (always HTTP 200). */
import { afterEach, describe, expect, it } from "vitest";
import { AuthExpired, Permanent, RateLimited, Transient } from "../contract.ts";
import { createTestContext } from "../test-support/context.ts";
import {
  type FixtureReply,
  type FixtureServer,
  type RecordedRequest,
  readFixture,
  startFixtureServer,
  text,
} from "../test-support/fixture-server.ts";
import { type WechatConfig, WechatConfigSchema, wechat } from "./index.ts";

const body = (name: string) => readFixture(import.meta.url, `fixtures/${name}`);
// WeChat answers API errors with HTTP 200, sometimes labelled text/plain
const reply = (name: string): FixtureReply => text(body(name), 200, "text/plain");

type Script = Record<string, Array<FixtureReply | ((request: RecordedRequest) => FixtureReply)>>;

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** each path answers from its script in order (the last entry repeats); /cgi-bin/token issues fresh tokens */
async function setup(script: Script, overrides: Record<string, unknown> = {}) {
  let issued = 0;
  const served: Record<string, number> = {};
  server = await startFixtureServer((request) => {
    const path = request.path.replace(/^\/wechat/, "");
    if (path === "/cgi-bin/token" && !script[path]) {
      issued += 1;
      return text(JSON.stringify({ access_token: `TOKEN_${issued}`, expires_in: 7200 }), 200, "application/json");
    }
    const entries = script[path];
    if (!entries?.length) return text('{"errcode":40066,"errmsg":"invalid url"}', 200, "application/json");
    const index = Math.min(served[path] ?? 0, entries.length - 1);
    served[path] = (served[path] ?? 0) + 1;
    const entry = entries[index];
    return typeof entry === "function" ? entry(request) : (entry as FixtureReply);
  });
  const config: WechatConfig = WechatConfigSchema.parse({
    apiBase: `${server.origin}/wechat`,
    appId: "wx49f0ab532d5d035a",
    appSecret: "app-secret",
    token: "123456",
    thumbMediaId: "THUMB_PERMANENT",
    publishPollIntervalMs: 0,
    ...overrides,
  });
  const calls = (path: string) => (server?.requests ?? []).filter((r) => r.path === `/wechat${path}`);
  return { server, config, ctx: createTestContext("2024-05-01T12:00:00+08:00"), calls };
}

const commentTarget = {
  externalId: "2247484001:0:1",
  itemKind: "comment" as const,
  threadId: "2247484001:0",
  authorId: "oXXXX_student_001",
};

describe("access_token", () => {
  it("is fetched once, cached per account, and refreshed early before it expires", async () => {
    const { config, ctx, calls } = await setup({ "/cgi-bin/message/custom/send": [reply("ok.json")] });
    const send = (key: string) =>
      wechat.publish?.(
        config,
        { kind: "message", text: "你好", replyTo: { ...commentTarget, itemKind: "message" }, idempotencyKey: key },
        ctx,
      );
    await send("a");
    await send("b");
    expect(calls("/cgi-bin/token")).toHaveLength(1);
    expect(calls("/cgi-bin/token")[0]?.query.get("appid")).toBe("wx49f0ab532d5d035a");
    // 7200 s minus the early-refresh margin: a token is replaced five minutes before WeChat would expire it
    ctx.advance((7200 - 300) * 1000 + 1);
    await send("c");
    expect(calls("/cgi-bin/token")).toHaveLength(2);
    expect(calls("/cgi-bin/message/custom/send").at(-1)?.query.get("access_token")).toBe("TOKEN_2");
  });

  it.each([
    ["40001 (not latest)", "error-invalid-credential.json"],
    ["42001 (expired)", "error-token-expired.json"],
  ])("%s: refreshes the token and retries once", async (_label, fixture) => {
    const { config, ctx, calls } = await setup({ "/cgi-bin/message/custom/send": [reply(fixture), reply("ok.json")] });
    const result = await wechat.publish?.(
      config,
      { kind: "message", text: "你好", replyTo: { ...commentTarget, itemKind: "message" }, idempotencyKey: "k" },
      ctx,
    );
    expect(result?.remoteId).toBe("custom:oXXXX_student_001:k");
    expect(calls("/cgi-bin/token")).toHaveLength(2);
    expect(calls("/cgi-bin/message/custom/send").map((r) => r.query.get("access_token"))).toEqual([
      "TOKEN_1",
      "TOKEN_2",
    ]);
  });

  it("a token refused again after the refresh means the account needs attention", async () => {
    const { config, ctx, calls } = await setup({
      "/cgi-bin/freepublish/batchget": [reply("error-invalid-credential.json")],
    });
    await expect(wechat.pull?.(config, null, ctx)).rejects.toBeInstanceOf(AuthExpired);
    expect(calls("/cgi-bin/freepublish/batchget")).toHaveLength(2);
  });
});

describe("errcode mapping", () => {
  const pullWith = async (fixture: string) => {
    const { config, ctx } = await setup({ "/cgi-bin/freepublish/batchget": [reply(fixture)] });
    return wechat.pull?.(config, null, ctx).then(
      () => null,
      (error: unknown) => error,
    );
  };

  it("45009 daily quota waits until midnight Beijing time", async () => {
    const error = await pullWith("error-daily-quota.json");
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).retryAfterMs).toBe(12 * 3600_000); // the test clock is 12:00 Beijing
  });

  it("45011 minute quota waits a minute", async () => {
    const error = await pullWith("error-minute-quota.json");
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 60_000, code: 45011 });
  });

  it("-1 system busy is transient", async () => {
    expect(await pullWith("error-system.json")).toBeInstanceOf(Transient);
  });

  it("an IP not on the whitelist is permanent with an actionable message", async () => {
    const error = await pullWith("error-ip-whitelist.json");
    expect(error).toBeInstanceOf(Permanent);
    expect((error as Permanent).message).toMatch(/白名单/);
  });

  it("matches on errcode, never on errmsg", async () => {
    const { config, ctx } = await setup({
      "/cgi-bin/freepublish/batchget": [
        text('{"errcode":45011,"errmsg":"access_token expired hint: [x]"}', 200, "application/json"),
      ],
    });
    await expect(wechat.pull?.(config, null, ctx)).rejects.toBeInstanceOf(RateLimited);
  });
});

describe("wechat pull", () => {
  it("maps published articles and their comments, threaded by msg_data_id:index", async () => {
    const { config, ctx, calls } = await setup({
      "/cgi-bin/freepublish/batchget": [reply("freepublish-batchget.json")],
      "/cgi-bin/comment/list": [reply("comment-list.json")],
    });
    const result = await wechat.pull?.(config, null, ctx);
    const articles = result?.items.filter((i) => i.itemKind === "article") ?? [];
    expect(articles.map((a) => [a.externalId, a.title])).toEqual([
      ["2247484001:0", "青年之声｜五一假期青年就业服务指南"],
      ["2247484001:1", "西部计划报名问答"],
      ["article:Cr1L5eF6Xv2:0", "短链文章"],
    ]);
    expect(articles[0]).toMatchObject({ format: "html", publishedAt: new Date(1714543200 * 1000).toISOString() });

    const comments = result?.items.filter((i) => i.itemKind === "comment") ?? [];
    expect(comments.map((c) => c.externalId)).toEqual([
      "2247484001:0:1",
      "2247484001:0:2",
      "2247484001:0:3",
      "2247484001:1:1",
      "2247484001:1:2",
      "2247484001:1:3",
    ]);
    expect(comments[0]).toMatchObject({ threadId: "2247484001:0", author: { id: "oXXXX_student_001" } });
    expect(comments[2]?.author?.id).toBeNull(); // a commenter without a WeChat identity
    expect(JSON.parse(calls("/cgi-bin/comment/list")[0]?.body ?? "{}")).toEqual({
      msg_data_id: 2247484001,
      index: 0,
      begin: 0,
      count: 50,
      type: 0,
    });

    const again = await wechat.pull?.(config, result?.cursor ?? null, ctx);
    expect(again?.items).toEqual([]);
  });

  it("reads JSON with raw control characters inside strings", async () => {
    const { config, ctx } = await setup({
      "/cgi-bin/freepublish/batchget": [reply("freepublish-batchget.json")],
      "/cgi-bin/comment/list": [reply("control-chars.json")],
    });
    const result = await wechat.pull?.(config, null, ctx);
    const comment = result?.items.find((i) => i.itemKind === "comment");
    expect(comment?.text).toBe("第一行\n第二行");
  });
});

describe("wechat publish", () => {
  it("sends a customer-service text message inside the 48-hour window", async () => {
    const { config, ctx, calls } = await setup({ "/cgi-bin/message/custom/send": [reply("ok.json")] });
    const target = {
      externalId: "1234567890123456",
      itemKind: "message" as const,
      authorId: "otAzGjrS4AYCmeJM1GhEOcHXXTAo",
    };
    const result = await wechat.publish?.(
      config,
      { kind: "reply", text: "需要身份证复印件", replyTo: target, idempotencyKey: "m1" },
      ctx,
    );
    expect(result).toEqual({ remoteId: "custom:otAzGjrS4AYCmeJM1GhEOcHXXTAo:m1", url: null });
    expect(JSON.parse(calls("/cgi-bin/message/custom/send")[0]?.body ?? "{}")).toEqual({
      touser: "otAzGjrS4AYCmeJM1GhEOcHXXTAo",
      msgtype: "text",
      text: { content: "需要身份证复印件" },
    });
  });

  it("outside the window (45015) answers a comment publicly instead, and says so", async () => {
    const { config, ctx, calls } = await setup({
      "/cgi-bin/message/custom/send": [reply("error-out-of-window.json")],
      "/cgi-bin/comment/reply/add": [reply("ok.json")],
    });
    const result = await wechat.publish?.(
      config,
      { kind: "reply", text: "实习证明找学院团委开", replyTo: commentTarget, idempotencyKey: "c1" },
      ctx,
    );
    expect(result?.remoteId).toBe("2247484001:0:1:reply");
    expect(result?.note).toMatch(/48 小时/);
    expect(JSON.parse(calls("/cgi-bin/comment/reply/add")[0]?.body ?? "{}")).toEqual({
      msg_data_id: 2247484001,
      index: 0,
      user_comment_id: 1,
      content: "实习证明找学院团委开",
    });
  });

  it("outside the window a private message cannot be answered: permanent, with the reason", async () => {
    const { config, ctx } = await setup({ "/cgi-bin/message/custom/send": [reply("error-out-of-window.json")] });
    const target = {
      externalId: "1234567890123456",
      itemKind: "message" as const,
      authorId: "otAzGjrS4AYCmeJM1GhEOcHXXTAo",
    };
    const sending = wechat.publish?.(
      config,
      { kind: "reply", text: "答复", replyTo: target, idempotencyKey: "m2" },
      ctx,
    );
    await expect(sending).rejects.toMatchObject({
      kind: "permanent",
      code: 45015,
      message: expect.stringMatching(/48 小时/),
    });
  });

  it("'already reply' is success when the existing reply is ours", async () => {
    const { config, ctx } = await setup({
      "/cgi-bin/comment/reply/add": [reply("error-already-reply.json")],
      "/cgi-bin/comment/list": [reply("comment-list.json")],
    });
    const target = { ...commentTarget, externalId: "2247484001:0:2" };
    const result = await wechat.publish?.(
      config,
      { kind: "comment", text: "谢谢", replyTo: target, idempotencyKey: "c2" },
      ctx,
    );
    expect(result?.remoteId).toBe("2247484001:0:2:reply");
    const someoneElse = wechat.publish?.(
      config,
      { kind: "comment", text: "另一句", replyTo: target, idempotencyKey: "c3" },
      ctx,
    );
    await expect(someoneElse).rejects.toMatchObject({ code: 88005 });
  });

  it("publishes an article: draft, submit, then polls until published", async () => {
    const { config, ctx, calls } = await setup({
      "/cgi-bin/draft/add": [reply("draft-add.json")],
      "/cgi-bin/freepublish/submit": [reply("freepublish-submit.json")],
      "/cgi-bin/freepublish/get": [
        reply("freepublish-get-publishing.json"),
        reply("freepublish-get-publishing.json"),
        reply("freepublish-get-success.json"),
      ],
    });
    const article = {
      kind: "article" as const,
      title: "五月就业服务月",
      text: "第一段\n第二段 <b>",
      idempotencyKey: "art1",
    };
    const result = await wechat.publish?.(config, article, ctx);
    expect(result).toMatchObject({
      remoteId: "publish:100000001",
      url: "https://mp.weixin.qq.com/s?__biz=MzA4MjQxNjQzMA==&mid=2247483647&idx=1&sn=93dcc5",
    });
    expect(calls("/cgi-bin/freepublish/get")).toHaveLength(3);
    const draft = JSON.parse(calls("/cgi-bin/draft/add")[0]?.body ?? "{}");
    expect(draft.articles[0]).toMatchObject({
      title: "五月就业服务月",
      content: "<p>第一段</p><p>第二段 &lt;b&gt;</p>",
      thumb_media_id: "THUMB_PERMANENT",
    });
    // the outcome is known later from the remembered publish_id, not by submitting again
    expect(await wechat.findPublished?.(config, article, ctx)).toMatchObject({ remoteId: "publish:100000001" });
  });

  it("stops polling after the bounded attempts and reports it as still publishing", async () => {
    const { config, ctx, calls } = await setup(
      {
        "/cgi-bin/draft/add": [reply("draft-add.json")],
        "/cgi-bin/freepublish/submit": [reply("freepublish-submit.json")],
        "/cgi-bin/freepublish/get": [reply("freepublish-get-publishing.json")],
      },
      { publishPollAttempts: 3 },
    );
    const result = await wechat.publish?.(
      config,
      { kind: "article", title: "标题", text: "正文", idempotencyKey: "art2" },
      ctx,
    );
    expect(result?.note).toMatch(/仍在处理中/);
    expect(calls("/cgi-bin/freepublish/get")).toHaveLength(3);
    expect(calls("/cgi-bin/freepublish/submit")).toHaveLength(1);
  });

  it("a rejected article (publish_status 4) is permanent with the reason", async () => {
    const { config, ctx } = await setup({
      "/cgi-bin/draft/add": [reply("draft-add.json")],
      "/cgi-bin/freepublish/submit": [reply("freepublish-submit.json")],
      "/cgi-bin/freepublish/get": [reply("freepublish-get-rejected.json")],
    });
    const sending = wechat.publish?.(
      config,
      { kind: "article", title: "标题", text: "正文", idempotencyKey: "art3" },
      ctx,
    );
    await expect(sending).rejects.toThrow(/审核未通过/);
  });

  it("an article without a configured cover image is refused before any call", async () => {
    const { config, ctx, server } = await setup({}, { thumbMediaId: undefined });
    await expect(
      wechat.publish?.(config, { kind: "article", title: "t", text: "x", idempotencyKey: "a" }, ctx),
    ).rejects.toThrow(/thumbMediaId/);
    expect(server.requests).toHaveLength(0);
  });
});
