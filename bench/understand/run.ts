/**
 * The understanding benchmark: accuracy on the corpus posts held out from tuning (and, separately, on the whole
 * corpus), near-duplicate pairs, and throughput.
 *
 *   npm run bench:understand [-- --write]     (--write records the report in bench/RESULTS.md)
 */
import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { computeDedupSignature, isNearDuplicate } from "@qnzs/core/dedup/index";
import { segmentWords } from "@qnzs/core/text/segment";
import {
  CHECK_EXAMPLES,
  CORPUS_FIXTURE,
  type LabeledPost,
  readLabeledPosts,
  splitCorpus,
} from "@qnzs/core/understand/corpus";
import { understandPost } from "@qnzs/core/understand/index";
import { CATEGORY_COLUMNS, type Scored, scoreBinary, scoreCategories, scorePlaces } from "./metrics.ts";

const SHARED_CORPUS = new URL("../../../shared/corpus/questions.dev.jsonl", import.meta.url);
const RESULTS = fileURLToPath(new URL("../RESULTS.md", import.meta.url));

const pct = (value: number) => value.toFixed(3);

function understandAll(posts: readonly LabeledPost[]): Scored[] {
  return posts.map((post) => ({
    post,
    result: understandPost({
      text: post.text,
      channel: post.channel,
      authorLocation: post.author_location,
      words: segmentWords(post.text),
    }),
  }));
}

function reportAccuracy(title: string, items: readonly Scored[]): string[] {
  const question = scoreBinary(
    items,
    (s) => s.post.is_question,
    (s) => s.result.isQuestion,
  );
  const urgent = scoreBinary(
    items,
    (s) => s.post.urgent,
    (s) => s.result.urgent,
  );
  const categories = scoreCategories(items);
  const places = scorePlaces(items);
  const lines = [
    `### ${title} (${items.length} posts)`,
    "",
    "| measure | value | target |",
    "| --- | --- | --- |",
    `| question precision / recall / F1 | ${pct(question.precision)} / ${pct(question.recall)} / **${pct(question.f1)}** (FP ${question.falsePositives}, FN ${question.falseNegatives}) | F1 ≥ 0.90 |`,
    `| category macro-F1 (${categories.total} labelled questions) | **${pct(categories.macroF1)}** (accuracy ${pct(categories.accuracy)}) | ≥ 0.85 |`,
    `| urgent recall / precision | **${pct(urgent.recall)}** / **${pct(urgent.precision)}** (TP ${urgent.truePositives}, FP ${urgent.falsePositives}, FN ${urgent.falseNegatives}) | 1.0 / ≥ 0.6 |`,
    `| region accuracy (${places.regionLabeled} labelled) | **${pct(places.regionAccuracy)}** | ≥ 0.90 |`,
    `| city accuracy (${places.cityLabeled} labelled) | ${pct(places.cityAccuracy)} | |`,
    `| region given where the label has none | ${places.spuriousRegions} of ${places.unlabeled} | |`,
    "",
    "Category confusion (rows gold, columns predicted; none = not taken for a question):",
    "",
    `| gold \\ predicted | ${CATEGORY_COLUMNS.join(" | ")} | F1 |`,
    `| --- | ${CATEGORY_COLUMNS.map(() => "---").join(" | ")} | --- |`,
    ...Object.entries(categories.confusion).map(
      ([gold, row]) =>
        `| ${gold} | ${CATEGORY_COLUMNS.map((c) => row[c]).join(" | ")} | ${pct(categories.perClass[gold] ?? 0)} |`,
    ),
    "",
  ];
  return lines;
}

/** Every pair the dedup step links, against the labelled `dup_of` pairs. */
function reportDuplicates(title: string, posts: readonly LabeledPost[]): string[] {
  const signatures = posts.map((post) => computeDedupSignature(post.text, segmentWords(post.text)));
  const gold = new Set(posts.filter((p) => p.dup_of).map((p) => [p.id, p.dup_of!].sort().join("|")));
  let found = 0;
  let falseLinks = 0;
  for (let i = 0; i < posts.length; i++) {
    for (let j = i + 1; j < posts.length; j++) {
      const a = signatures[i];
      const b = signatures[j];
      if (!a || !b || !isNearDuplicate(a, b)) continue;
      if (gold.has([posts[i]!.id, posts[j]!.id].sort().join("|"))) found++;
      else falseLinks++;
    }
  }
  return [
    `- ${title}: ${found} of ${gold.size} labelled pairs found (recall ${pct(gold.size ? found / gold.size : 1)}), ${falseLinks} false links among ${(posts.length * (posts.length - 1)) / 2} pairs`,
  ];
}

/**
 * Posts per second after a warm-up (the ingest process is long-lived), median of five one-second rounds, both by
 * the wall clock and per CPU-second of this process (the latter is steadier when other work shares the machine).
 */
