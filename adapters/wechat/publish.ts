/**
 * Sending answers on WeChat: customer-service messages inside the 48-hour window, comment replies, and articles
 * through draft/add → freepublish/submit → freepublish/get.
 */
import {
  type AdapterContext,
  BadPayload,
  type OutboundMessage,
  type OutboundTarget,
  Permanent,
  type PublishResult,
} from "../contract.ts";
import type { WechatBody, WechatClient } from "./client.ts";
import {
  buildCustomTextMessage,
  buildDraftArticle,
  CommentListSchema,
  readCommentTarget,
  toApiNumber,
} from "./transform.ts";

export interface WechatPublishOptions {
  appId: string;
  thumbMediaId?: string | undefined;
  author?: string | undefined;
  publishPollAttempts: number;
  publishPollIntervalMs: number;
}

const PUBLISH_FAILURES: Record<number, string> = {
  2: "原创校验未通过 / originality check failed",
  3: "发布失败 / publishing failed",
  4: "平台审核未通过 / rejected by platform review",
  5: "发布成功后文章已被删除 / articles deleted after publishing",
  6: "发布成功后文章已被系统封禁 / articles banned after publishing",
};
const PUBLISH_ID_TTL_MS = 7 * 24 * 3600_000;

export async function publishWechat(
  client: WechatClient,
  message: OutboundMessage,
  options: WechatPublishOptions,
  ctx: AdapterContext,
): Promise<PublishResult> {
  if (message.kind === "article" || message.kind === "post") return publishArticle(client, message, options, ctx);
  const target = message.replyTo;
  if (!target) throw new Permanent("回复缺少目标消息或留言 / a reply needs the item it answers", "no_target");
  if (message.kind === "comment") return replyToComment(client, target, message.text);

  const openid = target.authorId;
  if (!openid) {
    if (target.itemKind === "comment") return replyToComment(client, target, message.text);
    throw new Permanent("不知道要回复的用户 openid / the user's openid is unknown", "no_openid");
  }
  try {
    await client.post("/cgi-bin/message/custom/send", buildCustomTextMessage(openid, message.text));
    return { remoteId: `custom:${openid}:${message.idempotencyKey}`, url: null };
  } catch (error) {
    if (!(error instanceof Permanent) || error.code !== 45015) throw error;
    if (target.itemKind === "comment") {
      const result = await replyToComment(client, target, message.text);
      return {
        ...result,
        note: "已超出 48 小时客服消息窗口，改为在文章留言下公开回复 / outside the 48-hour window: replied to the comment instead",
      };
    }
    throw new Permanent(
      "已超出 48 小时客服消息窗口，用户再次发消息后才能回复；请改用其他渠道答复 / outside the 48-hour window: the user must write again before we can reply",
      45015,
    );
  }
}

/**
 * Whether findPublishedWechat can tell: a reply or message to a known openid goes out as a customer-service message
 * first, and WeChat keeps no list of those to read back. Everything else (articles, comment replies, and sends
 * refused before anything left) can be checked.
 */
export function canFindPublishedWechat(message: OutboundMessage): boolean {
  if (message.kind !== "reply" && message.kind !== "message") return true;
  return !message.replyTo?.authorId;
}

/** Was this already sent? Articles via the remembered publish_id (or a title match), comment replies via the list. */
export async function findPublishedWechat(
  client: WechatClient,
  message: OutboundMessage,
  options: WechatPublishOptions,
  ctx: AdapterContext,
): Promise<PublishResult | null> {
  if (message.kind === "article" || message.kind === "post") {
    const publishId = ctx.cache.get<string>(publishIdKey(options.appId, message.idempotencyKey));
    if (publishId) {
      const status = await client.post("/cgi-bin/freepublish/get", { publish_id: publishId });
      const code = Number(status.publish_status);
      if (code === 0 || code === 1) return toArticleResult(publishId, status, code === 1);
      return null;
    }
    return findArticleByTitle(client, message);
  }
  const target = message.replyTo;
  if (target?.itemKind === "comment" && /^\d+:\d+:\d+$/.test(target.externalId)) {
    return findCommentReply(client, target, message.text);
  }
  // a customer-service message leaves no trace we can read back
  return null;
}

async function replyToComment(client: WechatClient, target: OutboundTarget, text: string): Promise<PublishResult> {
  const { msgDataId, index, userCommentId } = readCommentTarget(target);
  try {
    await client.post("/cgi-bin/comment/reply/add", {
      msg_data_id: toApiNumber(msgDataId),
      index,
      user_comment_id: toApiNumber(userCommentId),
      content: text,
    });
  } catch (error) {
    // "already reply": ours from an attempt whose outcome was lost, or someone else's
    if (error instanceof Permanent && error.code === 88005) {
      const earlier = await findCommentReply(client, target, text);
      if (earlier) return { ...earlier, note: "该留言此前已回复成功，未重复发送 / already replied earlier" };
    }
    throw error;
  }
  return { remoteId: `${msgDataId}:${index}:${userCommentId}:reply`, url: null };
}

