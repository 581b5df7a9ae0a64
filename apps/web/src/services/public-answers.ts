/**
 * One public unified answer for the portal's answer page, and its neighbours. Addressed by the answer's id, never
 * by the case code: the code is the asker's key to rate the case (see core/src/cases/queries.ts).
 */
import { maskPersonalData } from "@qnzs/core/text/mask";
import type { Db } from "@qnzs/db";
import { answers, type Category, cases, orgs } from "@qnzs/db/schema";
import { and, desc, eq, ne } from "drizzle-orm";

export interface PublicAnswer {
  answerId: number;
  question: string;
  title: string;
  category: Category | null;
  body: string;
  orgName: string | null;
  updatedAt: Date;
}

export async function findPublicAnswer(db: Db, answerId: number): Promise<PublicAnswer | null> {
  if (!Number.isSafeInteger(answerId) || answerId <= 0) return null;
  const [row] = await db
    .select({
      answerId: answers.id,
      title: cases.title,
      description: cases.description,
      category: cases.category,
      body: answers.body,
      orgName: orgs.name,
      updatedAt: answers.updatedAt,
    })
    .from(answers)
    .leftJoin(cases, eq(cases.id, answers.caseId))
    .leftJoin(orgs, eq(orgs.id, answers.orgId))
    .where(and(eq(answers.id, answerId), eq(answers.isPublic, true)));
  if (!row) return null;
  return {
    answerId: row.answerId,
    title: maskPersonalData(row.title ?? "").text,
    question: maskPersonalData(row.description ?? row.title ?? "").text,
    category: row.category,
    body: maskPersonalData(row.body).text,
    orgName: row.orgName,
    updatedAt: row.updatedAt,
  };
}

/** Other public answers of the same category, newest first. */
export async function listSimilarAnswers(
  db: Db,
  answer: PublicAnswer,
  limit = 5,
): Promise<{ answerId: number; title: string }[]> {
  if (!answer.category) return [];
  const rows = await db
    .select({ answerId: answers.id, title: cases.title })
    .from(answers)
    .innerJoin(cases, eq(cases.id, answers.caseId))
    .where(and(eq(answers.isPublic, true), eq(cases.category, answer.category), ne(answers.id, answer.answerId)))
    .orderBy(desc(answers.updatedAt))
    .limit(limit);
  return rows.map((row) => ({ answerId: row.answerId, title: maskPersonalData(row.title).text }));
}
