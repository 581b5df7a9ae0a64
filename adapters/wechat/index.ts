/** WeChat official account (微信公众号): pushed messages, published articles and their comments; replies and articles. */
import { z } from "zod";
import type { AdapterContext, ChannelAdapter } from "../contract.ts";
import { handleWechatCallback } from "./callback.ts";
import { createWechatClient, type WechatClient } from "./client.ts";
import { canFindPublishedWechat, findPublishedWechat, publishWechat, type WechatPublishOptions } from "./publish.ts";
import { pullWechat } from "./pull.ts";

export { computeSignature, decryptMessage, encryptMessage } from "./crypto.ts";

export const WechatConfigSchema = z.object({
  apiBase: z.url().default("https://api.weixin.qq.com").describe("接口地址"),
  appId: z
    .string()
    .regex(/^wx[0-9a-zA-Z]+$/, "AppID 以 wx 开头")
    .describe("AppID"),
  appSecret: z.string().min(1).describe("AppSecret"),
  /** the server-configuration Token (3–32 characters) used to sign callbacks */
  token: z.string().min(3).max(32).describe("服务器配置 Token"),
  /** 43 characters; needed for 安全模式 and 兼容模式 */
  encodingAesKey: z.string().length(43).optional().describe("EncodingAESKey（安全模式）"),
  /** the account's original id (gh_…) */
  originalId: z.string().optional().describe("原始 ID（gh_…）"),
  articlePages: z.number().int().min(1).max(10).default(1).describe("文章列表页数"),
  /** how many of the latest articles to follow for new comments */
  trackArticles: z.number().int().min(0).max(50).default(10).describe("跟踪最新文章数"),
  commentPages: z.number().int().min(1).max(20).default(4).describe("评论页数"),
  commentPageSize: z.number().int().min(1).max(50).default(50).describe("每页评论数"),
  /** a permanent image material id: the cover every published article needs */
  thumbMediaId: z.string().optional().describe("封面素材 ID"),
  author: z.string().max(16).optional().describe("作者"),
  publishPollAttempts: z.number().int().min(1).max(30).default(5).describe("发布状态查询次数"),
  publishPollIntervalMs: z.number().int().min(0).max(60_000).default(3000).describe("发布状态查询间隔（毫秒）"),
});
export type WechatConfig = z.infer<typeof WechatConfigSchema>;

export const wechat: ChannelAdapter<WechatConfig> = {
  kind: "wechat",
  meta: {
    name: "微信公众号",
    description: "接收公众号消息推送（明文/安全模式），拉取已发布文章及其留言，通过客服消息、留言回复或发布文章作答",
    antiCrawlerRisk: "none",
    example: {
      apiBase: "https://api.weixin.qq.com",
      appId: "wx49f0ab532d5d035a",
      appSecret: "<app secret>",
      token: "<server token>",
      encodingAesKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      originalId: "gh_fbe8a958756e",
      thumbMediaId: "<permanent image media_id>",
    },
    defaultSchedule: "*/30 * * * *",
  },
  config: WechatConfigSchema,
  secretFields: ["appSecret", "token", "encodingAesKey"],
  capabilities: { pull: true, push: true, reply: true, post: true, maxLength: 600 },

  async pull(config, cursor, ctx) {
    return pullWechat(openClient(config, ctx), cursor, config);
  },

  async receive(request, config) {
    return handleWechatCallback(request, config);
  },

  async publish(config, message, ctx) {
    return publishWechat(openClient(config, ctx), message, publishOptions(config), ctx);
  },

  async findPublished(config, message, ctx) {
    return findPublishedWechat(openClient(config, ctx), message, publishOptions(config), ctx);
  },

  canVerify(_config, message) {
    return canFindPublishedWechat(message);
  },
};

function openClient(config: WechatConfig, ctx: AdapterContext): WechatClient {
  return createWechatClient({ apiBase: config.apiBase, appId: config.appId, appSecret: config.appSecret }, ctx);
}

function publishOptions(config: WechatConfig): WechatPublishOptions {
  return {
    appId: config.appId,
    thumbMediaId: config.thumbMediaId,
    author: config.author,
    publishPollAttempts: config.publishPollAttempts,
    publishPollIntervalMs: config.publishPollIntervalMs,
  };
}
