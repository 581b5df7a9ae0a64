/** Which need a question is about: the trained category model, with the features that made its choice win. */
import type { Category } from "@qnzs/db/schema";
import { explain } from "./explain.ts";
import type { FeatureVector } from "./features.ts";
import type { Reason } from "./index.ts";
import { scoreCategory } from "./model.ts";

export interface CategoryDecision {
  category: Category;
  probability: number;
  reasons: Reason[];
}

export function decideCategory(
  features: FeatureVector,
  termsByGroup?: ReadonlyMap<string, readonly string[]>,
): CategoryDecision {
  const { category, probabilities, contributions } = scoreCategory(features);
  const probability = Math.max(...probabilities);
  const reasons = explain("category", contributions, true, termsByGroup);
  reasons.unshift({
    field: "category",
    evidence: `${category} (p=${probability.toFixed(2)})`,
    source: "model",
  });
  return { category, probability, reasons };
}
