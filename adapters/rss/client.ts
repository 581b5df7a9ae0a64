/** Fetching a feed: bytes through the SSRF guard, decoded by the XML declaration, with conditional GET. */
import { Permanent, RateLimited, Transient } from "../contract.ts";
import { fetchDocument } from "../net/fetch-document.ts";
import type { GuardOptions } from "../net/guarded-fetch.ts";

export type FeedOutcome =
  | { kind: "feed"; xml: string; charset: string; etag: string | null; lastModified: string | null }
  | { kind: "unchanged" };

export interface FeedFetchOptions extends GuardOptions {
  fetch: typeof fetch;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  etag?: string | null | undefined;
  lastModified?: string | null | undefined;
}

export async function fetchFeed(feedUrl: string, options: FeedFetchOptions): Promise<FeedOutcome> {
  const headers: Record<string, string> = {
    accept:
      "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5",
  };
  if (options.etag) headers["if-none-match"] = options.etag;
  if (options.lastModified) headers["if-modified-since"] = options.lastModified;
  const document = await fetchDocument(options.fetch, feedUrl, {
    kind: "xml",
    headers,
    allowedHosts: options.allowedHosts ?? [],
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const { status } = document;
  if (status === 304) return { kind: "unchanged" };
  if (status === 404 || status === 410)
    throw new Permanent(`订阅源不存在 (HTTP ${status}) / feed not found: ${feedUrl}`, status);
  if (status === 429 || status === 412) {
    const retryAfter = Number(document.headers.get("retry-after"));
    throw new RateLimited(
      `订阅源限制访问 (HTTP ${status}) / feed host is limiting us`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
      status,
    );
  }
  if (status >= 500 || status === 403 || status === 408) {
    throw new Transient(`订阅源暂时不可用 (HTTP ${status}) / feed unavailable`, status);
  }
  if (status >= 400) throw new Permanent(`订阅源返回错误 (HTTP ${status}) / feed error`, status);
  return {
    kind: "feed",
    xml: document.decoded.text,
    charset: document.decoded.charset,
    etag: document.headers.get("etag"),
    lastModified: document.headers.get("last-modified"),
  };
}
