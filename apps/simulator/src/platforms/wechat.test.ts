import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../index.ts";
import { getJson, manualClock, postJson, type Receiver, startReceiver } from "../testing.ts";

interface Accounts {
  wechat: { appId: string; appSecret: string; thumbMediaId: string };
}
interface WxError {
  errcode: number;
  errmsg: string;
}
interface TokenJson {
  access_token: string;
  expires_in: number;
}
interface BatchJson {
  total_count: number;
  item_count: number;
  item: { article_id: string; content: { news_item: { title: string; url: string }[] } }[];
}
interface CommentListJson extends WxError {
  total: number;
  comment: { user_comment_id: number; openid?: string; content: string; reply?: { content: string } }[];
}
interface RecordEntry {
  platform: string;
  endpoint: string;
  params: Record<string, unknown>;
}

const HOUR = 3600_000;
let sim: RunningSimulator;
let accounts: Accounts;
let receiver: Receiver;
const clock = manualClock();

async function newToken(): Promise<string> {
  const { appId, appSecret } = accounts.wechat;
  const response = await getJson<TokenJson>(
    `${sim.url}/wechat/cgi-bin/token?grant_type=client_credential&appid=${appId}&secret=${appSecret}`,
  );
  return response.body.access_token;
}

function call<T>(path: string, token: string, body: unknown) {
  return postJson<T>(`${sim.url}/wechat/cgi-bin/${path}?access_token=${token}`, body);
}

/** mid and idx in an article URL: what the comment APIs call msg_data_id and index + 1. */
function msgDataOf(url: string): { msg_data_id: number; index: number } {
  const u = new URL(url);
  return { msg_data_id: Number(u.searchParams.get("mid")), index: Number(u.searchParams.get("idx")) - 1 };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, now: clock.now });
  accounts = (await getJson<Accounts>(`${sim.url}/_sim/accounts`)).body;
  receiver = await startReceiver(() => ({ status: 200, body: "success" }));
  await postJson(`${sim.url}/_sim/config`, { wechat: { callbackUrl: receiver.url } });
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

