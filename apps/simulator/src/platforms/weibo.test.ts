import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../index.ts";
import { getJson, postForm, postJson } from "../testing.ts";

interface WeiboUserJson {
  id: number;
  location: string;
  province: string;
}
interface StatusJson {
  id: number;
  idstr: string;
  mid: string;
  text: string;
  created_at: string;
  user: WeiboUserJson | null;
  retweeted_status?: { user: WeiboUserJson | null; deleted?: string };
}
interface StatusesPage {
  statuses: StatusJson[];
  next_cursor: number;
  previous_cursor: number;
  total_number: number;
}
interface CommentJson {
  id: number;
  idstr: string;
  text: string;
  rootid: number;
  status: StatusJson;
  reply_comment?: { id: number };
}
interface CommentsPage {
  comments: CommentJson[];
  next_cursor: number;
  total_number: number;
  status?: StatusJson;
}
interface WeiboError {
  error: string;
  error_code: number | string;
  request: string;
}
interface Accounts {
  weibo: {
    accessToken: string;
    expiredToken: string;
    revokedToken: string;
    uid: string;
    appKey: string;
    appSecret: string;
  };
}
interface Stats {
  weibo: number;
}
interface RecordEntry {
  platform: string;
  endpoint: string;
  params: Record<string, unknown>;
  remoteId: string | null;
}

let sim: RunningSimulator;
let token: string;
let accounts: Accounts;
const api = (path: string, params: Record<string, string | number> = {}, t: string | null = token): string => {
  const url = new URL(`${sim.url}/weibo${path}`);
  if (t) url.searchParams.set("access_token", t);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, String(v));
  return url.href;
};

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  accounts = (await getJson<Accounts>(`${sim.url}/_sim/accounts`)).body;
  token = accounts.weibo.accessToken;
});
afterAll(() => sim.close());

describe("Weibo lists", () => {
  it("pages mentions by max_id, repeating the boundary item, until next_cursor is 0", async () => {
    const first = await getJson<StatusesPage>(api("/2/statuses/mentions.json", { count: 10 }));
    expect(first.status).toBe(200);
    expect(first.body.statuses).toHaveLength(10);
    const ids = first.body.statuses.map((s) => s.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(first.body.next_cursor).toBe(ids[9]);

    const second = await getJson<StatusesPage>(
      api("/2/statuses/mentions.json", { count: 10, max_id: first.body.next_cursor }),
    );
    // max_id is inclusive: the boundary item comes again.
    expect(second.body.statuses[0]?.id).toBe(ids[9]);

    const seen = new Set<string>();
    let maxId = 0;
    for (let guard = 0; guard < 10; guard++) {
      const page = await getJson<StatusesPage>(
        api("/2/statuses/mentions.json", maxId ? { count: 10, max_id: maxId } : { count: 10 }),
      );
      for (const s of page.body.statuses) seen.add(s.idstr);
      if (page.body.next_cursor === 0) break;
      maxId = page.body.next_cursor;
    }
    expect(seen.size).toBe(first.body.total_number);
    expect(seen.size).toBe(24);
  });

  it("treats since_id as exclusive and pages with 1-based page numbers", async () => {
    const all = (await getJson<StatusesPage>(api("/2/statuses/mentions.json", { count: 200 }))).body.statuses;
    const third = all[2] as StatusJson;
    const newer = await getJson<StatusesPage>(api("/2/statuses/mentions.json", { since_id: third.idstr }));
    expect(newer.body.statuses.map((s) => s.id)).toEqual([all[0]?.id, all[1]?.id]);

    const page2 = await getJson<StatusesPage>(api("/2/statuses/mentions.json", { count: 5, page: 2 }));
    expect(page2.body.statuses.map((s) => s.id)).toEqual(all.slice(5, 10).map((s) => s.id));
    const beyond = await getJson<StatusesPage>(api("/2/statuses/mentions.json", { count: 5, page: 99 }));
    expect(beyond.body.statuses).toEqual([]);
    expect(beyond.body.next_cursor).toBe(0);
    const defaults = await getJson<StatusesPage>(api("/2/statuses/mentions.json", { count: 0 }));
    expect(defaults.body.statuses).toHaveLength(20);
  });

  it("serves realistic statuses: Weibo dates, int64-like ids, a repost of a deleted original", async () => {
    const all = (await getJson<StatusesPage>(api("/2/statuses/mentions.json", { count: 200 }))).body.statuses;
    for (const s of all) {
      expect(s.created_at).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \+0800 \d{4}$/);
      expect(s.id).toBeGreaterThan(4.2e15);
      expect(s.id).toBeLessThan(5e15);
      expect(s.mid).toBe(String(s.id));
    }
    const orphan = all.find((s) => s.retweeted_status && s.retweeted_status.user === null);
    expect(orphan?.retweeted_status?.deleted).toBe("1");
    expect(all.some((s) => s.text.includes("\u200B"))).toBe(true);
    expect(all.some((s) => s.user?.location.includes(" "))).toBe(true);
  });

  it("threads comments: to_me, comments/show with the status, replies carrying reply_comment", async () => {
    const toMe = await getJson<CommentsPage>(api("/2/comments/to_me.json"));
    expect(toMe.body.comments.length).toBeGreaterThan(10);
    const reply = toMe.body.comments.find((c) => c.reply_comment);
    expect(reply?.text).toMatch(/^回复@/);
    const thread = await getJson<CommentsPage>(api("/2/comments/show.json", { id: reply?.status.idstr ?? "" }));
    expect(thread.body.status?.id).toBe(reply?.status.id);
    expect(thread.body.comments.map((c) => c.id)).toContain(reply?.reply_comment?.id);
    const mentions = await getJson<CommentsPage>(api("/2/comments/mentions.json"));
    expect(mentions.body.comments).toHaveLength(8);
    expect(mentions.body.comments.every((c) => c.text.includes("@广东共青团"))).toBe(true);
  });
});

