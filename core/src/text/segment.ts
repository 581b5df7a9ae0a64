import { readFileSync } from "node:fs";
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

/**
 * Chinese word segmentation with jieba plus the League's own vocabulary (共青团, 12355, 西部计划 …),
 * applied the same way when indexing and when querying.
 */
let jieba: Jieba | null = null;

function getJieba(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(readFileSync(new URL("./league-dict.txt", import.meta.url)));
  }
  return jieba;
}

/** Letters, digits or CJK: tokens without any are punctuation or symbols and are dropped. */
const WORDLIKE = /[\p{L}\p{N}]/u;

/** Every token of the text, punctuation and spaces included: joined, they give the text back. */
export function segmentText(text: string): string[] {
  return getJieba().cut(text, false);
}

/** Words of the text, in order, punctuation and whitespace dropped, Latin lower-cased. */
export function segmentWords(text: string): string[] {
  const words: string[] = [];
  for (const word of getJieba().cut(text, false)) {
    const trimmed = word.trim();
    if (trimmed && WORDLIKE.test(trimmed)) words.push(trimmed.toLowerCase());
  }
  return words;
}

/**
 * Index tokens: search-mode segmentation, so a compound is found by its parts too
 * (西部计划 → 西部, 计划, 西部计划). Deduplicated.
 */
export function segmentForIndex(text: string): string[] {
  const tokens = new Set<string>();
  for (const word of getJieba().cutForSearch(text, false)) {
    const trimmed = word.trim();
    if (trimmed && WORDLIKE.test(trimmed)) tokens.add(trimmed.toLowerCase());
  }
  return [...tokens];
}
