/** Pure parsing of portal pages: list entries, pagination, detail pages, canonical URLs and dates. */
import * as cheerio from "cheerio";
import { parseChinaDate, parseDateFromUrl } from "../shared/china-date.ts";

export interface ListSelectors {
  item: string;
  link: string;
  title?: string | undefined;
  date?: string | undefined;
}

export interface ListEntry {
  url: string;
  title: string;
  dateText: string | null;
  publishedAt: string | null;
}

/** Absolute URL without fragment; null for javascript:, mailto:, bare anchors and unparsable hrefs. */
export function canonicalizeUrl(href: string | undefined | null, base: string | URL): string | null {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.startsWith("#") || /^(javascript|mailto|tel|data):/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}

export function parseListPage(html: string, pageUrl: string | URL, selectors: ListSelectors, now: Date): ListEntry[] {
  const $ = cheerio.load(html);
  const entries: ListEntry[] = [];
  const seen = new Set<string>();
  $(selectors.item).each((_, element) => {
    const $item = $(element);
    const $link = $item.is(selectors.link) ? $item : $item.find(selectors.link).first();
    const url = canonicalizeUrl($link.attr("href"), pageUrl);
    if (!url || seen.has(url)) return;
    seen.add(url);
    const linkTitle = $link.attr("title")?.trim();
    const title = collapse(selectors.title ? $item.find(selectors.title).first().text() : linkTitle || $link.text());
    const dateText = collapse(selectors.date ? $item.find(selectors.date).first().text() : $item.text()) || null;
    const urlDate = parseDateFromUrl(url);
    const publishedAt =
      (dateText
        ? parseChinaDate(dateText, { year: urlDate ? Number(urlDate.slice(0, 4)) : null, reference: now })
        : null) ?? urlDate;
    entries.push({ url, title, dateText, publishedAt });
  });
  return entries;
}

export type PaginationPattern = "auto" | "trs" | "index_n" | "query" | "next_link" | "none";

export interface PaginationConfig {
  pattern: PaginationPattern;
  /** the query parameter for "query" */
  param: string;
  /** the number the second page carries in its URL (TRS: index_1 → 1; ?page=2 → 2) */
  secondPage?: number | undefined;
}

export interface TrsPaging {
  count: number | null;
  prefix: string;
  ext: string;
}

