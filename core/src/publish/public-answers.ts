/**
 * Public unified answers as the portal, the feeds and the public API show them: answers made public (their portal
 * row sent, or an editor's decision), in the portal rendering fixed at approval — personal data masked. An answer
 * made public without a portal row is rendered the same way on the fly. No case code: it is the asker's key.
 */
import type { Db } from "@qnzs/db";
import { answers, type Category, cases, orgs, publications } from "@qnzs/db/schema";
import { and, desc, eq, inArray, ne, type SQL } from "drizzle-orm";
import { maskPersonalData } from "../text/mask.ts";
import { PublicationPayloadSchema } from "./payload.ts";
import { renderForTarget } from "./render.ts";
import { loadAskerNames } from "./source-threads.ts";
import { PORTAL_CHANNEL } from "./targets.ts";

export interface PublicAnswer {
  answerId: number;
  title: string;
  /** the question as asked (the case's description), masked with the askers' names */
  question: string;
  category: Category | null;
  orgName: string | null;
  /** plain text, masked */
  text: string;
  /** sanitised HTML, masked */
  html: string;
  /** when it went out on the portal (or was last changed, for one made public by hand) */
  publishedAt: Date;
}

export interface PublicAnswerQuery {
  category?: Category;
  limit?: number;
}

const PUBLIC = and(eq(answers.isPublic, true), inArray(answers.status, ["approved", "published"]));

/** Newest first. */
export async function listPublicAnswers(db: Db, query: PublicAnswerQuery = {}): Promise<PublicAnswer[]> {
  const conditions: (SQL | undefined)[] = [PUBLIC];
  if (query.category) conditions.push(eq(cases.category, query.category));
  return readPublicAnswers(db, and(...conditions), Math.min(Math.max(query.limit ?? 50, 1), 200));
}

/** One public answer, or null when there is none with this id (or it is not public). */
export async function findPublicAnswer(db: Db, answerId: number): Promise<PublicAnswer | null> {
  const [found] = await readPublicAnswers(db, and(PUBLIC, eq(answers.id, answerId)), 1);
  return found ?? null;
}

/** Other public answers of the same category, newest first: the answer page's "similar questions". */
export async function listSimilarAnswers(
  db: Db,
  answer: Pick<PublicAnswer, "answerId" | "category">,
  limit = 5,
): Promise<PublicAnswer[]> {
  if (!answer.category) return [];
  return readPublicAnswers(
    db,
    and(PUBLIC, eq(cases.category, answer.category), ne(answers.id, answer.answerId)),
    Math.min(Math.max(limit, 1), 20),
  );
}

async function readPublicAnswers(db: Db, where: SQL | undefined, limit: number): Promise<PublicAnswer[]> {
  const rows = await db
    .select({
      answerId: answers.id,
      caseId: answers.caseId,
      body: answers.body,
      variants: answers.variants,
      updatedAt: answers.updatedAt,
      caseTitle: cases.title,
      description: cases.description,
      category: cases.category,
      orgName: orgs.name,
      payload: publications.payload,
      sentAt: publications.sentAt,
    })
    .from(answers)
    .leftJoin(cases, eq(cases.id, answers.caseId))
    .leftJoin(orgs, eq(orgs.id, answers.orgId))
    .leftJoin(
      publications,
      and(
        eq(publications.answerId, answers.id),
        eq(publications.target, PORTAL_CHANNEL),
        eq(publications.status, "sent"),
      ),
    )
    .where(where)
    .orderBy(desc(answers.updatedAt), desc(answers.id))
    .limit(limit);

  const found: PublicAnswer[] = [];
  for (const row of rows) {
    const names = row.caseId === null ? [] : await loadAskerNames(db, row.caseId);
    const stored = PublicationPayloadSchema.safeParse(row.payload);
    const page = stored.success
      ? stored.data
      : renderForTarget(
          { body: row.body, title: row.caseTitle, variants: row.variants },
          { channel: PORTAL_CHANNEL, kind: "portal", maxLength: 0, portalUrl: null },
          { names },
        );
    found.push({
      answerId: row.answerId,
      title: page.title ?? "青年之声答复",
      question: maskPersonalData(row.description ?? row.caseTitle ?? "", { names }).text,
      category: row.category,
      orgName: row.orgName,
      text: page.text,
      html: page.html ?? "",
      publishedAt: row.sentAt ?? row.updatedAt,
    });
  }
  return found;
}
