/**
 * What the question and category models see of a post: its words, the lexicon terms and groups it contains, and
 * a few facts about its shape. Shared by training and the runtime so both see the same thing.
 */
import type { LexiconHit } from "./lexicon.ts";

export type FeatureVector = Map<string, number>;

/** Lexicon groups that are evidence for the models; risk groups are for the urgency rules only. */
const MODEL_GROUP = /^(ask|not|cat)\./;
const CJK = /[\u4e00-\u9fff]/;
const URL = /https?:\/\/|www\.|\.cn\/|\.com/;
const EMOJI = /\p{Extended_Pictographic}/u;
const REPOST = /^(转发|转:|转载|【转】)|\/\/@/;

function bucketLength(length: number): string {
  if (length <= 6) return "s:len<=6";
  if (length <= 15) return "s:len<=15";
  if (length <= 40) return "s:len<=40";
  if (length <= 120) return "s:len<=120";
  return "s:len>120";
}

export interface FeatureInput {
  folded: string;
  /** folded jieba words */
  words: readonly string[];
  lexicon: readonly LexiconHit[];
}

/**
 * The channel is deliberately not a feature: ingest does not always know it, and a post should be judged the
 * same wherever it was posted.
 */
export function extractFeatures({ folded, words, lexicon }: FeatureInput): FeatureVector {
  const features: FeatureVector = new Map();
  const add = (name: string, value = 1) => features.set(name, (features.get(name) ?? 0) + value);
  for (const word of words) features.set(`w:${word}`, 1);
  const groupCounts = new Map<string, number>();
  for (const hit of lexicon) {
    if (!MODEL_GROUP.test(hit.group)) continue;
    features.set(`t:${hit.term}`, 1);
    groupCounts.set(hit.group, (groupCounts.get(hit.group) ?? 0) + 1);
  }
  // A group counts with diminishing returns: the third 考研 term says little more than the first.
  for (const [group, count] of groupCounts) add(`g:${group}`, Math.log2(1 + count));

  const text = folded.trim();
  const length = [...text].length;
  add(bucketLength(length));
  if (text.includes("?")) add("s:question-mark");
  if (/[?？]\s*$/.test(text)) add("s:ends-with-question-mark");
  if (!CJK.test(text)) add("s:no-chinese");
  if (URL.test(text)) add("s:link");
  if (/#[^#]+#/.test(text)) add("s:hashtag");
  if (text.includes("@")) add("s:mention");
  if (REPOST.test(text)) add("s:repost");
  if (EMOJI.test(text) && !CJK.test(text.replace(/\p{Extended_Pictographic}/gu, ""))) add("s:emoji-only");
  if (/[我俺]/.test(text)) add("s:first-person");
  return features;
}

const GROUP_LABELS: Record<string, string> = {
  "ask.how": "asks how (怎么/如何…)",
  "ask.please": "asks for help (请问/求助…)",
  "ask.which": "asks where or which (哪里/找谁…)",
  "ask.whether": "asks whether (能不能/吗…)",
  "ask.unsure": "says they are unsure (纠结/不知道该…)",
  "ask.form": "question form field (问题描述…)",
  "not.lottery": "lottery repost (抽奖/锦鲤…)",
  "not.checkin": "check-in (打卡…)",
  "not.thanks": "thanks or praise",
  "not.news": "news or notice repost",
  "not.ad": "advert or scam offer",
  "not.joke": "joke (哈哈/笑死…)",
  "not.complaint": "rhetorical complaint (凭什么/呵呵…)",
  "not.share": "shares experience or replies",
  "cat.study": "study terms",
  "cat.employment": "employment terms",
  "cat.rights": "rights terms",
  "cat.relationships": "relationship and family terms",
  "cat.other": "League and volunteering terms",
};

/** The lexicon terms found in a post, by group, to name them where a group feature is the evidence. */
export function groupTerms(lexicon: readonly LexiconHit[]): Map<string, string[]> {
  const terms = new Map<string, string[]>();
  for (const hit of lexicon) {
    const list = terms.get(hit.group);
    if (!list) terms.set(hit.group, [hit.term]);
    else if (!list.includes(hit.term)) list.push(hit.term);
  }
  return terms;
}

/** Readable evidence for a feature name, as a cadre sees it. */
export function describeFeature(name: string, termsByGroup?: ReadonlyMap<string, readonly string[]>): string {
  const colon = name.indexOf(":");
  const value = name.slice(colon + 1);
  switch (name.slice(0, colon)) {
    case "w":
      return `word “${value}”`;
    case "t":
      return `term “${value}”`;
    case "g": {
      const terms = termsByGroup?.get(value);
      const label = GROUP_LABELS[value] ?? value;
      return terms?.length ? `${label}: ${terms.join("、")}` : label;
    }
    case "s":
      return `shape: ${value}`;
    default:
      return value;
  }
}