function measureThroughput(posts: readonly LabeledPost[]): string[] {
  const inputs = posts.map((post) => ({ text: post.text, channel: post.channel, words: segmentWords(post.text) }));
  const run = (withWords: boolean) => {
    const once = () => {
      for (const input of inputs) understandPost(withWords ? input : { text: input.text, channel: input.channel });
    };
    const warmUpEnd = performance.now() + 2000;
    while (performance.now() < warmUpEnd) once();
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < 5; round++) {
      const start = performance.now();
      const startCpu = process.cpuUsage();
      let count = 0;
      while (performance.now() - start < 1000) {
        once();
        count += inputs.length;
      }
      const used = process.cpuUsage(startCpu);
      wall.push((count / (performance.now() - start)) * 1000);
      cpu.push((count / ((used.user + used.system) / 1000)) * 1000);
    }
    const median = (values: number[]) => Math.round([...values].sort((a, b) => a - b)[2]!).toLocaleString("en");
    return `${median(wall)} posts/s by the clock, ${median(cpu)} per CPU-second`;
  };
  const chars = posts.reduce((sum, post) => sum + post.text.length, 0) / posts.length;
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  return [
    `- understandPost with jieba words given (as ingest calls it): **${run(true)}** (target ≥ 20,000)`,
    `- understandPost segmenting the text itself: ${run(false)}`,
    `- one thread; corpus posts, ${chars.toFixed(0)} characters on average; load average at the end ${load}`,
  ];
}

function describeMachine(): string {
  const cpuModel =
    readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.+)/)?.[1] ?? cpus()[0]?.model ?? "unknown";
  const nproc = execSync("nproc").toString().trim();
  return `Machine: ${nproc} CPUs (${cpuModel}), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}. Command: \`npm run bench:understand\`.`;
}

function main(): void {
  const posts = readLabeledPosts(CORPUS_FIXTURE);
  if (existsSync(SHARED_CORPUS) && readFileSync(SHARED_CORPUS, "utf8") !== readFileSync(CORPUS_FIXTURE, "utf8")) {
    console.warn(
      "warning: core/src/understand/fixtures/questions.dev.jsonl differs from ../shared/corpus; copy it again",
    );
  }
  const { tuning, heldOut } = splitCorpus(posts);
  const heldOutItems = understandAll(heldOut);
  const allItems = understandAll(posts);
  const lines = [
    "## understand",
    "",
    describeMachine(),
    "",
    `The corpus (${posts.length} posts) is split by a hash of the id, stratified by class, a repost travelling with its original:`,
    `${tuning.length} posts for tuning and training, **${heldOut.length} held out** (never trained or tuned on). The model is`,
    "trained on the tuning part plus the examples written for this repository (core/src/understand/data/extra-posts.jsonl).",
    "Caveat: the model, its settings (5-fold cross-validation on the training data) and the urgency lexicon were tuned",
    "without the held-out posts, but the whole corpus was read once before the split to learn the labelling conventions,",
    "and the region rules (gazetteer, 在/想去/老家 contexts) were written from that reading, so the region figure is the",
    "least independent of the held-out figures.",
    "",
    ...reportAccuracy("Held-out posts", heldOutItems),
    ...reportAccuracy(
      "Posts written for checking (core/src/understand/data/check-posts.jsonl; labelled before their first run, never trained on)",
      understandAll(readLabeledPosts(CHECK_EXAMPLES)),
    ),
    "Not blind any more for urgency: on their first runs the urgency rules found 2 of 3 urgent posts among the first 41",
    "and 3 of 5 among the next 10 (veiled farewells such as 药都买好了 / 不用找我了, and extortion named by 勒索 alone were",
    "missed); those misses led to the lexicon additions measured above. Expect unseen wording to be missed now and then:",
    "the rules know only the phrasings in the lexicon (core/src/understand/data/lexicon-data.ts).",
    "",
    ...reportAccuracy("Whole corpus (includes the tuning part; not a measure of unseen posts)", allItems),
    "### Near-duplicates (core/src/dedup, `isNearDuplicate` over every pair)",
    "",
    ...reportDuplicates("held-out posts", heldOut),
    ...reportDuplicates("whole corpus", posts),
    "",
    "### Throughput",
    "",
    ...measureThroughput(posts),
    "",
  ];
  const report = lines.join("\n");
  console.log(report);
  if (process.argv.includes("--errors")) printErrors(heldOutItems.length ? understandAll(tuning) : []);
  if (process.argv.includes("--write")) writeSection(report);
}

/** Tuning-split mistakes only: the held-out part is for measuring, not for looking at while tuning. */
function printErrors(items: readonly Scored[]): void {
  for (const { post, result } of items) {
    const wrong: string[] = [];
    if (post.is_question !== result.isQuestion) wrong.push(`question ${post.is_question}→${result.isQuestion}`);
    if (post.is_question && post.category !== result.category)
      wrong.push(`category ${post.category}→${result.category}`);
    if (post.urgent !== result.urgent) wrong.push(`urgent ${post.urgent}→${result.urgent}`);
    if ((post.region ?? null) !== result.region) wrong.push(`region ${post.region}→${result.region}`);
    if ((post.city ?? null) !== result.city) wrong.push(`city ${post.city}→${result.city}`);
    if (wrong.length) console.log(`${post.id} ${wrong.join("; ")} | ${post.text.slice(0, 80)}`);
  }
}

function writeSection(section: string): void {
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Benchmark results\n";
  const start = current.indexOf("\n## understand");
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const after = current.indexOf("\n## ", start + 1);
    next = `${current.slice(0, start)}\n${section}${after === -1 ? "" : current.slice(after)}`;
  }
  writeFileSync(RESULTS, `${next.trimEnd()}\n`);
  console.log(`\nwritten to ${RESULTS}`);
}

main();
