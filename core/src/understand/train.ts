/**
 * Build-time training of the question and category models; writes model.json next to this file, which is
 * committed and is all the runtime loads.
 *
 *   npx tsx core/src/understand/train.ts [--cv] [extra.jsonl …]
 *
 * Trains on the tuning part of the corpus (never the held-out part, see corpus.ts), the examples written for
 * this repository (data/extra-posts.jsonl), and any further labelled files given, e.g. corrections exported
 * from the console in the corpus's line format. `--cv` prints 5-fold cross-validation on the training data
 * instead of writing the model, for choosing the settings below.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CATEGORIES, type Category } from "@qnzs/db/schema";
import { segmentWords } from "../text/segment.ts";
import { CORPUS_FIXTURE, EXTRA_EXAMPLES, type LabeledPost, readLabeledPosts, splitCorpus } from "./corpus.ts";
import { extractFeatures, type FeatureVector } from "./features.ts";
import { foldText, foldWord } from "./fold.ts";
import { findLexiconHits } from "./lexicon.ts";
import { type LinearModels, scoreCategory, scoreQuestion } from "./model.ts";

/** Settings chosen by --cv on the training data. */
const SETTINGS = { epochs: 60, learningRate: 0.2, l2: 0.01, minWordPosts: 2 };

export function featurize(post: Pick<LabeledPost, "text">): FeatureVector {
  const folded = foldText(post.text);
  const words = segmentWords(post.text).map(foldWord);
  return extractFeatures({ folded, words, lexicon: findLexiconHits(folded) });
}

interface Example {
  features: FeatureVector;
  post: LabeledPost;
}

/** Deterministic shuffle (mulberry32), so a retrain on the same data gives the same model. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Word features seen in fewer posts than this are dropped: one post's wording is not evidence. */
function selectFeatures(examples: readonly Example[]): Set<string> {
  const postsWith = new Map<string, number>();
  for (const { features } of examples)
    for (const name of features.keys()) postsWith.set(name, (postsWith.get(name) ?? 0) + 1);
  const kept = new Set<string>();
  for (const [name, count] of postsWith) if (!name.startsWith("w:") || count >= SETTINGS.minWordPosts) kept.add(name);
  return kept;
}

function trainQuestion(examples: readonly Example[], kept: Set<string>): LinearModels["question"] {
  const weights = new Map<string, number>();
  let bias = 0;
  for (let epoch = 0; epoch < SETTINGS.epochs; epoch++) {
    const rate = SETTINGS.learningRate / (1 + epoch * 0.1);
    for (const { features, post } of shuffled(examples, epoch + 1)) {
      let z = bias;
      for (const [name, value] of features) if (kept.has(name)) z += (weights.get(name) ?? 0) * value;
      const error = 1 / (1 + Math.exp(-z)) - (post.is_question ? 1 : 0);
      bias -= rate * error;
      for (const [name, value] of features) {
        if (!kept.has(name)) continue;
        const w = weights.get(name) ?? 0;
        weights.set(name, w - rate * (error * value + SETTINGS.l2 * w));
      }
    }
  }
  return { bias: round(bias), weights: roundWeights(weights) };
}

function trainCategory(examples: readonly Example[], kept: Set<string>): LinearModels["category"] {
  const classes = [...CATEGORIES] as Category[];
  const questions = examples.filter((example) => example.post.is_question && example.post.category);
  const weights = new Map<string, number[]>();
  const bias = classes.map(() => 0);
  for (let epoch = 0; epoch < SETTINGS.epochs; epoch++) {
    const rate = SETTINGS.learningRate / (1 + epoch * 0.1);
    for (const { features, post } of shuffled(questions, epoch + 101)) {
      const logits = [...bias];
      for (const [name, value] of features) {
        const row = kept.has(name) ? weights.get(name) : undefined;
        if (row) for (let k = 0; k < classes.length; k++) logits[k]! += row[k]! * value;
      }
      const max = Math.max(...logits);
      const exps = logits.map((logit) => Math.exp(logit - max));
      const sum = exps.reduce((a, b) => a + b, 0);
      const target = classes.indexOf(post.category!);
      const errors = exps.map((e, k) => e / sum - (k === target ? 1 : 0));
      for (let k = 0; k < classes.length; k++) bias[k]! -= rate * errors[k]!;
      for (const [name, value] of features) {
        if (!kept.has(name)) continue;
        const row = weights.get(name) ?? classes.map(() => 0);
        for (let k = 0; k < classes.length; k++) row[k] = row[k]! - rate * (errors[k]! * value + SETTINGS.l2 * row[k]!);
        weights.set(name, row);
      }
    }
  }
  const rounded: Record<string, number[]> = {};
  for (const [name, row] of weights) if (row.some((w) => Math.abs(w) >= 0.001)) rounded[name] = row.map(round);
  return { classes, bias: bias.map(round), weights: rounded };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

function roundWeights(weights: Map<string, number>): Record<string, number> {
  const rounded: Record<string, number> = {};
  for (const [name, w] of [...weights].sort(([a], [b]) => a.localeCompare(b)))
    if (Math.abs(w) >= 0.001) rounded[name] = round(w);
  return rounded;
}

export function trainModels(posts: readonly LabeledPost[]): LinearModels {
  const examples = posts.map((post) => ({ post, features: featurize(post) }));
  const kept = selectFeatures(examples);
  return { question: trainQuestion(examples, kept), category: trainCategory(examples, kept) };
}

function crossValidate(posts: readonly LabeledPost[]): void {
  const folds = 5;
  const order = shuffled(posts, 7);
  let questionRight = 0;
  let categoryRight = 0;
  let categoryTotal = 0;
  for (let fold = 0; fold < folds; fold++) {
    const test = order.filter((_, i) => i % folds === fold);
    const model = trainModels(order.filter((_, i) => i % folds !== fold));
    for (const post of test) {
      const features = featurize(post);
      if (scoreQuestion(features, model).probability >= 0.5 === post.is_question) questionRight++;
      if (post.is_question && post.category) {
        categoryTotal++;
        if (scoreCategory(features, model).category === post.category) categoryRight++;
      }
    }
  }
  console.log(
    `5-fold on ${posts.length} training posts: question accuracy ${(questionRight / posts.length).toFixed(3)}, ` +
      `category accuracy ${(categoryRight / categoryTotal).toFixed(3)} (${JSON.stringify(SETTINGS)})`,
  );
}

function main(args: string[]): void {
  const { tuning } = splitCorpus(readLabeledPosts(CORPUS_FIXTURE));
  const extra = [EXTRA_EXAMPLES, ...args.filter((arg) => !arg.startsWith("--"))].flatMap((file) =>
    readLabeledPosts(file),
  );
  const training = [...tuning, ...extra];
  if (args.includes("--cv")) {
    crossValidate(training);
    return;
  }
  const model = trainModels(training);
  const target = fileURLToPath(new URL("./model.json", import.meta.url));
  writeFileSync(target, `${JSON.stringify(model)}\n`);
  // Formatted as the repository's formatter would, so a retrain leaves `biome check` clean.
  try {
    execFileSync("npx", ["biome", "format", "--write", target], { stdio: "ignore" });
  } catch {
    console.warn("biome not available: model.json left unformatted");
  }
  console.log(
    `trained on ${training.length} posts (${tuning.length} corpus tuning, ${extra.length} written/extra): ` +
      `${Object.keys(model.question.weights).length} question and ${Object.keys(model.category.weights).length} category features → ${target}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