async function findCommentReply(
  client: WechatClient,
  target: OutboundTarget,
  text: string,
): Promise<PublishResult | null> {
  const { msgDataId, index, userCommentId } = readCommentTarget(target);
  for (let begin = 0; begin < 500; begin += 50) {
    const body = await client.post("/cgi-bin/comment/list", {
      msg_data_id: toApiNumber(msgDataId),
      index,
      begin,
      count: 50,
      type: 0,
    });
    const list = CommentListSchema.parse(body);
    for (const raw of list.comment) {
      const comment = raw as { user_comment_id?: unknown; reply?: { content?: unknown } | null };
      if (String(comment.user_comment_id) !== userCommentId) continue;
      if (comment.reply?.content === text)
        return { remoteId: `${msgDataId}:${index}:${userCommentId}:reply`, url: null };
      return null;
    }
    if (list.comment.length === 0 || begin + 50 >= list.total) return null;
  }
  return null;
}

async function publishArticle(
  client: WechatClient,
  message: OutboundMessage,
  options: WechatPublishOptions,
  ctx: AdapterContext,
): Promise<PublishResult> {
  if (!options.thumbMediaId) {
    throw new Permanent(
      "未配置封面图永久素材 thumbMediaId，无法发布文章 / thumbMediaId is required for articles",
      "no_thumb",
    );
  }
  const draft = await client.post(
    "/cgi-bin/draft/add",
    buildDraftArticle(message, { thumbMediaId: options.thumbMediaId, author: options.author }),
  );
  const mediaId = draft.media_id;
  if (typeof mediaId !== "string" || !mediaId) throw new BadPayload("草稿响应缺少 media_id / no media_id", draft);
  const submitted = await client.post("/cgi-bin/freepublish/submit", { media_id: mediaId });
  // SDKs disagree on the type (int64 vs string): store it as a string
  const publishId = submitted.publish_id === undefined ? "" : String(submitted.publish_id);
  if (!publishId) throw new BadPayload("发布响应缺少 publish_id / no publish_id", submitted);
  ctx.cache.set(publishIdKey(options.appId, message.idempotencyKey), publishId, PUBLISH_ID_TTL_MS);

  for (let attempt = 0; attempt < options.publishPollAttempts; attempt += 1) {
    if (attempt > 0) await sleep(options.publishPollIntervalMs, ctx.signal);
    const status = await client.post("/cgi-bin/freepublish/get", { publish_id: publishId });
    const code = Number(status.publish_status);
    if (code === 0) return toArticleResult(publishId, status, false);
    if (code === 1) continue;
    const failed =
      Array.isArray(status.fail_idx) && status.fail_idx.length ? `，失败篇目 ${status.fail_idx.join(",")}` : "";
    throw new Permanent(
      `${PUBLISH_FAILURES[code] ?? `发布状态 ${code}`}${failed} (publish_status=${code})`,
      `publish_status_${code}`,
    );
  }
  // submitted and still being processed: resending would publish twice, so report it as sent with a note
  return toArticleResult(publishId, {}, true);
}

function toArticleResult(publishId: string, status: WechatBody, stillPublishing: boolean): PublishResult {
  const detail = status.article_detail as { item?: Array<{ article_url?: unknown }> } | undefined;
  const url = detail?.item?.find((entry) => typeof entry.article_url === "string")?.article_url;
  return {
    remoteId: `publish:${publishId}`,
    url: typeof url === "string" ? url : null,
    note: stillPublishing ? "已提交发布，微信仍在处理中 (publish_status=1) / submitted, still publishing" : null,
  };
}

async function findArticleByTitle(client: WechatClient, message: OutboundMessage): Promise<PublishResult | null> {
  const title = buildDraftArticle(message, { thumbMediaId: "-" }).articles[0]?.title;
  const body = await client.post("/cgi-bin/freepublish/batchget", { offset: 0, count: 20, no_content: 1 });
  const items = Array.isArray(body.item) ? body.item : [];
  for (const item of items) {
    const entry = item as { article_id?: unknown; content?: { news_item?: Array<{ title?: unknown; url?: unknown }> } };
    const match = entry.content?.news_item?.find((news) => news.title === title);
    if (match) {
      return { remoteId: `article:${String(entry.article_id)}`, url: typeof match.url === "string" ? match.url : null };
    }
  }
  return null;
}

function publishIdKey(appId: string, idempotencyKey: string): string {
  return `wechat:publish_id:${appId}:${idempotencyKey}`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
