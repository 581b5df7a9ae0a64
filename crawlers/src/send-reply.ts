/**
 * Sending one answer back to the post it answers, through the post's own account. The outbox worker (core/publish)
 * will call this for each due row; it is the one place that turns a stored post into the adapter's reply target.
 */
import type { AdapterContext, OutboundMessage, OutboundTarget, PublishResult } from "@qnzs/adapters";
import { readChannelAccount } from "@qnzs/core/channels/accounts";
import { posts } from "@qnzs/db/schema";
import { eq } from "drizzle-orm";
import { CrawlError, messageOf } from "./error-kind.ts";
import type { CrawlerRuntime } from "./runtime.ts";

export interface ReplyInput {
  postId: number;
  text: string;
  /** stable across retries of the same send */
  idempotencyKey: string;
}

export async function sendReplyToPost(runtime: CrawlerRuntime, input: ReplyInput): Promise<PublishResult> {
  const { db, secrets } = runtime.database;
  const [post] = await db.select().from(posts).where(eq(posts.id, input.postId));
  if (!post) throw new CrawlError("config", `帖子 ${input.postId} 不存在 / no post ${input.postId}`);
  const loaded = await readChannelAccount(db, secrets, post.accountId);
  if (!loaded) throw new CrawlError("config", `帖子所属账号不存在 / the post's account is gone`);
  const adapter = runtime.adapterFor(loaded.account.kind);
  if (!adapter.publish || !adapter.capabilities.reply) {
    throw new CrawlError("config", `「${adapter.meta.name}」不支持回复 / ${adapter.kind} cannot reply`);
  }
  const parsed = adapter.config.safeParse(loaded.config);
  if (!parsed.success)
    throw new CrawlError("config", `账号配置无效 / invalid account config: ${messageOf(parsed.error)}`);
  const target: OutboundTarget = {
    externalId: post.externalId,
    itemKind: post.itemKind,
    threadId: post.threadId,
    parentId: post.parentId,
    authorId: post.authorId,
    publishedAt: post.publishedAt,
    raw: post.raw,
  };
  const message: OutboundMessage = {
    // a comment is answered under its thread; anything else gets a reply to its author or item
    kind: post.itemKind === "comment" ? "comment" : "reply",
    text: input.text,
    replyTo: target,
    idempotencyKey: input.idempotencyKey,
  };
  const ctx: AdapterContext = {
    fetch: runtime.fetch,
    cache: runtime.cacheFor(post.accountId),
    now: runtime.now,
  };
  return adapter.publish(parsed.data, message, ctx);
}
