/**
 * The markup answers are written in: a small, forgiving subset of Markdown that cadres type without knowing it.
 * Paragraphs (blank lines between them; a single line break stays a line break), lists ("- ", "• ", "1. ",
 * "1、"), headings ("### "), quotes ("> "), bold ("**…**"), links ("[文字](https://…)" and bare URLs) and
 * images on their own line ("![说明](https://…)"). Anything else is text, never HTML: the HTML output escapes it.
 */
import { escapeHtml, isAllowedImage, safeHref } from "./html.ts";
import type { HtmlPolicy } from "./render-rules.ts";

export type Inline =
  | { type: "text"; text: string }
  | { type: "strong"; text: string }
  | { type: "link"; href: string; text: string };

export type Block =
  | { type: "paragraph"; lines: Inline[][] }
  | { type: "heading"; inlines: Inline[] }
  | { type: "list"; ordered: boolean; items: Inline[][] }
  | { type: "quote"; lines: Inline[][] }
  | { type: "image"; src: string; alt: string };

const HEADING = /^#{1,6}\s+(.+)$/;
const IMAGE = /^!\[([^\]]*)\]\(([^)\s]+)\)$/;
const BULLET = /^[-*•·]\s+(.+)$/;
/** "1. " needs the space ("12.5元" is not a list item); "1、" and "1）" do not */
const NUMBERED = /^\d{1,2}(?:[.)]\s+|[、）]\s*)(.+)$/;
const QUOTE = /^>\s?(.*)$/;
const INLINE = /\*\*(.+?)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+)/g;

export function parseMarkup(source: string): Block[] {
  const blocks: Block[] = [];
  // what is being collected: lines of a paragraph, items of a list, lines of a quote
  const open: { paragraph: Inline[][]; list: { ordered: boolean; items: Inline[][] } | null; quote: Inline[][] } = {
    paragraph: [],
    list: null,
    quote: [],
  };
  const flush = () => {
    if (open.paragraph.length) blocks.push({ type: "paragraph", lines: open.paragraph });
    if (open.list) blocks.push({ type: "list", ...open.list });
    if (open.quote.length) blocks.push({ type: "quote", lines: open.quote });
    open.paragraph = [];
    open.list = null;
    open.quote = [];
  };

  for (const raw of source.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    const image = IMAGE.exec(line);
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    const quoted = QUOTE.exec(line);
    if (heading) {
      flush();
      blocks.push({ type: "heading", inlines: parseInline(heading[1]!) });
    } else if (image) {
      flush();
      blocks.push({ type: "image", alt: image[1]!.trim(), src: image[2]! });
    } else if (bullet || numbered) {
      const ordered = !bullet;
      if (open.list?.ordered !== ordered) {
        flush();
        open.list = { ordered, items: [] };
      }
      open.list.items.push(parseInline((bullet ?? numbered)![1]!));
    } else if (quoted) {
      if (!open.quote.length) flush();
      open.quote.push(parseInline(quoted[1]!));
    } else {
      if (open.list || open.quote.length) flush();
      open.paragraph.push(parseInline(line));
    }
  }
  flush();
  return blocks;
}

export function parseInline(text: string): Inline[] {
  const inlines: Inline[] = [];
  let cursor = 0;
  INLINE.lastIndex = 0;
  for (let match = INLINE.exec(text); match; match = INLINE.exec(text)) {
    let end = match.index + match[0].length;
    let inline: Inline;
    if (match[1] !== undefined) {
      inline = { type: "strong", text: match[1] };
    } else if (match[2] !== undefined) {
      inline = { type: "link", text: match[2], href: match[3]! };
    } else {
      // a sentence's own punctuation is not part of a bare link
      const url = match[4]!.replace(/[.,;:!?'")\]]+$/, "");
      end = match.index + url.length;
      INLINE.lastIndex = end;
      inline = { type: "link", text: url, href: url };
    }
    if (match.index > cursor) inlines.push({ type: "text", text: text.slice(cursor, match.index) });
    inlines.push(inline);
    cursor = end;
  }
  if (cursor < text.length) inlines.push({ type: "text", text: text.slice(cursor) });
  return inlines;
}

export interface TextOptions {
  /** join lines and blocks with spaces instead of line breaks */
  singleLine?: boolean;
}

/** Plain text, for channels that allow no markup: bold becomes plain, links show their address. */
export function blocksToText(blocks: readonly Block[], options: TextOptions = {}): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === "paragraph" || block.type === "quote") lines.push(...block.lines.map(inlineText));
    else if (block.type === "heading") lines.push(inlineText(block.inlines));
    else if (block.type === "list")
      lines.push(...block.items.map((item, index) => `${block.ordered ? `${index + 1}. ` : "• "}${inlineText(item)}`));
    else if (block.alt) lines.push(block.alt);
  }
  return lines
    .map((line) => line.trim())
    .filter(Boolean)
    .join(options.singleLine ? " " : "\n");
}

/** HTML made only of the allowed tags (html.ts), every text escaped. */
export function blocksToHtml(blocks: readonly Block[], policy: HtmlPolicy): string {
  return blocks
    .map((block) => {
      switch (block.type) {
        case "paragraph":
          return `<p>${block.lines.map(inlineHtml).join("<br>")}</p>`;
        case "quote":
          return `<blockquote>${block.lines.map(inlineHtml).join("<br>")}</blockquote>`;
        case "heading":
          return `<h3>${inlineHtml(block.inlines)}</h3>`;
        case "list": {
          const tag = block.ordered ? "ol" : "ul";
          return `<${tag}>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join("")}</${tag}>`;
        }
        case "image":
          if (isAllowedImage(block.src, policy)) {
            const alt = block.alt ? ` alt="${escapeHtml(block.alt)}"` : "";
            return `<p><img src="${escapeHtml(safeHref(block.src)!)}"${alt}></p>`;
          }
          return block.alt ? `<p>${escapeHtml(block.alt)}</p>` : "";
        default:
          return "";
      }
    })
    .join("");
}

function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      if (inline.type !== "link") return inline.text;
      const href = safeHref(inline.href);
      if (!href || inline.text === inline.href) return href ? inline.href : inline.text;
      return `${inline.text} ${inline.href}`;
    })
    .join("");
}

function inlineHtml(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      if (inline.type === "text") return escapeHtml(inline.text);
      if (inline.type === "strong") return `<strong>${escapeHtml(inline.text)}</strong>`;
      const href = safeHref(inline.href);
      return href ? `<a href="${escapeHtml(href)}">${escapeHtml(inline.text)}</a>` : escapeHtml(inline.text);
    })
    .join("");
}
