/** Weibo (新浪微博) Open API v2: @-mentions, comments and the League account's own posts; replies and posts. */
import { z } from "zod";
import {
  type AdapterContext,
  AuthExpired,
  BadPayload,
  type ChannelAdapter,
  type Cursor,
  type InboundItem,
  type OutboundMessage,
  Permanent,
  type PublishResult,
  type PullResult,
  type RejectedPayload,
} from "../contract.ts";
import { createWeiboClient, type WeiboClient } from "./client.ts";
import { buildWeiboAuthorizeUrl, exchangeWeiboCode, WEIBO_DEFAULT_API_BASE } from "./oauth.ts";
import { type Page, type PageRequest, pullStream, type StreamState, StreamStateSchema } from "./paging.ts";
import {
  buildStatusUrl,
  buildWeiboWrite,
  isSameWeiboText,
  type MapResult,
  mapComment,
  mapStatus,
  readEnvelope,
  readWeiboId,
  WeiboCommentSchema,
  WeiboStatusSchema,
} from "./transform.ts";

export { buildWeiboAuthorizeUrl, exchangeWeiboCode, fetchWeiboTokenInfo, type WeiboToken } from "./oauth.ts";
export { parseWeiboDate } from "./transform.ts";

const STREAMS = {
  mentions: { path: "/2/statuses/mentions.json", listKey: "statuses" },
  comments_to_me: { path: "/2/comments/to_me.json", listKey: "comments" },
  comments_mentions: { path: "/2/comments/mentions.json", listKey: "comments" },
  user_timeline: { path: "/2/statuses/user_timeline.json", listKey: "statuses" },
} as const;
type StreamName = keyof typeof STREAMS;
const STREAM_NAMES = Object.keys(STREAMS) as [StreamName, ...StreamName[]];

export const WeiboConfigSchema = z.object({
  apiBase: z.url().default(WEIBO_DEFAULT_API_BASE).describe("接口地址"),
  appKey: z.string().min(1).describe("App Key"),
  appSecret: z.string().min(1).describe("App Secret"),
  /** the console's OAuth callback, registered with the Weibo app */
  redirectUri: z.url().describe("授权回调地址"),
  /** filled in by the console after authorisation; absent until then */
  accessToken: z.string().min(1).optional().describe("访问令牌（授权后自动填写）"),
  /** the League account's uid, from the code exchange */
  uid: z.string().regex(/^\d+$/).optional().describe("账号 UID"),
  /** ISO 8601, from the code exchange: past it, the account needs re-authorisation */
  tokenExpiresAt: z.string().optional().describe("令牌到期时间"),
  streams: z
    .array(z.enum(STREAM_NAMES))
    .default([...STREAM_NAMES])
    .describe("抓取内容"),
  /** how many of the account's own latest posts to follow with comments/show */
  trackThreads: z.number().int().min(0).max(20).default(5).describe("跟踪最新微博条数"),
  count: z.number().int().min(1).max(200).default(50).describe("每页条数"),
  maxPagesPerStream: z.number().int().min(1).max(20).default(3).describe("每类最多页数"),
  /** a link on the app's bound safe domain, appended to posts that have none (Weibo refuses them: 10017) */
  safeDomainLink: z.url().optional().describe("安全域名链接"),
});
export type WeiboConfig = z.infer<typeof WeiboConfigSchema>;

const WeiboCursorSchema = z.object({
  streams: z.record(z.string(), StreamStateSchema).default({}),
  threads: z.record(z.string(), StreamStateSchema).default({}),
});

