/**
 * Pulls the account's published articles (freepublish/batchget, offset/count ≤ 20) and the comments under the
 * most recent ones (comment/list, begin/count ≤ 50). Messages from followers are pushed, not pulled.
 */
import { z } from "zod";
import { BadPayload, type InboundItem, Permanent, type PullResult, type RejectedPayload } from "../contract.ts";
import type { WechatClient } from "./client.ts";
import {
  type ArticleThread,
  BatchgetSchema,
  CommentListSchema,
  mapArticleComment,
  mapPublishedItem,
  toApiNumber,
} from "./transform.ts";

export interface WechatPullOptions {
  articlePages: number;
  trackArticles: number;
  commentPages: number;
  commentPageSize: number;
}

const ThreadStateSchema = z.object({
  msgDataId: z.string(),
  index: z.number(),
  url: z.string(),
  updateTime: z.number(),
  /** comment total when the thread was last scanned completely; -1 before */
  total: z.number().default(-1),
  lastCommentId: z.string().nullable().default(null),
});
type ThreadState = z.infer<typeof ThreadStateSchema>;

const WechatCursorSchema = z.object({
  articleKeys: z.array(z.string()).default([]),
  threads: z.array(ThreadStateSchema).default([]),
});

const ARTICLE_PAGE_SIZE = 20;
const REMEMBERED_ARTICLES = 200;
/** the article is gone or closed to comments: stop following it */
const DEAD_THREAD_CODES = new Set([88000, 88001]);

export async function pullWechat(
  client: WechatClient,
  cursor: unknown,
  options: WechatPullOptions,
): Promise<PullResult> {
  const state = WechatCursorSchema.parse(cursor ?? {});
  const seen = new Set(state.articleKeys);
  const items: InboundItem[] = [];
  const rejected: RejectedPayload[] = [];
  const freshKeys: string[] = [];
  const discovered: ArticleThread[] = [];
  let caughtUp = true;

  for (let page = 0; page < options.articlePages; page += 1) {
    const offset = page * ARTICLE_PAGE_SIZE;
    const body = await client.post("/cgi-bin/freepublish/batchget", {
      offset,
      count: ARTICLE_PAGE_SIZE,
      no_content: 0,
    });
    const parsed = BatchgetSchema.safeParse(body);
    if (!parsed.success) throw new BadPayload("已发布文章列表格式不符 / unexpected batchget response", body);
    let unseen = 0;
    for (const raw of parsed.data.item) {
      const mapped = mapPublishedItem(raw);
      discovered.push(...mapped.threads);
      const key = mapped.keys[0];
      if (key && seen.has(key)) continue;
      unseen += 1;
      if (key) freshKeys.push(key);
      items.push(...mapped.items);
      rejected.push(...mapped.rejected);
    }
    const total = parsed.data.total_count ?? 0;
    // newest first: a page with nothing new means everything older was seen before
    if (unseen === 0 || parsed.data.item.length === 0 || offset + ARTICLE_PAGE_SIZE >= total) break;
    if (page === options.articlePages - 1) caughtUp = false;
  }

  const threads = mergeThreads(state.threads, discovered).slice(0, options.trackArticles);
  const nextThreads: ThreadState[] = [];
  for (const thread of threads) {
    try {
      const result = await pullThreadComments(client, thread, options);
      items.push(...result.items);
      rejected.push(...result.rejected);
      caughtUp &&= result.complete;
      nextThreads.push(result.thread);
    } catch (error) {
      if (error instanceof Permanent && typeof error.code === "number" && DEAD_THREAD_CODES.has(error.code)) continue;
      throw error;
    }
  }

  return {
    items,
    rejected,
    cursor: { articleKeys: [...freshKeys, ...state.articleKeys].slice(0, REMEMBERED_ARTICLES), threads: nextThreads },
    caughtUp,
  };
}

function mergeThreads(known: ThreadState[], discovered: ArticleThread[]): ThreadState[] {
  const byKey = new Map<string, ThreadState>();
  for (const thread of known) byKey.set(`${thread.msgDataId}:${thread.index}`, thread);
  for (const thread of discovered) {
    const key = `${thread.msgDataId}:${thread.index}`;
    const previous = byKey.get(key);
    byKey.set(key, {
      msgDataId: thread.msgDataId,
      index: thread.index,
      url: thread.url,
      updateTime: thread.updateTime,
      total: previous?.total ?? -1,
      lastCommentId: previous?.lastCommentId ?? null,
    });
  }
  return [...byKey.values()].sort((a, b) => b.updateTime - a.updateTime);
}

async function pullThreadComments(
  client: WechatClient,
  thread: ThreadState,
  options: WechatPullOptions,
): Promise<{ items: InboundItem[]; rejected: RejectedPayload[]; thread: ThreadState; complete: boolean }> {
  const items: InboundItem[] = [];
  const rejected: RejectedPayload[] = [];
  let total = 0;
  let newest = thread.lastCommentId;
  for (let page = 0; page < options.commentPages; page += 1) {
    const begin = page * options.commentPageSize;
    const body = await client.post("/cgi-bin/comment/list", {
      msg_data_id: toApiNumber(thread.msgDataId),
      index: thread.index,
      begin,
      count: options.commentPageSize,
      type: 0,
    });
    const parsed = CommentListSchema.safeParse(body);
    if (!parsed.success) throw new BadPayload("留言列表格式不符 / unexpected comment/list response", body);
    total = parsed.data.total;
    // nothing changed since the last complete scan: one call per article and no items
    if (page === 0 && total === thread.total) return { items, rejected, thread, complete: true };
    for (const raw of parsed.data.comment) {
      const mapped = mapArticleComment(raw, thread);
      if ("rejected" in mapped) {
        rejected.push(mapped.rejected);
        continue;
      }
      const commentId = mapped.item.externalId.split(":")[2] ?? "";
      if (thread.lastCommentId && compareNumericIds(commentId, thread.lastCommentId) <= 0) continue;
      items.push(mapped.item);
      if (!newest || compareNumericIds(commentId, newest) > 0) newest = commentId;
    }
    if (parsed.data.comment.length === 0 || begin + options.commentPageSize >= total) {
      return { items, rejected, thread: { ...thread, total, lastCommentId: newest }, complete: true };
    }
  }
  // budget exhausted: keep the old marks so the next pull scans this thread again
  return { items, rejected, thread, complete: false };
}

function compareNumericIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
