/**
 * One post as a media officer opens it: the post, its thread, its near-duplicates, the cases it feeds, and a
 * person's correction of what the understanding decided. Reads and writes are limited to a scope of channel
 * accounts (null: every account); a post outside it is "not found", so its existence is not revealed.
 */
import type { Db } from "@qnzs/db";
import { auditLog, CATEGORIES, type Category, casePosts, cases, channelAccounts, posts, users } from "@qnzs/db/schema";
import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { NotFound, parseInput } from "../cases/errors.ts";
import { REGION_NAMES } from "../understand/gazetteer.ts";
import type { Reason } from "../understand/index.ts";
import { unpackReasons } from "../understand/stored-reasons.ts";

/** The channel accounts a reader may watch; null for all of them. */
export type AccountScope = number[] | null;

export interface PostSummary {
  id: number;
  externalId: string;
  itemKind: string;
  channel: string;
  authorName: string | null;
  title: string | null;
  text: string;
  url: string | null;
  publishedAt: Date;
  dupOf: number | null;
}

export interface PostUnderstanding {
  isQuestion: boolean | null;
  category: Category | null;
  urgent: boolean | null;
  region: string | null;
  city: string | null;
  reasons: Reason[];
}

export interface PostDetail {
  post: PostSummary & {
    accountId: number;
    threadId: string | null;
    parentId: string | null;
    authorId: string | null;
    authorLocation: string | null;
    fetchedAt: Date;
    counters: Record<string, number>;
    raw: unknown;
  };
  account: { id: number; kind: string; name: string };
  understanding: PostUnderstanding;
  correction: { by: string | null; at: Date } | null;
  /** the whole thread the post belongs to, oldest first, the post itself included */
  thread: PostSummary[];
  /** the post this one replies to, when we hold it */
  parent: PostSummary | null;
  /** the earlier post this one repeats, when the reader may see it */
  duplicateOf: PostSummary | null;
  /** later posts that repeat this one (newest first, at most 20) and how many there are in all */
  duplicates: { count: number; posts: PostSummary[] };
  cases: { id: number; code: string; title: string }[];
}

const THREAD_LIMIT = 200;
const DUPLICATES_SHOWN = 20;

const summaryColumns = {
  id: posts.id,
  externalId: posts.externalId,
  itemKind: posts.itemKind,
  channel: posts.channel,
  authorName: posts.authorName,
  title: posts.title,
  text: posts.text,
  url: posts.url,
  publishedAt: posts.publishedAt,
  dupOf: posts.dupOf,
};

function inScope(scope: AccountScope): SQL | undefined {
  if (scope === null) return undefined;
  return scope.length > 0 ? inArray(posts.accountId, scope) : sql`false`;
}

export async function getPostDetail(db: Db, postId: number, scope: AccountScope): Promise<PostDetail | null> {
  const [row] = await db
    .select({
      post: posts,
      account: { id: channelAccounts.id, kind: channelAccounts.kind, name: channelAccounts.name },
      correctedByName: users.displayName,
    })
    .from(posts)
    .innerJoin(channelAccounts, eq(channelAccounts.id, posts.accountId))
    .leftJoin(users, eq(users.id, posts.correctedBy))
    .where(and(eq(posts.id, postId), inScope(scope)));
  if (!row) return null;
  const post = row.post;
  const threadRoot = post.threadId ?? post.externalId;
  const [thread, duplicateOf, duplicates, linkedCases] = await Promise.all([
    db
      .select(summaryColumns)
      .from(posts)
      .where(
        and(
          eq(posts.accountId, post.accountId),
          or(eq(posts.threadId, threadRoot), eq(posts.externalId, threadRoot), eq(posts.id, post.id)),
        ),
      )
      .orderBy(asc(posts.publishedAt), asc(posts.id))
      .limit(THREAD_LIMIT),
    post.dupOf === null
      ? Promise.resolve([])
      : db
          .select(summaryColumns)
          .from(posts)
          .where(and(eq(posts.id, post.dupOf), inScope(scope))),
    listFoldedRepeats(db, [post.id], scope, DUPLICATES_SHOWN),
    db
      .select({ id: cases.id, code: cases.code, title: cases.title })
      .from(casePosts)
      .innerJoin(cases, eq(cases.id, casePosts.caseId))
      .where(eq(casePosts.postId, post.id))
      .orderBy(asc(cases.id)),
  ]);
  const parent =
    post.parentId === null
      ? null
      : (thread.find((entry) => entry.externalId === post.parentId) ??
        (
          await db
            .select(summaryColumns)
            .from(posts)
            .where(and(eq(posts.accountId, post.accountId), eq(posts.externalId, post.parentId)))
        )[0] ??
        null);
  return {
    post: {
      id: post.id,
      externalId: post.externalId,
      itemKind: post.itemKind,
      channel: post.channel,
      authorName: post.authorName,
      title: post.title,
      text: post.text,
      url: post.url,
      publishedAt: post.publishedAt,
      dupOf: post.dupOf,
      accountId: post.accountId,
      threadId: post.threadId,
      parentId: post.parentId,
      authorId: post.authorId,
      authorLocation: post.authorLocation,
      fetchedAt: post.fetchedAt,
      counters: post.counters,
      raw: post.raw,
    },
    account: row.account,
    understanding: {
      isQuestion: post.isQuestion,
      category: post.category,
      urgent: post.urgent,
      region: post.region,
      city: post.city,
      reasons: unpackReasons(post.reasons),
    },
    correction: post.correctedAt ? { by: row.correctedByName, at: post.correctedAt } : null,
    thread,
    parent,
    duplicateOf: duplicateOf[0] ?? null,
    duplicates: duplicates.get(post.id) ?? { count: 0, posts: [] },
    cases: linkedCases,
  };
}

