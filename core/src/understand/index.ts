/**
 * Understanding a youth post: is it a question, which need, is it urgent, where is it from.
 * Pure functions; the data they need ships in this folder.
 * (Interface fixed; the implementation is being built under issue 4.)
 */
import type { Category } from "@qnzs/db/schema";

export interface UnderstandInput {
  text: string;
  channel?: string | null;
  /** profile location as the channel gives it, e.g. Weibo "广东 广州" */
  authorLocation?: string | null;
  /** jieba words of the text when the caller already has them (ingest does) */
  words?: string[];
}

export interface Reason {
  /** which decision this is evidence for */
  field: "is_question" | "category" | "urgent" | "region" | "city";
  /** what matched: a term, a feature, a gazetteer hit */
  evidence: string;
  /** where it came from: lexicon, model, gazetteer, profile … */
  source: string;
  weight?: number;
}

export interface Understanding {
  isQuestion: boolean;
  category: Category | null;
  urgent: boolean;
  region: string | null;
  city: string | null;
  reasons: Reason[];
}

export function understandPost(_input: UnderstandInput): Understanding {
  return { isQuestion: false, category: null, urgent: false, region: null, city: null, reasons: [] };
}
