/** Scoring the understanding step against labelled posts: the figures the issue asks for. */

import type { LabeledPost } from "@qnzs/core/understand/corpus";
import type { Understanding } from "@qnzs/core/understand/index";
import { CATEGORIES } from "@qnzs/db/schema";

export interface Scored {
  post: LabeledPost;
  result: Understanding;
}

export interface BinaryScore {
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export function scoreBinary(
  items: readonly Scored[],
  gold: (s: Scored) => boolean,
  predicted: (s: Scored) => boolean,
): BinaryScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const g = gold(item);
    const p = predicted(item);
    if (g && p) tp++;
    else if (p) fp++;
    else if (g) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, truePositives: tp, falsePositives: fp, falseNegatives: fn };
}

export const CATEGORY_COLUMNS = [...CATEGORIES, "none"] as const;

export interface CategoryScore {
  macroF1: number;
  perClass: Record<string, number>;
  /** rows: gold category, columns: predicted (none = not taken for a question) */
  confusion: Record<string, Record<string, number>>;
  accuracy: number;
  total: number;
}

/** Over posts labelled as questions; a question the system did not take as one counts as predicted `none`. */
export function scoreCategories(items: readonly Scored[]): CategoryScore {
  const questions = items.filter((item) => item.post.is_question && item.post.category);
  const confusion: Record<string, Record<string, number>> = {};
  for (const gold of CATEGORIES) confusion[gold] = Object.fromEntries(CATEGORY_COLUMNS.map((c) => [c, 0]));
  let right = 0;
  for (const { post, result } of questions) {
    const predicted = result.category ?? "none";
    confusion[post.category!]![predicted]!++;
    if (predicted === post.category) right++;
  }
  const perClass: Record<string, number> = {};
  for (const category of CATEGORIES) {
    const tp = confusion[category]![category]!;
    const goldCount = Object.values(confusion[category]!).reduce((a, b) => a + b, 0);
    const predictedCount = CATEGORIES.reduce((sum, gold) => sum + confusion[gold]![category]!, 0);
    const precision = predictedCount ? tp / predictedCount : 0;
    const recall = goldCount ? tp / goldCount : 0;
    perClass[category] = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  }
  const macroF1 = CATEGORIES.reduce((sum, c) => sum + perClass[c]!, 0) / CATEGORIES.length;
  return {
    macroF1,
    perClass,
    confusion,
    accuracy: questions.length ? right / questions.length : 0,
    total: questions.length,
  };
}

export interface PlaceScore {
  regionAccuracy: number;
  regionLabeled: number;
  cityAccuracy: number;
  cityLabeled: number;
  /** posts labelled with no place that got one */
  spuriousRegions: number;
  unlabeled: number;
}

export function scorePlaces(items: readonly Scored[]): PlaceScore {
  const withRegion = items.filter((item) => item.post.region);
  const withCity = items.filter((item) => item.post.city);
  const withoutRegion = items.filter((item) => !item.post.region);
  return {
    regionAccuracy: share(withRegion, (item) => item.result.region === item.post.region),
    regionLabeled: withRegion.length,
    cityAccuracy: share(withCity, (item) => item.result.city === item.post.city),
    cityLabeled: withCity.length,
    spuriousRegions: withoutRegion.filter((item) => item.result.region !== null).length,
    unlabeled: withoutRegion.length,
  };
}

function share<T>(items: readonly T[], ok: (item: T) => boolean): number {
  return items.length ? items.filter(ok).length / items.length : 0;
}