/**
 * The near-duplicates folded under each of `originalIds`: how many, and the newest few. Only repeats inside the
 * scope are counted, so a reader is never told about posts they may not see.
 */
export async function listFoldedRepeats(
  db: Db,
  originalIds: readonly number[],
  scope: AccountScope,
  perOriginal = 5,
): Promise<Map<number, { count: number; posts: PostSummary[] }>> {
  const groups = new Map<number, { count: number; posts: PostSummary[] }>();
  if (originalIds.length === 0 || scope?.length === 0) return groups;
  const ranked = db
    .select({
      ...summaryColumns,
      rank: sql<number>`row_number() over (partition by ${posts.dupOf} order by ${posts.publishedAt} desc, ${posts.id} desc)`.as(
        "rank",
      ),
      groupSize: sql<number>`count(*) over (partition by ${posts.dupOf})`.as("group_size"),
    })
    .from(posts)
    .where(and(inArray(posts.dupOf, [...originalIds]), inScope(scope)))
    .as("ranked");
  const rows = await db
    .select()
    .from(ranked)
    .where(sql`${ranked.rank} <= ${perOriginal}`)
    .orderBy(desc(ranked.publishedAt), desc(ranked.id));
  for (const row of rows) {
    const { rank: _rank, groupSize, ...summary } = row;
    const original = summary.dupOf!;
    const group = groups.get(original) ?? { count: Number(groupSize), posts: [] };
    group.posts.push({ ...summary, publishedAt: new Date(summary.publishedAt) });
    groups.set(original, group);
  }
  return groups;
}

export const PostCorrectionSchema = z.object({
  isQuestion: z.boolean(),
  category: z.enum(CATEGORIES).nullable(),
  urgent: z.boolean(),
  /** a province-level name as the understanding writes it ("四川省"); empty or null: unknown */
  region: z
    .string()
    .trim()
    .nullable()
    .transform((value) => value || null)
    .refine(
      (value) => value === null || REGION_NAMES.includes(value),
      "不是省级地区名称 / not a province-level region",
    ),
});
export type PostCorrection = z.input<typeof PostCorrectionSchema>;

/**
 * A person corrects what the understanding decided. The post keeps the corrected values (a re-ingest of the same
 * item refreshes only counters and the raw payload, never these), the model's reasons stay as evidence of what it
 * thought, and the audit log keeps the values before and after, which is what retraining reads.
 */
export async function correctPostUnderstanding(
  db: Db,
  input: { actorId: number; postId: number; scope: AccountScope; correction: PostCorrection; now?: Date },
): Promise<PostUnderstanding> {
  const correction = parseInput(PostCorrectionSchema, input.correction);
  const now = input.now ?? new Date();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({
        isQuestion: posts.isQuestion,
        category: posts.category,
        urgent: posts.urgent,
        region: posts.region,
        city: posts.city,
        reasons: posts.reasons,
      })
      .from(posts)
      .where(and(eq(posts.id, input.postId), inScope(input.scope)))
      .for("update");
    if (!before) throw new NotFound(`帖子 #${input.postId} `);
    // a city belongs to its region: a corrected region leaves the city unknown
    const city = correction.region === before.region ? before.city : null;
    const [after] = await tx
      .update(posts)
      .set({ ...correction, city, correctedBy: input.actorId, correctedAt: now, updatedAt: now })
      .where(eq(posts.id, input.postId))
      .returning({
        isQuestion: posts.isQuestion,
        category: posts.category,
        urgent: posts.urgent,
        region: posts.region,
        city: posts.city,
        reasons: posts.reasons,
      });
    const { reasons: _before, ...previous } = before;
    const { reasons, ...current } = after!;
    await tx.insert(auditLog).values({
      actorId: input.actorId,
      action: "post_understanding_corrected",
      subjectType: "post",
      subjectId: String(input.postId),
      data: { before: previous, after: current },
      createdAt: now,
    });
    return { ...current, reasons: unpackReasons(reasons) };
  });
}
