/**
 * Understanding a youth post: is it a question, which need, is it urgent, where is it from.
 * Pure functions; the data they need ships in this folder (gazetteer, lexicons, the trained model.json).
 */
import type { Category } from "@qnzs/db/schema";
import { segmentWords } from "../text/segment.ts";
import { decideCategory } from "./category.ts";
import { extractFeatures, groupTerms } from "./features.ts";
import { foldText, foldWord } from "./fold.ts";
import { findLexiconHits } from "./lexicon.ts";
import { decideQuestion } from "./question.ts";
import { decidePlace } from "./region.ts";
import { decideUrgency } from "./urgency.ts";

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
  /** model probability that the post asks for help (0–1), so a console can sort borderline posts */
  questionScore?: number;
}

export function understandPost(input: UnderstandInput): Understanding {
  const folded = foldText(input.text);
  const words = (input.words ?? segmentWords(input.text)).map(foldWord);
  const lexicon = findLexiconHits(folded);
  const features = extractFeatures({ folded, words, lexicon });

  const termsByGroup = groupTerms(lexicon);
  const urgency = decideUrgency(lexicon);
  const question = decideQuestion(features, urgency.urgent, termsByGroup);
  const category = question.isQuestion ? decideCategory(features, termsByGroup) : null;
  const place = decidePlace(folded, input.authorLocation);

  return {
    isQuestion: question.isQuestion,
    category: category?.category ?? null,
    urgent: urgency.urgent,
    region: place.region,
    city: place.city,
    reasons: [...question.reasons, ...(category?.reasons ?? []), ...urgency.reasons, ...place.reasons],
    questionScore: Math.round(question.probability * 1000) / 1000,
  };
}
