/**
 * Factories for publishing tests: answers (approved unless told otherwise) and the source posts a case came in
 * from, inserted directly. Cases themselves come from `createCaseRow` (case-factories.ts).
 */

import { randomBytes } from "node:crypto";
import { createUser } from "./case-factories.ts";
import type { Db } from "./client.ts";
import { createChannelAccount } from "./factories.ts";
import { answers, casePosts, type ItemKind, posts } from "./schema.ts";

let sequence = 0;
const next = () => ++sequence;

export type AnswerRow = typeof answers.$inferSelect;
export type PostRow = typeof posts.$inferSelect;
export type ChannelAccountRow = Awaited<ReturnType<typeof createChannelAccount>>;

/** An answer row; its author is created when none is given. */
export async function createAnswerRow(
  db: Db,
  overrides: Partial<typeof answers.$inferInsert> = {},
): Promise<AnswerRow> {
  const authorId = overrides.authorId ?? (await createUser(db)).id;
  const [row] = await db
    .insert(answers)
    .values({
      body: `您好，您反映的问题已收到，团委将于三个工作日内联系您。（测试答复 ${next()}）`,
      status: "approved",
      ...overrides,
      authorId,
    })
    .returning();
  return row!;
}

/** A channel account of the given kind (weibo, wechat, weibang …). */
export function createPublishingAccount(db: Db, kind: string, name?: string): Promise<ChannelAccountRow> {
  return createChannelAccount(db, { kind, name: name ?? `${kind} 测试账号 ${next()}` });
}

/** A stored inbound post on an account: the thread an answer goes back to. */
export async function createSourcePost(
  db: Db,
  account: Pick<ChannelAccountRow, "id" | "kind">,
  overrides: Partial<Omit<typeof posts.$inferInsert, "accountId" | "channel">> & { itemKind?: ItemKind } = {},
): Promise<PostRow> {
  const n = next();
  const [row] = await db
    .insert(posts)
    .values({
      externalId: `ext-${n}-${randomBytes(3).toString("hex")}`,
      itemKind: "post",
      text: `请问共青团的志愿者证明怎么开？（测试帖子 ${n}）`,
      publishedAt: new Date("2025-03-01T02:00:00Z"),
      raw: {},
      tsv: "",
      ...overrides,
      accountId: account.id,
      channel: account.kind,
    })
    .returning();
  return row!;
}

/** Records that a case came in from these posts (as intake and merging do). */
export async function linkCaseToPosts(db: Db, caseId: number, postIds: readonly number[]): Promise<void> {
  if (postIds.length === 0) return;
  await db.insert(casePosts).values(postIds.map((postId) => ({ caseId, postId })));
}