describe("WeChat access tokens", () => {
  it("invalidates the previous token when a new one is issued (40001, HTTP 200)", async () => {
    const first = await newToken();
    const list = { offset: 0, count: 1, no_content: 1 };
    expect((await call<BatchJson>("freepublish/batchget", first, list)).body.total_count).toBeGreaterThan(0);
    const second = await newToken();
    const stale = await call<WxError>("freepublish/batchget", first, list);
    expect(stale.status).toBe(200);
    expect(stale.body.errcode).toBe(40001);
    expect(stale.body.errmsg).toMatch(/not latest hint: \[/);
    expect((await call<BatchJson>("freepublish/batchget", second, list)).body.item_count).toBe(1);
  });

  it("answers 40125 for a bad secret, 41001 without a token, 42001 after 7200 s", async () => {
    const bad = await getJson<WxError>(
      `${sim.url}/wechat/cgi-bin/token?grant_type=client_credential&appid=${accounts.wechat.appId}&secret=nope`,
    );
    expect(bad.body.errcode).toBe(40125);
    const missing = await postJson<WxError>(`${sim.url}/wechat/cgi-bin/freepublish/batchget`, { offset: 0, count: 1 });
    expect(missing.body.errcode).toBe(41001);
    const token = await newToken();
    clock.advance(7201 * 1000);
    expect((await call<WxError>("freepublish/batchget", token, { offset: 0, count: 1 })).body.errcode).toBe(42001);
  });

  it("answers 42001 under the token_expired fault, then works again", async () => {
    const token = await newToken();
    await postJson(`${sim.url}/_sim/faults`, { platform: "wechat", fault: "token_expired", enabled: true });
    expect((await call<WxError>("freepublish/batchget", token, { offset: 0, count: 1 })).body.errcode).toBe(42001);
    await postJson(`${sim.url}/_sim/faults`, { platform: "wechat", fault: "token_expired", enabled: false });
    expect((await call<BatchJson>("freepublish/batchget", token, { offset: 0, count: 1 })).body.item_count).toBe(1);
  });
});

describe("WeChat customer-service messages", () => {
  it("allows a send within 48 hours of the follower's message and refuses it after (45015)", async () => {
    await postJson(`${sim.url}/_sim/push`, { platform: "wechat", count: 3 });
    const openid = receiver.requests.at(-1)?.url.searchParams.get("openid") ?? "";
    expect(openid).toMatch(/^o[\w-]{27}$/);
    const token = await newToken();
    const send = (touser: string) =>
      call<WxError>("message/custom/send", token, {
        touser,
        msgtype: "text",
        text: { content: "你好，已收到你的问题。" },
      });
    expect((await send(openid)).body).toEqual({ errcode: 0, errmsg: "ok" });

    clock.advance(49 * HOUR);
    const fresh = await newToken();
    const late = await call<WxError>("message/custom/send", fresh, {
      touser: openid,
      msgtype: "text",
      text: { content: "迟到的回复" },
    });
    expect(late.body.errcode).toBe(45015);
    const unknown = await call<WxError>("message/custom/send", fresh, {
      touser: "oUnknownOpenid000000000000000",
      msgtype: "text",
      text: { content: "x" },
    });
    expect(unknown.body.errcode).toBe(40003);

    const record = (await getJson<RecordEntry[]>(`${sim.url}/_sim/record`)).body;
    expect(record.filter((r) => r.endpoint === "/cgi-bin/message/custom/send").map((r) => r.params.touser)).toEqual([
      openid,
    ]);
  });
});

describe("WeChat publishing and comments", () => {
  it("runs draft/add → freepublish/submit → get (publishing twice, then done) → batchget", async () => {
    const token = await newToken();
    const before = (await call<BatchJson>("freepublish/batchget", token, { offset: 0, count: 20 })).body.total_count;
    const draft = await call<{ media_id: string }>("draft/add", token, {
      articles: [
        {
          title: "答网友问：西部计划",
          content: "<p>报名入口见官网。</p>",
          thumb_media_id: accounts.wechat.thumbMediaId,
          need_open_comment: 1,
        },
      ],
    });
    expect(draft.body.media_id).toBeTruthy();
    const noThumb = await call<WxError>("draft/add", token, { articles: [{ title: "t", content: "<p>c</p>" }] });
    expect(noThumb.body.errcode).toBe(40007);

    const submit = await call<WxError & { publish_id: unknown; msg_data_id: unknown }>("freepublish/submit", token, {
      media_id: draft.body.media_id,
    });
    expect(submit.body.errcode).toBe(0);
    expect(typeof submit.body.publish_id).toBe("string");
    expect(typeof submit.body.msg_data_id).toBe("number");

    const poll = () =>
      call<{ publish_status: number; article_id?: string; article_detail?: { item: { article_url: string }[] } }>(
        "freepublish/get",
        token,
        { publish_id: submit.body.publish_id },
      );
    expect((await poll()).body.publish_status).toBe(1);
    expect((await poll()).body.publish_status).toBe(1);
    const done = await poll();
    expect(done.body.publish_status).toBe(0);
    const url = done.body.article_detail?.item[0]?.article_url ?? "";
    expect(msgDataOf(url).msg_data_id).toBe(submit.body.msg_data_id);

    const list = await call<BatchJson>("freepublish/batchget", token, { offset: 0, count: 20 });
    expect(list.body.total_count).toBe(before + 1);
    expect(list.body.item[0]?.article_id).toBe(done.body.article_id);
    const past = await call<BatchJson>("freepublish/batchget", token, { offset: before + 1, count: 20 });
    expect([past.body.item_count, past.body.item]).toEqual([0, []]);
    expect((await call<WxError>("freepublish/batchget", token, { offset: 0, count: 21 })).body.errcode).not.toBe(0);
  });

  it("lists comments with begin/count ≤ 50 (88010 above), including one without openid", async () => {
    const token = await newToken();
    const articles = (await call<BatchJson>("freepublish/batchget", token, { offset: 0, count: 20 })).body.item;
    let withoutOpenid = 0;
    for (const article of articles) {
      for (const news of article.content.news_item) {
        const list = await call<CommentListJson>("comment/list", token, {
          ...msgDataOf(news.url),
          begin: 0,
          count: 50,
          type: 0,
        });
        expect(list.body.errcode).toBe(0);
        withoutOpenid += list.body.comment.filter((c) => c.openid === undefined).length;
      }
    }
    expect(withoutOpenid).toBe(1);
    const first = articles.at(-1)?.content.news_item[0]?.url ?? "";
    const tooMany = await call<WxError>("comment/list", token, { ...msgDataOf(first), begin: 0, count: 51, type: 0 });
    expect(tooMany.body.errcode).toBe(88010);
  });

  it("replies once (88005 the second time), 88008 for an unknown comment, and records the threading", async () => {
    const token = await newToken();
    const oldest = (await call<BatchJson>("freepublish/batchget", token, { offset: 0, count: 20 })).body.item.at(-1);
    const target = msgDataOf(oldest?.content.news_item[0]?.url ?? "");
    const reply = { ...target, user_comment_id: 2, content: "谢谢关注，遇到培训贷可拨打12355求助。" };
    expect((await call<WxError>("comment/reply/add", token, reply)).body.errcode).toBe(0);
    expect((await call<WxError>("comment/reply/add", token, reply)).body.errcode).toBe(88005);
    expect((await call<WxError>("comment/reply/add", token, { ...reply, user_comment_id: 999 })).body.errcode).toBe(
      88008,
    );

    const list = await call<CommentListJson>("comment/list", token, { ...target, begin: 0, count: 10, type: 0 });
    expect(list.body.comment.find((c) => c.user_comment_id === 2)?.reply?.content).toBe(reply.content);
    const record = (await getJson<RecordEntry[]>(`${sim.url}/_sim/record`)).body;
    expect(record.at(-1)).toMatchObject({
      platform: "wechat",
      endpoint: "/cgi-bin/comment/reply/add",
      params: { msg_data_id: target.msg_data_id, index: 0, user_comment_id: 2 },
    });
  });
});
