/**
 * `qnzs demo setup`: one account of every kind in the hub, pointed at a running simulator, and the simulator told
 * where to push. The simulator's credentials come from its /_sim/accounts; the selectors match its two portals.
 */
import type { HubOperations } from "../operations/types.ts";

export interface DemoSetupOptions {
  simulatorUrl: string;
  /** the hub's address as the simulator reaches it (callbacks are POSTed there) */
  hubUrl: string;
  /** WeChat's message encryption for pushes: aes (安全模式, the default), compat or plaintext */
  wechatMode?: "aes" | "compat" | "plaintext";
}

export interface DemoAccount {
  id: number;
  kind: string;
  name: string;
  created: boolean;
}

export interface DemoSetupResult {
  accounts: DemoAccount[];
  callbacks: Record<string, string>;
}

interface SimAccounts {
  weibo: { apiBase: string; appKey: string; appSecret: string; accessToken: string; uid: string };
  wechat: {
    apiBase: string;
    appId: string;
    appSecret: string;
    token: string;
    encodingAesKey: string;
    originalId: string;
    thumbMediaId: string;
  };
  weibang: { secret: string; orgName: string };
  h5: { portalA: string; portalB: string };
  rss: Record<string, string>;
}

interface PlannedAccount {
  kind: string;
  name: string;
  options: Record<string, unknown>;
  /** the simulator pushes to this account's callback */
  push?: "wechat" | "weibang";
}

/** The demo's accounts: what an admin would fill in for each of the simulator's platforms. */
export function planDemoAccounts(sim: SimAccounts, hubUrl: string, simHost: string): PlannedAccount[] {
  const local = { allowedHosts: [simHost] };
  return [
    {
      kind: "weibo",
      name: "模拟器·微博",
      options: {
        apiBase: sim.weibo.apiBase,
        appKey: sim.weibo.appKey,
        appSecret: sim.weibo.appSecret,
        accessToken: sim.weibo.accessToken,
        uid: sim.weibo.uid,
        redirectUri: new URL("/api/oauth/weibo/callback", hubUrl).toString(),
      },
    },
    {
      kind: "wechat",
      name: "模拟器·公众号",
      push: "wechat",
      options: {
        apiBase: sim.wechat.apiBase,
        appId: sim.wechat.appId,
        appSecret: sim.wechat.appSecret,
        token: sim.wechat.token,
        encodingAesKey: sim.wechat.encodingAesKey,
        originalId: sim.wechat.originalId,
        thumbMediaId: sim.wechat.thumbMediaId,
      },
    },
    {
      kind: "weibang",
      name: "模拟器·微邦",
      push: "weibang",
      options: { secret: sim.weibang.secret, orgName: sim.weibang.orgName },
    },
    {
      kind: "h5",
      name: "模拟器·门户A（TRS）",
      options: {
        ...local,
        listUrl: sim.h5.portalA,
        selectors: { item: "ul.tj3_1 li", link: "a", date: "font" },
        detail: { content: ".TRS_Editor", title: ".page_title h1" },
      },
    },
    {
      kind: "h5",
      name: "模拟器·门户B",
      options: {
        ...local,
        listUrl: sim.h5.portalB,
        selectors: { item: "div.news-list li", link: "a", date: "span.date" },
        detail: { content: ".article-content", title: "h1.article-title" },
      },
    },
    ...Object.entries(sim.rss).map(([feed, feedUrl]) => ({
      kind: "rss",
      name: `模拟器·订阅源 ${feed}`,
      options: { ...local, feedUrl },
    })),
  ];
}

export async function setupDemo(operations: HubOperations, options: DemoSetupOptions): Promise<DemoSetupResult> {
  const simulator = new URL(options.simulatorUrl);
  const sim = await getJson<SimAccounts>(new URL("/_sim/accounts", simulator));
  const accounts: DemoAccount[] = [];
  const callbacks: Record<string, string> = {};
  for (const plan of planDemoAccounts(sim, options.hubUrl, simulator.host)) {
    // running setup again refreshes the accounts (e.g. a simulator on another port) and keeps their cursors
    const result = await operations.addChannel({
      kind: plan.kind,
      name: plan.name,
      options: plan.options,
      update: true,
    });
    accounts.push({ id: result.id, kind: plan.kind, name: plan.name, created: result.created });
    if (plan.push) callbacks[plan.push] = new URL(`/api/channels/${result.id}/callback`, options.hubUrl).toString();
  }
  const config = {
    ...(callbacks.wechat ? { wechat: { callbackUrl: callbacks.wechat, mode: options.wechatMode ?? "aes" } } : {}),
    ...(callbacks.weibang ? { weibang: { callbackUrl: callbacks.weibang } } : {}),
  };
  const response = await fetch(new URL("/_sim/config", simulator), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });
  if (!response.ok)
    throw new Error(`模拟器拒绝了推送配置 / simulator refused the push config: HTTP ${response.status}`);
  return { accounts, callbacks };
}

async function getJson<T>(url: URL): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`连不上模拟器 ${url.origin} / cannot reach the simulator: ${(error as Error).message}`);
  }
  if (!response.ok)
    throw new Error(`模拟器返回 HTTP ${response.status} / simulator answered ${response.status}: ${url}`);
  return (await response.json()) as T;
}
