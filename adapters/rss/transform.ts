/** Feed XML (RSS 2.0, Atom, RDF/RSS 1.0) → items, through rss-parser's parseString on text we decoded ourselves. */
import { createHash } from "node:crypto";
import Parser from "rss-parser";
import type { InboundItem, RejectedPayload } from "../contract.ts";
import { parseFeedDate } from "../shared/china-date.ts";

interface FeedEntryExtras {
  id?: string;
  author?: string;
  date?: string;
  "content:encoded"?: string;
}

type FeedEntry = Parser.Item & FeedEntryExtras;

const parser = new Parser<Record<string, unknown>, FeedEntryExtras>();

export interface ParsedFeed {
  title: string | null;
  items: InboundItem[];
  rejected: RejectedPayload[];
}

export async function parseFeed(xml: string, now: Date): Promise<ParsedFeed> {
  const feed = await parser.parseString(xml);
  const items: InboundItem[] = [];
  const rejected: RejectedPayload[] = [];
  for (const entry of feed.items) {
    const mapped = mapFeedEntry(entry, now);
    if ("item" in mapped) items.push(mapped.item);
    else rejected.push(mapped.rejected);
  }
  return { title: feed.title ?? null, items, rejected };
}

/** the item's own id (RSS guid, Atom id), else a hash of link and title: stable across fetches */
export function readFeedEntryKey(entry: FeedEntry): string | null {
  const guid = typeof entry.guid === "string" ? entry.guid.trim() : "";
  if (guid) return guid;
  const id = typeof entry.id === "string" ? entry.id.trim() : "";
  if (id) return id;
  const link = entry.link?.trim() ?? "";
  const title = entry.title?.trim() ?? "";
  if (!link && !title) return null;
  return `sha256:${createHash("sha256").update(`${link}\n${title}`).digest("hex").slice(0, 32)}`;
}

function mapFeedEntry(entry: FeedEntry, now: Date): { item: InboundItem } | { rejected: RejectedPayload } {
  const externalId = readFeedEntryKey(entry);
  if (!externalId)
    return { rejected: { raw: entry, reason: "条目没有 guid、链接或标题 / entry has no guid, link or title" } };
  const body = entry["content:encoded"] || entry.content || entry.summary || entry.contentSnippet || "";
  const title = entry.title?.trim() || null;
  const text = body.trim() || title || "";
  // zoneless dates in Chinese feeds are Beijing time, so read the original text rather than rss-parser's isoDate
  const publishedAt = parseFeedDate(entry.pubDate ?? entry.date, now) ?? entry.isoDate ?? now.toISOString();
  const author = entry.creator || entry.author;
  return {
    item: {
      externalId,
      itemKind: "article",
      threadId: null,
      parentId: null,
      author: author ? { id: null, name: author, location: null } : null,
      title,
      text,
      format: /<[a-z][^>]*>/i.test(text) ? "html" : "text",
      url: entry.link?.trim() || null,
      publishedAt,
      raw: entry,
    },
  };
}
