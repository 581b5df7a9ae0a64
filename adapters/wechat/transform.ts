/** Pure mapping between WeChat payloads (callback XML, freepublish, comments) and the contract's shapes. */
import { z } from "zod";
import {
  type InboundItem,
  type OutboundMessage,
  type OutboundTarget,
  Permanent,
  type RejectedPayload,
} from "../contract.ts";
import { readField, type XmlFields } from "./xml.ts";

export type MapResult = { item: InboundItem } | { rejected: RejectedPayload };

/** unix seconds (as WeChat sends them, string or number) → ISO 8601 */
export function fromUnixSeconds(value: unknown): string | null {
  const seconds =
    typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

/**
 * One pushed message or event → an item. Messages are keyed by MsgId, kept exactly as the XML string; events have
 * no MsgId, and WeChat's own rule is to dedupe them by FromUserName + CreateTime. Retried deliveries (WeChat resends
 * up to 3 times after 5 s) therefore map to the same externalId.
 */
export function mapCallbackMessage(fields: XmlFields, xml: string): MapResult {
  const raw = { xml, fields };
  const from = readField(fields, "FromUserName");
  const createTime = readField(fields, "CreateTime");
  const msgType = readField(fields, "MsgType") ?? "";
  const publishedAt = fromUnixSeconds(createTime);
  if (!from) return { rejected: { raw, reason: "消息缺少 FromUserName / message without FromUserName" } };
  if (!publishedAt) return { rejected: { raw, reason: `消息时间无效 / invalid CreateTime: ${createTime ?? ""}` } };
  const msgId = readField(fields, "MsgId");
  const externalId = msgId && msgType !== "event" ? msgId : `event:${from}:${createTime}`;
  const url = readField(fields, "Url");
  return {
    item: {
      externalId,
      itemKind: "message",
      threadId: null,
      parentId: null,
      author: { id: from, name: null, location: null },
      text: describeMessage(fields, msgType),
      format: "text",
      url: msgType === "link" ? url : null,
      publishedAt,
      raw,
    },
  };
}

function describeMessage(fields: XmlFields, msgType: string): string {
  const field = (name: string) => readField(fields, name) ?? "";
  switch (msgType) {
    case "text":
      return field("Content");
    case "image":
      return `[图片] ${field("PicUrl")}`.trim();
    case "voice":
      return field("Recognition") ? `[语音] ${field("Recognition")}` : "[语音]";
    case "video":
    case "shortvideo":
      return "[视频]";
    case "location":
      return `[位置] ${field("Label")} (${field("Location_X")}, ${field("Location_Y")})`;
    case "link":
      return [`[链接] ${field("Title")}`, field("Description"), field("Url")].filter(Boolean).join("\n");
    case "event":
      return `[事件] ${field("Event")}${field("EventKey") ? ` ${field("EventKey")}` : ""}`;
    default:
      return `[${msgType || "未知消息"}]`;
  }
}

const NewsItemSchema = z.looseObject({
  title: z.string().default(""),
  author: z.string().optional(),
  digest: z.string().optional(),
  content: z.string().default(""),
  url: z.string().default(""),
  is_deleted: z.boolean().optional(),
});

const PublishedItemSchema = z.looseObject({
  article_id: z.union([z.string(), z.number()]).transform(String),
  update_time: z.union([z.number(), z.string()]).optional(),
  content: z.looseObject({ news_item: z.array(NewsItemSchema) }),
});

export const BatchgetSchema = z.looseObject({
  total_count: z.coerce.number().optional(),
  item_count: z.coerce.number().optional(),
  item: z.array(z.unknown()).default([]),
});

/** the comment APIs take msg_data_id + 0-based index; both live in the article URL as `mid` and 1-based `idx` */
export interface ArticleThread {
  msgDataId: string;
  index: number;
  url: string;
  updateTime: number;
}

export interface MappedArticles {
  items: InboundItem[];
  rejected: RejectedPayload[];
  threads: ArticleThread[];
  /** `${article_id}@${update_time}` per published item, for the cursor */
  keys: string[];
}

export function mapPublishedItem(raw: unknown): MappedArticles {
  const out: MappedArticles = { items: [], rejected: [], threads: [], keys: [] };
  const parsed = PublishedItemSchema.safeParse(raw);
  if (!parsed.success) {
    out.rejected.push({ raw, reason: `文章数据格式不符 / not a published article: ${parsed.error.message}` });
    return out;
  }
  const { article_id: articleId, update_time: updateTime, content } = parsed.data;
  const publishedAt = fromUnixSeconds(updateTime);
  out.keys.push(`${articleId}@${updateTime ?? ""}`);
  content.news_item.forEach((news, position) => {
    if (news.is_deleted) return;
    if (!publishedAt) {
      out.rejected.push({ raw, reason: `文章时间无效 / invalid update_time: ${String(updateTime)}` });
      return;
    }
    const url = unescapeUrl(news.url);
    const thread = readArticleThread(url);
    const externalId = thread ? `${thread.msgDataId}:${thread.index}` : `article:${articleId}:${position}`;
    if (thread) out.threads.push({ ...thread, url, updateTime: Number(updateTime) });
    out.items.push({
      externalId,
      itemKind: "article",
      threadId: null,
      parentId: null,
      author: news.author ? { id: null, name: news.author, location: null } : null,
      title: news.title,
      text: news.content || news.digest || "",
      format: "html",
      url: url || null,
      publishedAt,
      raw: { article_id: articleId, update_time: updateTime, index: position, news_item: news },
    });
  });
  return out;
}

/** "https://mp.weixin.qq.com/s?__biz=..&mid=2247483647&idx=1&sn=.." → msg_data_id 2247483647, index 0 */
export function readArticleThread(url: string): { msgDataId: string; index: number } | null {
  try {
    const params = new URL(unescapeUrl(url)).searchParams;
    const mid = params.get("mid") ?? params.get("appmsgid");
    const idx = Number(params.get("idx") ?? params.get("itemidx") ?? "1");
    if (!mid || !/^\d+$/.test(mid) || !Number.isInteger(idx) || idx < 1) return null;
    return { msgDataId: mid, index: idx - 1 };
  } catch {
    return null;
  }
}

const CommentSchema = z.looseObject({
  user_comment_id: z.union([z.number(), z.string()]).transform(String),
  openid: z.string().optional(),
  create_time: z.union([z.number(), z.string()]),
  content: z.string(),
  comment_type: z.number().optional(),
  reply: z.looseObject({ content: z.string().optional() }).nullable().optional(),
});

export const CommentListSchema = z.looseObject({
  total: z.coerce.number().default(0),
  comment: z.array(z.unknown()).default([]),
});

export function mapArticleComment(
  raw: unknown,
  thread: { msgDataId: string; index: number; url?: string | null },
): MapResult {
  const parsed = CommentSchema.safeParse(raw);
  if (!parsed.success)
    return { rejected: { raw, reason: `留言数据格式不符 / not a comment: ${parsed.error.message}` } };
  const comment = parsed.data;
  const publishedAt = fromUnixSeconds(comment.create_time);
  if (!publishedAt) return { rejected: { raw, reason: `留言时间无效 / invalid create_time` } };
  const threadId = `${thread.msgDataId}:${thread.index}`;
  return {
    item: {
      externalId: `${threadId}:${comment.user_comment_id}`,
      itemKind: "comment",
      threadId,
      parentId: threadId,
      // openid is absent for commenters without a WeChat identity
      author: { id: comment.openid ?? null, name: null, location: null },
      text: comment.content,
      format: "text",
      url: thread.url ?? null,
      publishedAt,
      counters: { elected: comment.comment_type === 1 ? 1 : 0 },
      raw,
    },
  };
}

/** "msg_data_id:index:user_comment_id" as the comment's externalId, back to the reply call's parameters */
export function readCommentTarget(target: OutboundTarget): { msgDataId: string; index: number; userCommentId: string } {
  const match = /^(\d+):(\d+):(\d+)$/.exec(target.externalId);
  if (!match) throw new Permanent(`不是公众号留言的编号 / not a WeChat comment id: ${target.externalId}`, "bad_target");
  return { msgDataId: match[1] as string, index: Number(match[2]), userCommentId: match[3] as string };
}

/** msg_data_id and comment ids are small enough for JSON numbers, which the API expects */
export function toApiNumber(id: string): number | string {
  const value = Number(id);
  return Number.isSafeInteger(value) ? value : id;
}

export function buildCustomTextMessage(openid: string, text: string) {
  return { touser: openid, msgtype: "text", text: { content: text } };
}

export function buildDraftArticle(
  message: OutboundMessage,
  options: { thumbMediaId: string; author?: string | undefined },
) {
  const title = (message.title ?? message.text.split("\n")[0] ?? "").trim().slice(0, 64);
  if (!title) throw new Permanent("文章缺少标题 / an article needs a title", "no_title");
  return {
    articles: [
      {
        title,
        author: options.author ?? "",
        digest: message.text.replace(/\s+/g, " ").trim().slice(0, 120),
        content: message.html ?? textToHtml(message.text),
        content_source_url: "",
        thumb_media_id: options.thumbMediaId,
        need_open_comment: 1,
        only_fans_can_comment: 0,
      },
    ],
  };
}

function textToHtml(text: string): string {
  const escapeHtml = (line: string) =>
    line.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return text
    .split(/\n+/)
    .filter((line) => line.trim())
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join("");
}

/** article URLs come back HTML-escaped in places ("&amp;", "\x26amp;") */
function unescapeUrl(url: string): string {
  return url.replace(/\\x26amp;|\\x26|&amp;/g, "&");
}
