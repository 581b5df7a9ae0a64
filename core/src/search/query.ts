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

/**
 * The lexeme that marks a post's channel in its vector, so the GIN index answers "this word, on Weibo" by itself
 * instead of reading every post with the word to drop the other channels (a count of 奖学金 on Weibo read 25,813
 * rows for 1,001). Starts with a control character: no indexed word can (normalisation strips them, and jieba
 * tokens hold letters or digits).
 */
export function channelLexeme(channel: string): string {
  return `\u0001channel:${channel}`;
}

/** `buildTsQuery` narrowed to posts of the given channels. */
export function buildChannelTsQuery(words: readonly string[], channels: readonly string[] | undefined): string {
  const query = buildTsQuery(words);
  if (!channels?.length) return query;
  const anyChannel = channels.map((channel) => buildTsQuery([channelLexeme(channel)])).join(" | ");
  return `(${query}) & (${anyChannel})`;
}