/** TRS WCM pages: `createPageHTML(3, 0, "index", "htm")` or `var countPage = 3` */
export function detectTrsPaging(html: string, listUrl: string): TrsPaging | null {
  const call = /createPageHTML\s*\(([^)]*)\)/.exec(html);
  const countVar = /var\s+countPage\s*=\s*["']?(\d+)/.exec(html);
  if (!call && !countVar) return null;
  const fallback = splitFileName(listUrl);
  let prefix = fallback.prefix;
  let ext = fallback.ext;
  let count = countVar ? Number(countVar[1]) : null;
  if (call?.[1]) {
    const args = call[1].split(",").map((arg) => arg.trim().replace(/^["']|["']$/g, ""));
    const numbers = args.filter((arg) => /^\d+$/.test(arg)).map(Number);
    const extAt = args.findIndex((arg) => /^s?html?$/i.test(arg));
    if (extAt > 0) {
      ext = args[extAt] as string;
      prefix = args[extAt - 1] as string;
    }
    count ??= numbers[0] ?? null;
  }
  return { count, prefix, ext };
}

/** The "下一页" link, if the page has one that goes somewhere. */
export function findNextLink(html: string, pageUrl: string | URL): string | null {
  const $ = cheerio.load(html);
  let next: string | null = null;
  $("a").each((_, element) => {
    const label = collapse($(element).text());
    if (/^(下一页|下页|下一頁|后页|next|next page|›|»|>)$/i.test(label) || /下一页/.test(label)) {
      const url = canonicalizeUrl($(element).attr("href"), pageUrl);
      if (url && url !== new URL(pageUrl).href) {
        next = url;
        return false;
      }
    }
    return undefined;
  });
  return next;
}

/**
 * The URL of page `index + 1` (index 0 is the list URL), or null when the pattern says there is none.
 * TRS numbering: index.htm, index_1.htm, index_2.htm …
 */
export function buildNextPageUrl(
  html: string,
  pageUrl: string | URL,
  listUrl: string,
  index: number,
  pagination: PaginationConfig,
): string | null {
  const nextIndex = index + 1;
  const pattern = pagination.pattern === "auto" ? detectPattern(html, pageUrl) : pagination.pattern;
  switch (pattern) {
    case "trs": {
      const trs = detectTrsPaging(html, listUrl) ?? { count: null, ...splitFileName(listUrl) };
      if (trs.count !== null && nextIndex >= trs.count) return null;
      const number = (pagination.secondPage ?? 1) + nextIndex - 1;
      return new URL(`${trs.prefix}_${number}.${trs.ext}`, listUrl).href;
    }
    case "index_n": {
      const { prefix, ext } = splitFileName(listUrl);
      const number = (pagination.secondPage ?? 1) + nextIndex - 1;
      return new URL(`${prefix}_${number}.${ext}`, listUrl).href;
    }
    case "query": {
      const url = new URL(listUrl);
      url.searchParams.set(pagination.param, String((pagination.secondPage ?? 2) + nextIndex - 1));
      return url.href;
    }
    case "next_link":
      return findNextLink(html, pageUrl);
    default:
      return null;
  }
}

function detectPattern(html: string, pageUrl: string | URL): PaginationPattern {
  if (detectTrsPaging(html, String(pageUrl))) return "trs";
  if (findNextLink(html, pageUrl)) return "next_link";
  return "none";
}

/** ".../index.htm" → {prefix: "index", ext: "htm"}; a directory URL means index.html */
function splitFileName(listUrl: string): { prefix: string; ext: string } {
  const file = new URL(listUrl).pathname.split("/").pop() ?? "";
  const match = /^(.+?)(?:_\d+)?\.(s?html?)$/i.exec(file);
  return match ? { prefix: match[1] as string, ext: match[2] as string } : { prefix: "index", ext: "html" };
}

export interface DetailSelectors {
  content: string;
  title?: string | undefined;
  dateRegex: string;
  sourceRegex: string;
}

export interface DetailPage {
  title: string | null;
  /** the article body, scripts removed, links and images made absolute */
  contentHtml: string;
  publishedAt: string | null;
  source: string | null;
}

export function parseDetailPage(
  html: string,
  pageUrl: string | URL,
  selectors: DetailSelectors,
  now: Date,
): DetailPage {
  const $ = cheerio.load(html);
  const $content = $(selectors.content).first();
  $content.find("script, style").remove();
  $content.find("[src], [href]").each((_, element) => {
    for (const attribute of ["src", "href"]) {
      const value = $(element).attr(attribute);
      const absolute = value ? canonicalizeUrl(value, pageUrl) : null;
      if (absolute) $(element).attr(attribute, absolute);
    }
  });
  const title = selectors.title ? collapse($(selectors.title).first().text()) || null : null;
  // header lines like "发稿时间:2017-01-25 10:22:00 编辑:李婧怡 来源:中国青年网" are matched on text, not markup
  $("script, style").remove();
  const pageText = $("body").text().replace(/\s+/g, " ");
  const dateMatch = new RegExp(selectors.dateRegex).exec(pageText);
  const sourceMatch = new RegExp(selectors.sourceRegex).exec(pageText);
  const urlDate = parseDateFromUrl(String(pageUrl));
  return {
    title,
    contentHtml: ($content.html() ?? "").trim(),
    publishedAt: dateMatch
      ? parseChinaDate(dateMatch[1] ?? dateMatch[0], {
          year: urlDate ? Number(urlDate.slice(0, 4)) : null,
          reference: now,
        })
      : null,
    source: sourceMatch ? collapse(sourceMatch[1] ?? "") || null : null,
  };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
