/**
 * Reading where an answer goes back to: the posts a case came in from (and the posts of cases merged into it),
 * and, for the worker, the stored post a reply answers, as the adapter contract wants it.
 */
import type { OutboundTarget } from "@qnzs/adapters/contract";
import type { Db, Tx } from "@qnzs/db";
import { casePosts, cases, posts } from "@qnzs/db/schema";
import { and, asc, eq, inArray, ne, or } from "drizzle-orm";
import { listCaseSources } from "../cases/queries.ts";
import { PORTAL_CHANNEL, type SourceThread } from "./targets.ts";

/**
 * The source posts of a case and of every case merged into it, oldest first. Questions asked on the portal are
 * posts too, but are answered by the portal page and the asker's case page, not by a reply.
 */
export async function loadSourceThreads(db: Tx, caseId: number): Promise<SourceThread[]> {
  const merged = db.select({ id: cases.id }).from(cases).where(eq(cases.mergedInto, caseId));
  const rows = await db
    .selectDistinct({
      postId: posts.id,
      accountId: posts.accountId,
      channel: posts.channel,
      itemKind: posts.itemKind,
      publishedAt: posts.publishedAt,
    })
    .from(casePosts)
    .innerJoin(posts, eq(posts.id, casePosts.postId))
    .where(and(or(eq(casePosts.caseId, caseId), inArray(casePosts.caseId, merged)), ne(posts.channel, PORTAL_CHANNEL)))
    .orderBy(asc(posts.publishedAt), asc(posts.id));
  return rows;
}

/** The stored post a reply answers, as the adapter needs it to thread the reply; null when it is gone. */
export async function loadReplyTarget(db: Tx, postId: number): Promise<OutboundTarget | null> {
  const [post] = await db.select().from(posts).where(eq(posts.id, postId));
  if (!post) return null;
  return {
    externalId: post.externalId,
    itemKind: post.itemKind,
    threadId: post.threadId,
    parentId: post.parentId,
    authorId: post.authorId,
    publishedAt: post.publishedAt,
    raw: post.raw,
  };
}

/** The names askers gave with their contact details (portal, hotline): masked wherever an answer repeats them. */
export async function loadAskerNames(db: Tx, caseId: number): Promise<string[]> {
  const { contacts } = await listCaseSources(db as Db, caseId);
  return contacts.map((entry) => entry.contact.name).filter((name): name is string => typeof name === "string");
}
