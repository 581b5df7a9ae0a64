import type { Platform } from "./platform.ts";
import { FEED_NAMES } from "./platforms/feed-store.ts";
import { pushWechat } from "./platforms/wechat-push.ts";
import { pushWeibang } from "./platforms/weibang.ts";
import type { WeiboUser } from "./platforms/weibo-store.ts";
import { makeFeedItem } from "./seed/feed-seed.ts";
import { GENDERS, NICKNAMES, placeOf } from "./seed/people.ts";
import { makePortalAArticle, makePortalBArticle } from "./seed/portal-seed.ts";
import { WEIBO_SOURCES } from "./seed/weibo-seed.ts";
import type { SimState } from "./state.ts";

/** New posts while the simulator runs (`--rate N` a minute, or `POST /_sim/generate`), spread over the platforms. */

export interface ProducedItem {
  platform: Platform;
  kind: string;
  key: string;
}

type Kind = "weibo-mention" | "wechat-message" | "weibo-comment" | "weibang-event" | "portal-article" | "feed-item";
const ROTATION: readonly Kind[] = [
  "weibo-mention",
  "wechat-message",
  "weibo-comment",
  "weibang-event",
  "portal-article",
  "feed-item",
];

const KINDS_BY_PLATFORM: Record<Platform, Kind[]> = {
  weibo: ["weibo-mention", "weibo-comment"],
  wechat: ["wechat-message"],
  weibang: ["weibang-event"],
  h5: ["portal-article"],
  rss: ["feed-item"],
};

function newWeiboUser(state: SimState, region: string | null, city: string | null): WeiboUser {
  const r = state.random;
  const user: WeiboUser = {
    id: r.int(1_700_000_000, 7_999_999_999),
    screenName: `${r.pick(NICKNAMES)}${r.int(10, 99)}`,
    place: placeOf(region, city, r),
    gender: r.pick(GENDERS),
    description: "",
    followers: r.int(5, 800),
    friends: r.int(20, 400),
    statuses: r.int(10, 2000),
    createdAt: new Date(state.clock.now().getTime() - r.int(100, 2000) * 86_400_000),
    verified: false,
    verifiedType: -1,
    verifiedReason: "",
    avatar: r.hex(32),
  };
  state.weibo.store.users.set(user.id, user);
  return user;
}

function produce(state: SimState, kind: Kind, turn: number): ProducedItem {
  const now = state.clock.now();
  const r = state.random;
  switch (kind) {
    case "weibo-mention": {
      const store = state.weibo.store;
      const post = state.pool.take("weibo");
      const user = newWeiboUser(state, post.region, post.city);
      const id = store.nextId();
      store.addStatus({
        id,
        createdAt: now,
        text: `${post.text} @${store.me.screenName}`,
        userId: user.id,
        deleted: false,
        source: r.pick(WEIBO_SOURCES),
        pics: [],
        retweetedId: null,
        geo: null,
        reposts: 0,
        attitudes: 0,
      });
      return { platform: "weibo", kind, key: String(id) };
    }
    case "weibo-comment": {
      const store = state.weibo.store;
      const post = state.pool.take("weibo");
      const user = newWeiboUser(state, post.region, post.city);
      const own = store.timeline();
      const status = own[r.int(0, Math.min(2, own.length - 1))];
      if (!status) return produce(state, "weibo-mention", turn);
      const id = store.nextId();
      store.addComment({
        id,
        createdAt: now,
        text: post.text,
        userId: user.id,
        statusId: status.id,
        replyToId: null,
        rootId: id,
        source: r.pick(WEIBO_SOURCES),
        likes: 0,
        replyOriginalText: null,
      });
      return { platform: "weibo", kind, key: String(id) };
    }
    case "wechat-message": {
      const store = state.wechat;
      const post = state.pool.take("wechat");
      const openid = store.followers[r.int(0, Math.max(0, store.followers.length - 4))] as string;
      const msgId = store.nextMsgId();
      store.pending.push({ msgId, openid, msgType: "text", fields: [["Content", post.text]], createTime: null });
      return { platform: "wechat", kind, key: msgId };
    }
    case "weibang-event": {
      const post = state.pool.take("weibang");
      const eventId = r.uuid();
      state.weibang.pending.push({
        eventId,
        eventType: "message.created",
        author: { id: `wb_${r.hex(24)}`, display_name: r.pick(NICKNAMES) },
        threadId: `conv_${r.hex(16)}`,
        text: post.text,
        attachments: [],
        occurredAt: null,
      });
      return { platform: "weibang", kind, key: eventId };
    }
    case "portal-article": {
      const portals = state.portals;
      const text = state.pool.take("h5", { gbk: true }).text;
      if (portals.a.length <= portals.b.length + 6) {
        const article = makePortalAArticle(portals, r, text, now);
        portals.a.unshift(article);
        return { platform: "h5", kind, key: `portal-a/${article.path}` };
      }
      const article = makePortalBArticle(portals, r, text, now);
      portals.b.unshift(article);
      return { platform: "h5", kind, key: `portal-b/${article.path}` };
    }
    case "feed-item": {
      const feed = FEED_NAMES[turn % FEED_NAMES.length] ?? "rss2";
      const text = state.pool.take("h5", { gbk: feed === "gbk" }).text;
      const item = makeFeedItem(state.feeds, feed, r, text, now);
      state.feeds.feeds[feed].unshift(item);
      return { platform: "rss", kind, key: `${feed}:${item.guid}` };
    }
  }
}

/** Adds `count` new posts, rotating over the platforms (or only `platform`'s kinds). */
export function produceItems(state: SimState, count: number, platform?: Platform): ProducedItem[] {
  const kinds = platform ? KINDS_BY_PLATFORM[platform] : ROTATION;
  const produced: ProducedItem[] = [];
  for (let i = 0; i < count; i++) {
    const turn = state.producerTurn++;
    produced.push(produce(state, kinds[turn % kinds.length] as Kind, Math.floor(turn / kinds.length)));
  }
  return produced;
}

export interface Producer {
  stop(): void;
}

/** `ratePerMinute` new posts a minute; push platforms deliver at once when the hub gave a callback. */
export function startProducer(state: SimState, ratePerMinute: number): Producer {
  const timer = setInterval(() => {
    const [item] = produceItems(state, 1);
    const swallow = (): void => undefined;
    if (item?.platform === "wechat" && state.config.wechat.callbackUrl) pushWechat(state, 1).catch(swallow);
    if (item?.platform === "weibang" && state.config.weibang.callbackUrl) pushWeibang(state, 1).catch(swallow);
  }, 60_000 / ratePerMinute);
  // The timer must not keep a process (or a test run) alive on its own.
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