describe("Weibo tokens and faults", () => {
  it("answers 400 + 21327 for an expired token, 21332 for a revoked one, 10006 when missing", async () => {
    const expired = await getJson<WeiboError>(api("/2/statuses/mentions.json", {}, accounts.weibo.expiredToken));
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: "expired_token", error_code: 21327, request: "/2/statuses/mentions.json" });
    const revoked = await getJson<WeiboError>(api("/2/statuses/mentions.json", {}, accounts.weibo.revokedToken));
    expect(revoked.body.error_code).toBe(21332);
    const missing = await getJson<WeiboError>(api("/2/statuses/mentions.json", {}, null));
    expect([missing.status, missing.body.error_code]).toEqual([400, 10006]);
  });

  it("accepts the token in an Authorization: OAuth2 header", async () => {
    const response = await getJson<StatusesPage>(api("/2/statuses/user_timeline.json", {}, null), {
      headers: { authorization: `OAuth2 ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.body.statuses.length).toBeGreaterThan(0);
  });

  it("refuses a foreign uid on user_timeline with 21335", async () => {
    const response = await getJson<WeiboError>(api("/2/statuses/user_timeline.json", { uid: "1234567890" }));
    expect([response.status, response.body.error_code]).toEqual([400, 21335]);
  });

  it("answers 403 + 10023 while the rate-limit fault is on, and recovers when it is off", async () => {
    await postJson(`${sim.url}/_sim/faults`, { platform: "weibo", fault: "rate_limit", enabled: true });
    const limited = await getJson<WeiboError>(api("/2/comments/to_me.json"));
    expect([limited.status, limited.body.error_code, limited.body.error]).toEqual([
      403,
      10023,
      "User requests out of rate limit!",
    ]);
    await postJson(`${sim.url}/_sim/faults`, { platform: "weibo", fault: "rate_limit", enabled: false });
    expect((await fetch(api("/2/comments/to_me.json"))).status).toBe(200);
  });

  it("turns every token into 21327 under token_expired", async () => {
    await postJson(`${sim.url}/_sim/faults`, {
      platform: "weibo",
      fault: "token_expired",
      enabled: true,
      options: { times: 1 },
    });
    const expired = await getJson<WeiboError>(api("/2/statuses/mentions.json"));
    expect(expired.body.error_code).toBe(21327);
    expect((await fetch(api("/2/statuses/mentions.json"))).status).toBe(200);
  });

  it("does not count items of a truncated (malformed) reply as served", async () => {
    const fresh = await startSimulator({ port: 0 });
    try {
      const t = (await getJson<Accounts>(`${fresh.url}/_sim/accounts`)).body.weibo.accessToken;
      await postJson(`${fresh.url}/_sim/faults`, { platform: "weibo", fault: "malformed", enabled: true });
      const text = await (await fetch(`${fresh.url}/weibo/2/statuses/mentions.json?access_token=${t}`)).text();
      expect(() => JSON.parse(text)).toThrow();
      expect((await getJson<Stats>(`${fresh.url}/_sim/stats`)).body.weibo).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});

describe("Weibo OAuth", () => {
  it("runs the authorization-code flow and rejects JSON bodies with 21323", async () => {
    const authorize = await fetch(
      `${sim.url}/weibo/oauth2/authorize?client_id=${accounts.weibo.appKey}&redirect_uri=${encodeURIComponent("http://127.0.0.1:3000/cb")}&response_type=code&state=xyz`,
      { redirect: "manual" },
    );
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get("location") ?? "");
    expect(location.searchParams.get("state")).toBe("xyz");
    const code = location.searchParams.get("code") ?? "";
    const params = {
      client_id: accounts.weibo.appKey,
      client_secret: accounts.weibo.appSecret,
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://127.0.0.1:3000/cb",
    };
    const asJson = await postJson<WeiboError>(`${sim.url}/weibo/oauth2/access_token`, params);
    expect([asJson.status, asJson.body.error_code]).toEqual([400, 21323]);

    const issued = await postForm<{ access_token: string; remind_in: string; expires_in: number; uid: string }>(
      `${sim.url}/weibo/oauth2/access_token`,
      params,
    );
    expect(typeof issued.body.remind_in).toBe("string");
    expect(typeof issued.body.expires_in).toBe("number");
    expect(issued.body.uid).toBe(accounts.weibo.uid);
    expect((await fetch(api("/2/statuses/mentions.json", {}, issued.body.access_token))).status).toBe(200);

    const reused = await postForm<WeiboError>(`${sim.url}/weibo/oauth2/access_token`, params);
    expect(reused.body.error_code).toBe(21325);
  });
});

describe("Weibo writes", () => {
  const share = (status: string) =>
    postForm<StatusJson & WeiboError>(api("/2/statuses/share.json", {}, null), { access_token: token, status });

  it("validates share: 10017 without a safe-domain link, 20012 over 140 汉字, 20019 when repeated", async () => {
    const noLink = await share("青年之声答网友问：西部计划报名入口在哪里？");
    expect([noLink.status, noLink.body.error_code, noLink.body.error]).toEqual([400, 10017, "text not find domain!"]);
    const foreign = await share("看这里 https://example.com/a");
    expect(foreign.body.error_code).toBe(10017);

    const tooLong = await share(`${"青".repeat(141)} https://qnzs.youth.cn/a`);
    expect(tooLong.body.error_code).toBe(20012);
    // Two ASCII characters count as one 汉字: 120 汉字 + a 38-character link is 139.
    const link = "https://qnzs.youth.cn/tsxq/t2025_1.htm";
    const fits = await share(`${"答".repeat(120)}${link}`);
    expect(fits.status).toBe(200);

    const text = "【青年之声】西部计划报名问答 https://qnzs.youth.cn/tsxq/202505/t20250512_1.htm";
    const first = await share(text);
    expect(first.status).toBe(200);
    expect(first.body.idstr).toMatch(/^\d{16}$/);
    const again = await share(text);
    expect([again.status, again.body.error_code]).toEqual([400, 20019]);
    const timeline = await getJson<StatusesPage>(api("/2/statuses/user_timeline.json"));
    expect(timeline.body.statuses[0]?.idstr).toBe(first.body.idstr);
  });

  it("answers 20101 for an unknown status", async () => {
    const response = await postForm<WeiboError>(api("/2/comments/create.json", {}, null), {
      access_token: token,
      id: "4999999999999999",
      comment: "你好",
    });
    expect([response.status, response.body.error_code]).toEqual([400, 20101]);
  });

  it("records replies with id and cid and lists them in comments/by_me", async () => {
    const target = (await getJson<CommentsPage>(api("/2/comments/to_me.json"))).body.comments[0] as CommentJson;
    const reply = await postForm<CommentJson>(api("/2/comments/reply.json", {}, null), {
      access_token: token,
      id: target.status.idstr,
      cid: target.idstr,
      comment: "同学你好，已转给当地团委跟进。",
    });
    expect(reply.status).toBe(200);
    expect(reply.body.text).toMatch(/^回复@.+:同学你好/);
    expect(reply.body.reply_comment?.id).toBe(target.id);

    const byMe = await getJson<CommentsPage>(api("/2/comments/by_me.json"));
    expect(byMe.body.comments[0]?.idstr).toBe(reply.body.idstr);
    const record = (await getJson<RecordEntry[]>(`${sim.url}/_sim/record`)).body;
    expect(record.at(-1)).toMatchObject({
      platform: "weibo",
      endpoint: "/2/comments/reply.json",
      params: { id: target.status.idstr, cid: target.idstr, comment: "同学你好，已转给当地团委跟进。" },
      remoteId: reply.body.idstr,
    });
  });
});
