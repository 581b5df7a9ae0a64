import { segmentWords } from "../text/segment.ts";

/** The query's words, segmented the way the index was. */
export function segmentQuery(text: string): string[] {
  return [...new Set(segmentWords(text.normalize("NFKC")))];
}

/**
 * A tsquery matching posts that contain every word. Built as quoted lexemes so nothing in the
 * user's text is read as tsquery syntax; the index holds the same lexemes (`array_to_tsvector`).
 */
export function buildTsQuery(words: readonly string[]): string {
  return words.map((word) => `'${word.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`).join(" & ");
}