export const weibo: ChannelAdapter<WeiboConfig> = {
  kind: "weibo",
  meta: {
    name: "新浪微博",
    description: "通过微博开放平台 API 拉取 @提及、评论和团属账号自己的微博，并以评论、回复或分享发布回答",
    antiCrawlerRisk: "low",
    example: {
      apiBase: WEIBO_DEFAULT_API_BASE,
      appKey: "1234567890",
      appSecret: "<app secret>",
      redirectUri: "https://hub.example.org/api/oauth/weibo/callback",
      accessToken: "<filled in after authorisation>",
      uid: "1567896867",
      safeDomainLink: "https://qnzs.youth.cn/",
    },
    defaultSchedule: "*/10 * * * *",
  },
  config: WeiboConfigSchema,
  secretFields: ["appSecret", "accessToken"],
  capabilities: { pull: true, push: false, reply: true, post: true, maxLength: 140 },

  // web apps get no refresh token: when the token expires, a person authorises the app again
  authorization: {
    buildAuthorizeUrl: (config, state) =>
      buildWeiboAuthorizeUrl({
        appKey: config.appKey,
        redirectUri: config.redirectUri,
        state,
        apiBase: config.apiBase,
      }),
    async completeAuthorization(config, code, ctx) {
      const token = await exchangeWeiboCode(
        {
          appKey: config.appKey,
          appSecret: config.appSecret,
          redirectUri: config.redirectUri,
          code,
          apiBase: config.apiBase,
        },
        ctx,
      );
      return { accessToken: token.accessToken, uid: token.uid, tokenExpiresAt: token.expiresAt };
    },
  },

  async pull(config, cursor, ctx) {
    const client = openClient(config, ctx);
    const state = WeiboCursorSchema.parse(cursor ?? {});
    const items: InboundItem[] = [];
    const rejected: RejectedPayload[] = [];
    let caughtUp = true;
    const ownStatusIds: string[] = [];

    for (const name of config.streams) {
      const stream = STREAMS[name];
      const params = name === "user_timeline" ? { uid: config.uid } : {};
      const result = await pullStream(
        (request) => fetchPage(client, stream.path, stream.listKey, { ...params, ...request }),
        state.streams[name] ?? StreamStateSchema.parse({}),
        config.count,
        config.maxPagesPerStream,
      );
      state.streams[name] = result.state;
      caughtUp &&= result.caughtUp;
      const mapEntry = stream.listKey === "statuses" ? mapStatus : mapComment;
      collect(result.entries.map(mapEntry), items, rejected);
      if (name === "user_timeline") {
        for (const entry of result.entries) {
          const parsed = WeiboStatusSchema.safeParse(entry);
          const id = parsed.success ? readWeiboId(parsed.data) : null;
          if (id) ownStatusIds.push(id);
        }
      }
    }

    // follow comment threads under the account's latest own posts (newest first, bounded)
    const tracked = [...new Set([...ownStatusIds, ...Object.keys(state.threads)])]
      .sort((a, b) => (a.length !== b.length ? b.length - a.length : b.localeCompare(a)))
      .slice(0, config.trackThreads);
    const threads: Record<string, StreamState> = {};
    for (const statusId of tracked) {
      const result = await pullStream(
        (request) => fetchPage(client, "/2/comments/show.json", "comments", { id: statusId, ...request }),
        state.threads[statusId] ?? StreamStateSchema.parse({}),
        config.count,
        config.maxPagesPerStream,
      );
      threads[statusId] = result.state;
      caughtUp &&= result.caughtUp;
      collect(result.entries.map(mapComment), items, rejected);
    }
    state.threads = threads;

    return { items: dedupeItems(items), rejected, cursor: state satisfies Cursor, caughtUp } satisfies PullResult;
  },

  async publish(config, message, ctx) {
    const client = openClient(config, ctx);
    const write = buildWeiboWrite(message, config.safeDomainLink);
    try {
      const body = await client.post(write.path, write.params);
      return toPublishResult(body, write.path === "/2/statuses/share.json");
    } catch (error) {
      // "repeat content": our earlier attempt may have gone through before the outcome was lost
      if (error instanceof Permanent && error.code === 20019) {
        const earlier = await findEarlier(client, config, message);
        if (earlier)
          return { ...earlier, note: "微博提示重复内容：此前已发送成功，未重复发送 / already published earlier" };
      }
      throw error;
    }
  },

  async findPublished(config, message, ctx) {
    return findEarlier(openClient(config, ctx), config, message);
  },
};

function openClient(config: WeiboConfig, ctx: AdapterContext): WeiboClient {
  if (config.tokenExpiresAt && Date.parse(config.tokenExpiresAt) <= ctx.now().getTime()) {
    throw new AuthExpired("微博授权已过期，需要重新授权 / Weibo authorisation expired: re-authorise", "token_expired");
  }
  return createWeiboClient({
    apiBase: config.apiBase,
    accessToken: config.accessToken,
    fetch: ctx.fetch,
    now: () => ctx.now(),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
}

async function fetchPage(
  client: WeiboClient,
  path: string,
  listKey: "statuses" | "comments",
  params: PageRequest & Record<string, string | number | undefined>,
): Promise<Page> {
  const body = await client.get(path, params);
  const envelope = readEnvelope(body, listKey);
  if (!envelope) throw new BadPayload(`微博返回的列表格式不符 / ${path} returned no ${listKey} list`, body);
  return envelope;
}

/** The account's own recent comments (or posts) carrying this text on this target: the send already happened. */
async function findEarlier(
  client: WeiboClient,
  config: WeiboConfig,
  message: OutboundMessage,
): Promise<PublishResult | null> {
  const write = buildWeiboWrite(message, config.safeDomainLink);
  if (write.path === "/2/statuses/share.json") {
    const body = await client.get("/2/statuses/user_timeline.json", { uid: config.uid, count: 20 });
    for (const entry of readEnvelope(body, "statuses")?.list ?? []) {
      const status = WeiboStatusSchema.safeParse(entry);
      if (status.success && isSameWeiboText(status.data.text, write.params.status)) return toPublishResult(entry, true);
    }
    return null;
  }
  const statusId = write.params.id;
  const body = await client.get("/2/comments/by_me.json", { count: 50 });
  for (const entry of readEnvelope(body, "comments")?.list ?? []) {
    const comment = WeiboCommentSchema.safeParse(entry);
    if (!comment.success || !comment.data.status) continue;
    if (readWeiboId(comment.data.status) === statusId && isSameWeiboText(comment.data.text, write.params.comment)) {
      return toPublishResult(entry, false);
    }
  }
  return null;
}

function toPublishResult(body: unknown, isStatus: boolean): PublishResult {
  if (isStatus) {
    const status = WeiboStatusSchema.safeParse(body);
    const id = status.success ? readWeiboId(status.data) : null;
    if (!status.success || !id) throw new BadPayload("微博发布成功但响应格式不符 / unexpected share response", body);
    return { remoteId: id, url: buildStatusUrl(id, status.data.user) };
  }
  const comment = WeiboCommentSchema.safeParse(body);
  const id = comment.success ? readWeiboId(comment.data) : null;
  if (!comment.success || !id) throw new BadPayload("微博评论成功但响应格式不符 / unexpected comment response", body);
  const statusId = comment.data.status ? readWeiboId(comment.data.status) : null;
  return { remoteId: id, url: statusId ? buildStatusUrl(statusId, comment.data.status?.user) : null };
}

function collect(results: MapResult[], items: InboundItem[], rejected: RejectedPayload[]): void {
  for (const result of results) {
    if ("item" in result) items.push(result.item);
    else rejected.push(result.rejected);
  }
}

/** the same comment can arrive through to_me, mentions and comments/show in one pull */
function dedupeItems(items: InboundItem[]): InboundItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.itemKind}:${item.externalId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
