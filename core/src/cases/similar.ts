/**
 * Similar questions while a young person types on the portal: public answers to read instead of asking, and open
 * cases to join (同问) instead of filing the same question again. Matched by full text over the jieba tokens of
 * the posts the cases hold (every portal question is a post too), the way the monitor's search reads them.
 * Nothing here names a case code: it is its asker's key.
 */
import type { Db } from "@qnzs/db";
import { queryRows } from "@qnzs/db";
import type { CaseStatus, Category } from "@qnzs/db/schema";
import { sql } from "drizzle-orm";
import { buildTsQuery, segmentQuery } from "../search/query.ts";
import { maskPersonalData } from "../text/mask.ts";
import { OPEN_STATUSES } from "./case-store.ts";

/** Fewer characters than this say too little to compare. */
export const SIMILAR_MIN_LENGTH = 8;
const MAX_TEXT_LENGTH = 300;
const MAX_TERMS = 24;
/** the newest matching posts compared, so a common word costs no more than a few hundred rows */
const MATCH_WINDOW = 300;
const MAX_RESULTS = 5;

/** Words that say nothing about which question it is. */
const STOP_WORDS = new Set([
  "请问",
  "怎么",
  "怎么办",
  "怎样",
  "如何",
  "什么",
  "哪些",
  "哪里",
  "哪个",
  "为什么",
  "可以",
  "能否",
  "是否",
  "需要",
  "我们",
  "你们",
  "他们",
  "自己",
  "一个",
  "这个",
  "那个",
  "现在",
  "问题",
  "有没有",
  "知道",
  "谢谢",
  "您好",
  "你好",
  "还是",
  "但是",
  "因为",
  "所以",
  "如果",
  "已经",
  "没有",
]);

export interface SimilarAnswer {
  answerId: number;
  /** the question's title, personal data masked */
  title: string;
  category: Category | null;
}

export interface SimilarOpenCase {
  /** the id to join by; never the code */
  caseId: number;
  title: string;
  category: Category | null;
  status: CaseStatus;
  /** the asker and everyone who joined or was merged in (N 人同问) */
  askers: number;
}

export interface SimilarQuestions {
  answers: SimilarAnswer[];
  openCases: SimilarOpenCase[];
}

/** The words of a question compared with others: segmented as the index is, stop words and single characters left out. */
export function listSimilarityTerms(text: string): string[] {
  return segmentQuery(text.slice(0, MAX_TEXT_LENGTH))
    .filter((word) => [...word].length >= 2 && !STOP_WORDS.has(word))
    .slice(0, MAX_TERMS);
}

/** How many of the question's words another must share: every one of one or two, two to four of more. */
function requiredOverlap(terms: number): number {
  return terms <= 2 ? terms : Math.min(4, Math.max(2, Math.ceil(terms * 0.4)));
}

interface CandidateRow extends Record<string, unknown> {
  case_id: number | string;
  title: string;
  category: Category | null;
  status: CaseStatus;
  urgent: boolean;
  overlap: number | string;
  askers: number | string;
  names: string[] | null;
  answer_id: number | string | null;
}

/**
 * Up to five public answers and five open cases asking much the same as `text`, best match first. Urgent cases
 * are never offered to join: they are about one person in trouble.
 */
export async function findSimilarQuestions(db: Db, text: string): Promise<SimilarQuestions> {
  const empty: SimilarQuestions = { answers: [], openCases: [] };
  if (text.trim().length < SIMILAR_MIN_LENGTH) return empty;
  const terms = listSimilarityTerms(text);
  if (terms.length === 0) return empty;
  const anyTerm = terms.map((term) => buildTsQuery([term])).join(" | ");
  const termArray = sql`array[${sql.join(
    terms.map((term) => sql`${term}`),
    sql`, `,
  )}]::text[]`;
  const rows = await queryRows<CandidateRow>(
    db,
    sql`
      with matched as (
        select p.id, tsvector_to_array(p.tsv) as tokens from posts p
        where p.tsv @@ ${anyTerm}::tsquery and exists (select 1 from case_posts cp where cp.post_id = p.id)
        order by p.published_at desc, p.id desc
        limit ${sql.raw(String(MATCH_WINDOW))}
      ),
      scored as (
        select cp.case_id, max((select count(*) from unnest(${termArray}) term where term = any(m.tokens))) as overlap
        from matched m join case_posts cp on cp.post_id = m.id
        group by cp.case_id
      )
      select c.id as case_id, c.title, c.category, c.status, c.urgent, s.overlap,
        1 + (select count(*) from cases j where j.merged_into = c.id) as askers,
        array(
          select m.contact->>'name' from cases m
          where (m.id = c.id or m.merged_into = c.id) and m.contact->>'name' is not null
        ) as names,
        (
          select a.id from answers a
          where a.case_id = c.id and a.is_public and a.status in ('approved', 'published')
          order by a.updated_at desc, a.id desc limit 1
        ) as answer_id
      from scored s join cases c on c.id = s.case_id
      where s.overlap >= ${requiredOverlap(terms.length)} and c.status <> 'merged'
      order by s.overlap desc, c.updated_at desc, c.id desc
      limit ${sql.raw(String(MAX_RESULTS * 4))}
    `,
  );
  const result: SimilarQuestions = { answers: [], openCases: [] };
  for (const row of rows) {
    const title = maskPersonalData(row.title, { names: row.names ?? [] }).text;
    if (row.answer_id !== null && result.answers.length < MAX_RESULTS) {
      result.answers.push({ answerId: Number(row.answer_id), title, category: row.category });
    } else if (
      row.answer_id === null &&
      OPEN_STATUSES.includes(row.status) &&
      !row.urgent &&
      result.openCases.length < MAX_RESULTS
    ) {
      result.openCases.push({
        caseId: Number(row.case_id),
        title,
        category: row.category,
        status: row.status,
        askers: Number(row.askers),
      });
    }
  }
  return result;
}
