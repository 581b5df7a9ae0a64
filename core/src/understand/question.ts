/**
 * Does the post ask for help? The trained model decides; a post with a safety risk always does (it must reach a
 * cadre whatever its wording), and the reasons name the features that weighed most.
 */
import { explain } from "./explain.ts";
import type { FeatureVector } from "./features.ts";
import type { Reason } from "./index.ts";
import { scoreQuestion } from "./model.ts";

/** Above this probability a post is a question; chosen on the tuning split (see train.ts). */
export const QUESTION_THRESHOLD = 0.5;

export interface QuestionDecision {
  isQuestion: boolean;
  probability: number;
  reasons: Reason[];
}

export function decideQuestion(
  features: FeatureVector,
  urgent: boolean,
  termsByGroup?: ReadonlyMap<string, readonly string[]>,
): QuestionDecision {
  const { probability, contributions } = scoreQuestion(features);
  const byModel = probability >= QUESTION_THRESHOLD;
  const reasons = explain("is_question", contributions, byModel, termsByGroup);
  if (urgent && !byModel) {
    reasons.unshift({ field: "is_question", evidence: "safety risk: always a case", source: "rules" });
  }
  return { isQuestion: byModel || urgent, probability, reasons };
}
