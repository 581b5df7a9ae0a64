/** Pure mapping: Weibo v2 statuses and comments → InboundItem; OutboundMessage → Weibo write parameters. */
import { z } from "zod";
import { type InboundItem, type OutboundMessage, Permanent, type RejectedPayload } from "../contract.ts";

const IdSchema = z.union([z.string(), z.number()]);

const WeiboUserSchema = z.looseObject({
  id: IdSchema.optional(),
  idstr: z.string().optional(),
  screen_name: z.string().optional(),
  name: z.string().optional(),
  location: z.string().optional(),
});

/** a nested status (retweeted or commented-on): only what threading needs; `user` is null once deleted */
const NestedStatusSchema = z.looseObject({
  id: IdSchema.optional(),
  idstr: z.string().optional(),
  mid: z.string().optional(),
  text: z.string().optional(),
  user: WeiboUserSchema.nullable().optional(),
});

export const WeiboStatusSchema = z.looseObject({
  created_at: z.string(),
  id: IdSchema.optional(),
  idstr: z.string().optional(),
  mid: z.string().optional(),
  text: z.string(),
  user: WeiboUserSchema.nullable().optional(),
  retweeted_status: NestedStatusSchema.nullable().optional(),
  reposts_count: z.number().optional(),
  comments_count: z.number().optional(),
  attitudes_count: z.number().optional(),
});

export const WeiboCommentSchema = z.looseObject({
  created_at: z.string(),
  id: IdSchema.optional(),
  idstr: z.string().optional(),
  mid: z.string().optional(),
  rootid: IdSchema.optional(),
  text: z.string(),
  user: WeiboUserSchema.nullable().optional(),
  status: NestedStatusSchema.nullable().optional(),
  reply_comment: NestedStatusSchema.nullable().optional(),
  like_count: z.number().optional(),
});

export type WeiboStatus = z.infer<typeof WeiboStatusSchema>;
export type WeiboComment = z.infer<typeof WeiboCommentSchema>;
type WeiboUser = z.infer<typeof WeiboUserSchema>;
type NestedStatus = z.infer<typeof NestedStatusSchema>;

const MONTHS: Record<string, string> = {
  Jan: "01",
  Feb: "02",
  Mar: "03",
  Apr: "04",
  May: "05",
  Jun: "06",
  Jul: "07",
  Aug: "08",
  Sep: "09",
  Oct: "10",
  Nov: "11",
  Dec: "12",
};
const WEIBO_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{2})(\d{2}) (\d{4})$/;

/**
 * "Tue May 31 17:46:55 +0800 2011" → "2011-05-31T17:46:55+08:00". Parsed by hand: `new Date()` accepts this
 * layout in V8 but the language does not promise it.
 */
