import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "./index.ts";
import { getJson, manualClock, postJson } from "./testing.ts";

interface Accounts {
  weibo: { accessToken: string };
}
interface Stats {
  weibo: number;
  wechat: number;
  h5: number;
  detail: { weibo: Record<string, { items: number; counted: boolean }> };
}
interface Page {
  statuses?: { idstr: string }[];
  comments?: { idstr: string }[];
  next_cursor: number;
}

let sim: RunningSimulator;
let token: string;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  token = (await getJson<Accounts>(`${sim.url}/_sim/accounts`)).body.weibo.accessToken;
});
afterEach(() => sim.close());

/** What a Weibo crawl does: every list, paged by max_id, de-duplicated on idstr. */
async function crawlWeibo(base: string, accessToken: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const lists = [
    "/2/statuses/mentions.json",
    "/2/statuses/user_timeline.json",
    "/2/comments/to_me.json",
    "/2/comments/mentions.json",
  ];
  const timeline = (
    await getJson<Page>(`${base}/weibo/2/statuses/user_timeline.json?access_token=${accessToken}&count=200`)
  ).body;
  const threads = (timeline.statuses ?? []).map((s) => `/2/comments/show.json?id=${s.idstr}&`);
  for (const list of [...lists.map((l) => `${l}?`), ...threads]) {
    let maxId = "";
    for (let guard = 0; guard < 20; guard++) {
      const page = (
        await getJson<Page>(`${base}/weibo${list}access_token=${accessToken}&count=7${maxId ? `&max_id=${maxId}` : ""}`)
      ).body;
      for (const item of [...(page.statuses ?? []), ...(page.comments ?? [])]) seen.add(item.idstr);
      if (page.next_cursor === 0) break;
      maxId = String(page.next_cursor);
    }
  }
  return seen;
}

describe("/_sim/stats", () => {
  it("matches exactly what a crawl ingested, and a second crawl adds nothing", async () => {
    const first = await crawlWeibo(sim.url, token);
    const stats = (await getJson<Stats>(`${sim.url}/_sim/stats`)).body;
    expect(stats.weibo).toBe(first.size);
    expect(stats.weibo).toBe(58);
    const second = await crawlWeibo(sim.url, token);
    expect(second).toEqual(first);
    expect((await getJson<Stats>(`${sim.url}/_sim/stats`)).body.weibo).toBe(58);
  });

  it("keeps look-ups (comments/by_me) out of the platform total", async () => {
    await fetch(`${sim.url}/weibo/2/comments/by_me.json?access_token=${token}`);
    const stats = (await getJson<Stats>(`${sim.url}/_sim/stats`)).body;
    expect(stats.weibo).toBe(0);
    expect(stats.detail.weibo["/2/comments/by_me.json"]).toMatchObject({ items: 2, counted: false });
  });
});

describe("/_sim/faults", () => {
  it("rejects unknown platforms and faults that do not apply", async () => {
    expect(
      (await postJson(`${sim.url}/_sim/faults`, { platform: "douyin", fault: "slow", enabled: true })).status,
    ).toBe(400);
    expect(
      (await postJson(`${sim.url}/_sim/faults`, { platform: "weibang", fault: "waf", enabled: true })).status,
    ).toBe(400);
    const on = await postJson<{ active: { platform: string; fault: string }[] }>(`${sim.url}/_sim/faults`, [
      { platform: "rss", fault: "server_error", enabled: true },
      { platform: "h5", fault: "slow", enabled: true, options: { ms: 10 } },
    ]);
    expect(on.body.active.map((f) => `${f.platform}:${f.fault}`)).toEqual(["rss:server_error", "h5:slow"]);
    const broken = await fetch(`${sim.url}/rss/rss2.xml`);
    expect(broken.status).toBe(502);
    expect(await broken.text()).toContain("<h1>502 Bad Gateway</h1>");
  });

  it("switches a `times`-limited fault off by itself", async () => {
    await postJson(`${sim.url}/_sim/faults`, {
      platform: "rss",
      fault: "server_error",
      enabled: true,
      options: { times: 2 },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${sim.url}/rss/atom.xml`)).status);
    expect(statuses).toEqual([502, 502, 200]);
  });
});

describe("new posts and reset", () => {
  it("adds posts on /_sim/generate and goes back to the seed on /_sim/reset", async () => {
    const mentions = async () =>
      (await getJson<Page>(`${sim.url}/weibo/2/statuses/mentions.json?access_token=${token}&count=200`)).body
        .statuses ?? [];
    const before = await mentions();
    const produced = await postJson<{ produced: { platform: string; key: string }[] }>(`${sim.url}/_sim/generate`, {
      count: 2,
      platform: "weibo",
    });
    expect(produced.body.produced.map((p) => p.platform)).toEqual(["weibo", "weibo"]);
    const after = await mentions();
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]?.idstr).toBe(produced.body.produced[0]?.key);

    await postJson(`${sim.url}/_sim/reset`, {});
    expect((await mentions()).map((s) => s.idstr)).toEqual(before.map((s) => s.idstr));
  });

  it("serves the same world for the same seed and clock", async () => {
    const clock = manualClock();
    const a = await startSimulator({ port: 0, seed: 7, now: clock.now });
    const b = await startSimulator({ port: 0, seed: 7, now: clock.now });
    try {
      const read = async (s: RunningSimulator, path: string) =>
        Buffer.from(await (await fetch(`${s.url}${path}`)).arrayBuffer());
      const tokenOf = async (s: RunningSimulator) =>
        (await getJson<Accounts>(`${s.url}/_sim/accounts`)).body.weibo.accessToken;
      expect(await tokenOf(a)).toBe(await tokenOf(b));
      const mentions = `/weibo/2/statuses/mentions.json?access_token=${await tokenOf(a)}&count=50`;
      expect((await read(a, mentions)).equals(await read(b, mentions))).toBe(true);
      expect((await read(a, "/portal-a/index_1.htm")).equals(await read(b, "/portal-a/index_1.htm"))).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
