/**
 * HTML for articles and the portal: an allow-list sanitiser and a reader that turns HTML into plain text.
 * Output is rebuilt from scratch, never copied: only the tags below, only `href` (http/https) on links and
 * `src` (an allowed image host) and `alt` on images, every text and attribute value escaped. Scripts, styles,
 * frames and their content are dropped whole; event handlers and inline styles never come through.
 */
import { decodeHTML } from "entities";
import type { HtmlPolicy } from "./render-rules.ts";

export const ALLOWED_TAGS = ["p", "br", "strong", "em", "ul", "ol", "li", "h3", "blockquote", "a", "img"] as const;
type AllowedTag = (typeof ALLOWED_TAGS)[number];

/** Tags written differently for the same thing. */
const TAG_ALIASES: Record<string, AllowedTag> = {
  b: "strong",
  i: "em",
  h1: "h3",
  h2: "h3",
  h4: "h3",
  h5: "h3",
  h6: "h3",
};

/** Dropped together with everything inside them. */
const DROPPED_WITH_CONTENT = new Set([
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "noscript",
  "template",
  "textarea",
  "select",
  "svg",
  "math",
  "title",
  "head",
]);

const BLOCK_TAGS = new Set(["p", "div", "section", "article", "li", "h3", "blockquote", "tr", "ul", "ol", "br"]);

type HtmlToken =
  | { type: "text"; text: string }
  | { type: "open"; name: string; attributes: Map<string, string> }
  | { type: "close"; name: string };

const TOKEN =
  /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<\/([A-Za-z][A-Za-z0-9-]*)\s*>|<([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Reads HTML as a flat list of tokens, leaving out comments, doctypes and dropped elements with their content. */
function tokenize(html: string): HtmlToken[] {
  const tokens: HtmlToken[] = [];
  let cursor = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    if (match.index > cursor) tokens.push({ type: "text", text: decodeHTML(html.slice(cursor, match.index)) });
    cursor = match.index + match[0].length;
    const closing = match[1]?.toLowerCase();
    const opening = match[2]?.toLowerCase();
    if (closing) {
      tokens.push({ type: "close", name: closing });
    } else if (opening) {
      if (DROPPED_WITH_CONTENT.has(opening)) {
        const end = new RegExp(`</${opening}\\s*>`, "i").exec(html.slice(cursor));
        cursor = end ? cursor + end.index + end[0].length : html.length;
        TOKEN.lastIndex = cursor;
        continue;
      }
      tokens.push({ type: "open", name: opening, attributes: readAttributes(match[3] ?? "") });
    }
  }
  if (cursor < html.length) tokens.push({ type: "text", text: decodeHTML(html.slice(cursor)) });
  return tokens;
}

function readAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(source); match; match = ATTRIBUTE.exec(source)) {
    const name = match[1]!.toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeHTML(match[2] ?? match[3] ?? match[4] ?? ""));
  }
  return attributes;
}

export interface SanitizeOptions {
  /** applied to every text node before it is escaped (masking personal data) */
  mapText?: (text: string) => string;
}

/** Keeps the allowed tags and attributes of `html`, drops the rest, balances what is left open. */
export function sanitizeHtml(html: string, policy: HtmlPolicy, options: SanitizeOptions = {}): string {
  const mapText = options.mapText ?? ((text: string) => text);
  const open: AllowedTag[] = [];
  let output = "";
  for (const token of tokenize(html)) {
    if (token.type === "text") {
      output += escapeHtml(mapText(token.text));
      continue;
    }
    const tag = allowedTagOf(token.name);
    if (!tag) continue;
    if (token.type === "close") {
      const index = open.lastIndexOf(tag);
      if (index === -1) continue;
      while (open.length > index) output += `</${open.pop()}>`;
      continue;
    }
    if (tag === "br") {
      output += "<br>";
    } else if (tag === "img") {
      const src = token.attributes.get("src") ?? "";
      if (!isAllowedImage(src, policy)) continue;
      const alt = token.attributes.get("alt");
      output += `<img src="${escapeHtml(src.trim())}"${alt ? ` alt="${escapeHtml(mapText(alt))}"` : ""}>`;
    } else if (tag === "a") {
      const href = safeHref(token.attributes.get("href") ?? "");
      output += href ? `<a href="${escapeHtml(href)}">` : "<a>";
      open.push("a");
    } else {
      output += `<${tag}>`;
      open.push(tag);
    }
  }
  while (open.length > 0) output += `</${open.pop()}>`;
  // an <a> left without a usable href carries nothing: keep its text only
  return output.replace(/<a>([\s\S]*?)<\/a>/g, "$1");
}

/** Plain text of HTML: block elements become line breaks, list items get a bullet, entities are decoded. */
export function htmlToText(html: string): string {
  let text = "";
  const lists: { ordered: boolean; count: number }[] = [];
  for (const token of tokenize(html)) {
    if (token.type === "text") {
      text += token.text.replace(/\s+/g, " ");
    } else if (token.type === "open") {
      if (token.name === "ul" || token.name === "ol") lists.push({ ordered: token.name === "ol", count: 0 });
      if (BLOCK_TAGS.has(token.name)) text += "\n";
      if (token.name === "li") {
        const list = lists.at(-1);
        if (list) list.count += 1;
        text += list?.ordered ? `${list.count}. ` : "• ";
      }
      if (token.name === "img") text += token.attributes.get("alt") ?? "";
    } else {
      if (token.name === "ul" || token.name === "ol") lists.pop();
      if (BLOCK_TAGS.has(token.name)) text += "\n";
    }
  }
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .join("\n");
}

/** A link target that is http(s), written in ASCII and without credentials; null otherwise. */
export function safeHref(raw: string): string | null {
  // control characters and whitespace inside a scheme are a classic way to smuggle "java\tscript:"
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const value = raw.replace(/[\u0000-\u0020\u007F]/g, "");
  if (!/^https?:\/\//i.test(value) || /[^\x21-\x7E]/.test(value)) return null;
  try {
    const url = new URL(value);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) return null;
    return url.href;
  } catch {
    return null;
  }
}

export function isAllowedImage(src: string, policy: HtmlPolicy): boolean {
  const href = safeHref(src);
  if (!href) return false;
  const host = new URL(href).hostname.toLowerCase();
  return policy.imageHosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Does this answer text look like HTML (an editor pasted an article body) rather than the usual markup? */
export function looksLikeHtml(text: string): boolean {
  return /^\s*<(?:p|div|section|h[1-6]|ul|ol|blockquote|strong|b|img|br|span|article|table)\b/i.test(text);
}

function allowedTagOf(name: string): AllowedTag | null {
  if ((ALLOWED_TAGS as readonly string[]).includes(name)) return name as AllowedTag;
  return TAG_ALIASES[name] ?? null;
}