export function parseWeiboDate(text: string): string | null {
  const match = WEIBO_DATE.exec(text.trim());
  if (!match) return null;
  const [, monthName = "", day = "", hh, mm, ss, offsetHours, offsetMinutes, year] = match;
  const month = MONTHS[monthName];
  if (!month) return null;
  const iso = `${year}-${month}-${day.padStart(2, "0")}T${hh}:${mm}:${ss}${offsetHours}:${offsetMinutes}`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** ids are int64: keep them as strings, preferring the platform's own string forms */
export function readWeiboId(entity: {
  idstr?: string | undefined;
  mid?: string | undefined;
  id?: unknown;
}): string | null {
  if (entity.idstr) return entity.idstr;
  if (entity.mid) return entity.mid;
  if (typeof entity.id === "string" && /^\d+$/.test(entity.id)) return entity.id;
  if (typeof entity.id === "number" && Number.isSafeInteger(entity.id)) return String(entity.id);
  return null;
}

/** numeric-string ids compared without BigInt parsing pitfalls: longer is larger, then lexicographic */
export function compareWeiboIds(a: string, b: string): number {
  const x = a.replace(/^0+/, "");
  const y = b.replace(/^0+/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function buildStatusUrl(statusId: string, user: WeiboUser | NestedStatus["user"] | null | undefined): string {
  const uid = user ? readWeiboId(user) : null;
  return uid ? `https://weibo.com/${uid}/${statusId}` : `https://m.weibo.cn/status/${statusId}`;
}

export type MapResult = { item: InboundItem } | { rejected: RejectedPayload };

export function mapStatus(raw: unknown): MapResult {
  const parsed = WeiboStatusSchema.safeParse(raw);
  if (!parsed.success)
    return { rejected: { raw, reason: `微博数据格式不符 / not a Weibo status: ${parsed.error.message}` } };
  const status = parsed.data;
  const externalId = readWeiboId(status);
  const publishedAt = parseWeiboDate(status.created_at);
  if (!externalId) return { rejected: { raw, reason: "微博缺少 id / status without id" } };
  if (!publishedAt)
    return { rejected: { raw, reason: `无法解析发布时间 / unreadable created_at: ${status.created_at}` } };
  const original = status.retweeted_status;
  return {
    item: {
      externalId,
      itemKind: "post",
      threadId: null,
      // a repost answers the original; its user is null when the original was deleted, but its id still holds
      parentId: original ? readWeiboId(original) : null,
      author: mapAuthor(status.user),
      text: cleanText(status.text),
      format: "text",
      url: buildStatusUrl(externalId, status.user),
      publishedAt,
      counters: pickCounters({
        reposts: status.reposts_count,
        comments: status.comments_count,
        likes: status.attitudes_count,
      }),
      raw,
    },
  };
}

export function mapComment(raw: unknown): MapResult {
  const parsed = WeiboCommentSchema.safeParse(raw);
  if (!parsed.success)
    return { rejected: { raw, reason: `评论数据格式不符 / not a Weibo comment: ${parsed.error.message}` } };
  const comment = parsed.data;
  const externalId = readWeiboId(comment);
  const publishedAt = parseWeiboDate(comment.created_at);
  const statusId = comment.status ? readWeiboId(comment.status) : null;
  if (!externalId) return { rejected: { raw, reason: "评论缺少 id / comment without id" } };
  if (!publishedAt)
    return { rejected: { raw, reason: `无法解析发布时间 / unreadable created_at: ${comment.created_at}` } };
  const repliedTo = comment.reply_comment ? readWeiboId(comment.reply_comment) : null;
  return {
    item: {
      externalId,
      itemKind: "comment",
      threadId: statusId,
      parentId: repliedTo ?? statusId,
      author: mapAuthor(comment.user),
      text: cleanText(comment.text),
      format: "text",
      url: statusId ? buildStatusUrl(statusId, comment.status?.user) : null,
      publishedAt,
      counters: pickCounters({ likes: comment.like_count }),
      raw,
    },
  };
}

/** `{statuses: [...]}` / `{comments: [...]}` → the list, or null when the envelope is not what we expect */
export function readEnvelope(
  body: unknown,
  listKey: "statuses" | "comments",
): { list: unknown[]; nextCursor: string | null } | null {
  const parsed = z.looseObject({ [listKey]: z.array(z.unknown()), next_cursor: IdSchema.optional() }).safeParse(body);
  if (!parsed.success) return null;
  const list = parsed.data[listKey];
  const next = parsed.data.next_cursor;
  return { list: Array.isArray(list) ? list : [], nextCursor: next === undefined ? null : String(next) };
}

export type WeiboWrite =
  | { path: "/2/statuses/share.json"; params: { status: string } }
  | { path: "/2/comments/create.json"; params: { id: string; comment: string; comment_ori: number } }
  | {
      path: "/2/comments/reply.json";
      params: { cid: string; id: string; comment: string; without_mention: number; comment_ori: number };
    };

/**
 * The write call for an outbound message. Posts must carry a link to the app's safe domain (else 10017), so the
 * configured link is appended when the text has none.
 */
export function buildWeiboWrite(message: OutboundMessage, safeDomainLink?: string | null): WeiboWrite {
  const text = message.text.trim();
  if (!text) throw new Permanent("内容为空 / empty text", "empty");
  if (message.kind === "post") {
    const status = safeDomainLink && !/https?:\/\//.test(text) ? `${text} ${safeDomainLink}` : text;
    return { path: "/2/statuses/share.json", params: { status } };
  }
  if (message.kind === "reply" || message.kind === "comment") {
    const target = message.replyTo;
    if (!target) throw new Permanent("回复缺少目标微博或评论 / a reply needs the item it answers", "no_target");
    if (target.itemKind === "comment") {
      const statusId = target.threadId ?? statusIdOfComment(target.raw);
      if (!statusId) throw new Permanent("找不到评论所属的微博 / the comment's status id is unknown", "no_thread");
      // without_mention=0: Weibo prefixes "回复@name:" so the asker is notified
      return {
        path: "/2/comments/reply.json",
        params: { cid: target.externalId, id: statusId, comment: text, without_mention: 0, comment_ori: 0 },
      };
    }
    return { path: "/2/comments/create.json", params: { id: target.externalId, comment: text, comment_ori: 0 } };
  }
  throw new Permanent(`微博不支持发送「${message.kind}」类型 / Weibo cannot send a ${message.kind}`, "unsupported");
}

/** Weibo rewrites links to t.cn and prefixes replies with "回复@name:"; compare what is left. */
export function isSameWeiboText(published: string, intended: string): boolean {
  const normalise = (text: string) =>
    cleanText(text)
      .replace(/^回复@[^:：]+[:：]/, "")
      .replace(/https?:\/\/\S+/g, "")
      .replace(/\s+/g, "");
  const a = normalise(published);
  return a.length > 0 && a === normalise(intended);
}

function statusIdOfComment(raw: unknown): string | null {
  const parsed = WeiboCommentSchema.safeParse(raw);
  return parsed.success && parsed.data.status ? readWeiboId(parsed.data.status) : null;
}

function mapAuthor(user: WeiboUser | null | undefined): InboundItem["author"] {
  if (!user) return null;
  return { id: readWeiboId(user), name: user.screen_name ?? user.name ?? null, location: user.location ?? null };
}

function cleanText(text: string): string {
  return text.replace(/\u200B/g, "").trim();
}

function pickCounters(counters: Record<string, number | undefined>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(counters)) if (typeof value === "number") out[key] = value;
  return out;
}
