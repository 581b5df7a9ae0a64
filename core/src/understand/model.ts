/**
 * The two linear models trained at build time (train.ts writes model.json): logistic regression for "is this a
 * request for help" and multinomial logistic regression for its category. Here they are only loaded and applied.
 */
import { CATEGORIES, type Category } from "@qnzs/db/schema";
import type { FeatureVector } from "./features.ts";
import modelJson from "./model.json" with { type: "json" };

export interface LinearModels {
  question: { bias: number; weights: Record<string, number> };
  category: { classes: Category[]; bias: number[]; weights: Record<string, number[]> };
}

/** How much each feature pushed a decision: parallel arrays, so scoring a post allocates no object per feature. */
export interface Contributions {
  features: string[];
  weights: number[];
}

/** The JSON form, as train.ts writes it. */
export const models = modelJson as unknown as LinearModels;

/** The same weights in Maps: a post looks up dozens of features among thousands, Maps keep that cheap. */
interface CompiledModels {
  questionBias: number;
  questionWeights: Map<string, number>;
  classes: Category[];
  categoryBias: number[];
  categoryWeights: Map<string, number[]>;
}

const compiled = new WeakMap<LinearModels, CompiledModels>();

function compile(model: LinearModels): CompiledModels {
  let result = compiled.get(model);
  if (!result) {
    result = {
      questionBias: model.question.bias,
      questionWeights: new Map(Object.entries(model.question.weights)),
      classes: model.category.classes,
      categoryBias: model.category.bias,
      categoryWeights: new Map(Object.entries(model.category.weights)),
    };
    compiled.set(model, result);
  }
  return result;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Probability that the post asks for help, and the features that pushed it most either way. */
export function scoreQuestion(
  features: FeatureVector,
  model: LinearModels = models,
): { probability: number; contributions: Contributions } {
  const { questionBias, questionWeights } = compile(model);
  let z = questionBias;
  const contributions: Contributions = { features: [], weights: [] };
  for (const [feature, value] of features) {
    const weight = questionWeights.get(feature);
    if (weight === undefined) continue;
    z += weight * value;
    contributions.features.push(feature);
    contributions.weights.push(weight * value);
  }
  return { probability: sigmoid(z), contributions };
}

/** Probabilities over the categories, and each feature's push toward the winning one. */
export function scoreCategory(
  features: FeatureVector,
  model: LinearModels = models,
): { category: Category; probabilities: number[]; contributions: Contributions } {
  const { classes, categoryBias, categoryWeights } = compile(model);
  const logits = [...categoryBias];
  const names: string[] = [];
  const rows: number[][] = [];
  const values: number[] = [];
  for (const [feature, value] of features) {
    const row = categoryWeights.get(feature);
    if (!row) continue;
    names.push(feature);
    rows.push(row);
    values.push(value);
    for (let k = 0; k < logits.length; k++) logits[k]! += row[k]! * value;
  }
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probabilities = exps.map((e) => e / sum);
  let best = 0;
  for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
  const contributions: Contributions = { features: names, weights: [] };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    // Push toward the winner relative to the mean of the others: what made this class win.
    let others = 0;
    for (let k = 0; k < row.length; k++) if (k !== best) others += row[k]!;
    contributions.weights.push((row[best]! - others / (row.length - 1)) * values[i]!);
  }
  return { category: classes[best] ?? CATEGORIES[0], probabilities, contributions };
}
