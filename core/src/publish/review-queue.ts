/**
 * What the console's publish area lists: the texts waiting for review (case answers and cross-posts alike, in
 * the orgs where the actor reviews) and the outbox rows that need a person (failed, parked, waiting for a new
 * authorisation) or are still on their way. A case answer belongs to its case's org, a cross-post to its own.
 */
import type { Db } from "@qnzs/db";
import { answers, cases, orgs, publications, users } from "@qnzs/db/schema";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { type Actor, subtreeFilter } from "../cases/access.ts";
import type { PublicationStatus } from "./outbox.ts";
import { type PublicationView, toPublicationView } from "./publication-access.ts";

export interface ReviewItem {
  answerId: number;
  /** null for a cross-post */
  caseId: number | null;
  caseCode: string | null;
  title: string;
  excerpt: string;
  orgName: string | null;
  authorName: string;
  /** the actor wrote it: they cannot approve it */
  own: boolean;
  submittedAt: Date;
}

export interface OutboxItem extends PublicationView {
  caseId: number | null;
  title: string;
}

/** Rows a person should look at, worst first; `sent` and `cancelled` rows are history, shown on the answer. */
const ATTENTION: readonly PublicationStatus[] = ["parked", "waiting_auth", "failed", "dead", "sending", "pending"];

/** The org that owns an answer: its case's, else its own (a cross-post). */
const owningOrgId = sql`coalesce(${cases.orgId}, ${answers.orgId})`;

export async function listReviewQueue(db: Db, actor: Actor, options: { limit?: number } = {}): Promise<ReviewItem[]> {
  const scope = subtreeFilter(actor, ["admin", "cadre", "reviewer"]);
  if (scope === null) return [];
  const rows = await db
    .select({
      answerId: answers.id,
      caseId: answers.caseId,
      caseCode: cases.code,
      caseTitle: cases.title,
      postTitle: answers.title,
      body: answers.body,
      orgName: orgs.name,
      authorId: answers.authorId,
      authorName: users.displayName,
      submittedAt: answers.updatedAt,
    })
    .from(answers)
    .leftJoin(cases, eq(cases.id, answers.caseId))
    .leftJoin(orgs, eq(orgs.id, owningOrgId))
    .innerJoin(users, eq(users.id, answers.authorId))
    .where(and(eq(answers.status, "in_review"), scope))
    .orderBy(answers.updatedAt)
    .limit(options.limit ?? 100);
  return rows.map((row) => ({
    answerId: row.answerId,
    caseId: row.caseId,
    caseCode: row.caseCode,
    title: row.caseTitle ?? row.postTitle ?? excerptOf(row.body, 30),
    excerpt: excerptOf(row.body, 80),
    orgName: row.orgName,
    authorName: row.authorName,
    own: row.authorId === actor.userId,
    submittedAt: row.submittedAt,
  }));
}

export async function listOutboxAttention(
  db: Db,
  actor: Actor,
  options: { limit?: number } = {},
): Promise<OutboxItem[]> {
  const scope = subtreeFilter(actor, ["admin", "cadre", "editor", "reviewer"]);
  if (scope === null) return [];
  const rows = await db
    .select({ publication: publications, caseId: answers.caseId, caseTitle: cases.title, postTitle: answers.title })
    .from(publications)
    .innerJoin(answers, eq(answers.id, publications.answerId))
    .leftJoin(cases, eq(cases.id, answers.caseId))
    .leftJoin(orgs, eq(orgs.id, owningOrgId))
    .where(and(inArray(publications.status, [...ATTENTION]), scope))
    .orderBy(
      sql`array_position(array['parked','waiting_auth','failed','dead','sending','pending']::text[], ${publications.status})`,
      desc(publications.updatedAt),
    )
    .limit(options.limit ?? 100);
  return rows.map((row) => ({
    ...toPublicationView(row.publication),
    caseId: row.caseId,
    title: row.caseTitle ?? row.postTitle ?? "（无标题）",
  }));
}

function excerptOf(text: string, length: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
