import { decodeHTML } from "entities";

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** control characters other than tab and line breaks (a NUL cannot even be stored by PostgreSQL) */
const CONTROL = /[^\P{Cc}\t\n\r]/gu;
const BLOCK_TAGS = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|section|article|blockquote|pre|hr)\b[^>]*>/gi;
const DROPPED_ELEMENTS = /<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const IMG_ALT = /<img\b[^>]*\balt=(["'])(.*?)\1[^>]*>/gi;
const ANY_TAG = /<[^>]+>/g;
const COMMENT = /<!--[\s\S]*?-->/g;

/**
 * HTML to plain text: scripts and styles dropped, block elements become line breaks,
 * an image keeps its alt text (m.weibo.cn renders emoji codes like [微笑] as <img alt="[微笑]">), entities decoded.
 */
export function htmlToText(html: string): string {
  return decodeHTML(
    html
      .replace(COMMENT, "")
      .replace(DROPPED_ELEMENTS, "")
      .replace(IMG_ALT, "$2")
      .replace(BLOCK_TAGS, "\n")
      .replace(ANY_TAG, ""),
  );
}

/** The stored text of a post: zero-width characters gone, whitespace runs collapsed, trimmed. */
export function normalizeText(text: string, format: "text" | "html" = "text"): string {
  const plain = format === "html" ? htmlToText(text) : text;
  return plain
    .replace(ZERO_WIDTH, "")
    .replace(CONTROL, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00A0\u3000]+/g, " ")
    .replace(/ *\n[\s]*/g, "\n")
    .trim();
}

const REPOST_CHAIN = /\/\/\s*@[^:：\s]{1,30}\s*[:：][\s\S]*$/;
const URL_PATTERN = /\bhttps?:\/\/[^\s\u3000，。！？、]+/gi;
const MENTION = /@[\p{L}\p{N}_\-·]{1,30}/gu;
const HASHTAG = /#([^#\n]{1,40})#/g;
const NON_CONTENT = /[^\p{L}\p{N}]+/gu;

/**
 * What two posts are compared on to find the same question again: the repost chain (`//@who:…`), links,
 * @mentions and punctuation removed, so "转发 + 一句话" or an added link does not hide a repeat.
 */
export function normalizeForDedup(text: string): string {
  return text
    .replace(REPOST_CHAIN, "")
    .replace(URL_PATTERN, "")
    .replace(MENTION, "")
    .replace(HASHTAG, "$1")
    .replace(NON_CONTENT, "")
    .toLowerCase();
}
