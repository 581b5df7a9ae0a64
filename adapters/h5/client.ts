/**
 * Fetching portal pages: bytes through the SSRF guard, charset-aware decoding, and telling apart a real page,
 * a deleted one (404, or the 200 "页面不存在" page TRS sites serve) and a WAF challenge (瑞数-style 412/403 + JS).
 */
import * as cheerio from "cheerio";
import { Permanent, RateLimited, Transient } from "../contract.ts";
import { fetchDocument } from "../net/fetch-document.ts";
import type { GuardOptions } from "../net/guarded-fetch.ts";

export type PageOutcome =
  | { kind: "ok"; html: string; url: URL; charset: string }
  | { kind: "gone"; url: URL; status: number };

export interface PageFetchOptions extends GuardOptions {
  fetch: typeof fetch;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
}

const WAF_MARKERS =
  /\$_ts\s*=|_\$[a-z]{2}\s*=|<meta[^>]+id=["']?\w{6,}["']?[^>]+content=["']\{|challenge|人机验证|安全验证|访问验证|滑动验证|验证码|请开启\s*JavaScript|enable JavaScript|waf|cc防护|正在进行安全检测/i;
const NOT_FOUND_MARKERS =
  /页面不存在|页面未找到|找不到(该|您要访问的)?页面|您访问的页面不存在|文章不存在|信息不存在|已被删除|404 Not Found/i;
const WAF_RETRY_MS = 30 * 60_000;

export async function fetchPortalPage(url: string | URL, options: PageFetchOptions): Promise<PageOutcome> {
  const document = await fetchDocument(options.fetch, url, {
    kind: "html",
    allowedHosts: options.allowedHosts ?? [],
    ...(options.lookup ? { lookup: options.lookup } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.userAgent ? { headers: { "user-agent": options.userAgent } } : {}),
  });
  const { status, decoded } = document;
  if (status === 404 || status === 410) return { kind: "gone", url: document.url, status };
  if (status === 412 || ((status === 403 || status === 503) && WAF_MARKERS.test(decoded.text))) {
    throw new RateLimited(
      `网站防火墙拦截了访问（HTTP ${status}，JS 验证挑战），请稍后再试或降低抓取频率 / blocked by the site's WAF (JS challenge) at ${document.url.host}`,
      WAF_RETRY_MS,
      "waf",
    );
  }
  if (status === 429) {
    const retryAfter = Number(document.headers.get("retry-after"));
    throw new RateLimited(
      `网站限流 (HTTP 429) / rate limited by ${document.url.host}`,
      Number.isFinite(retryAfter) ? retryAfter * 1000 : null,
      429,
    );
  }
  if (status === 403) throw new Transient(`网站拒绝访问 (HTTP 403) / ${document.url.host} refused access`, 403);
  if (status >= 500) throw new Transient(`网站暂时不可用 (HTTP ${status}) / ${document.url.host} unavailable`, status);
  if (status >= 400) throw new Permanent(`网站返回错误 (HTTP ${status}) / ${document.url.href}`, status);
  if (isNotFoundPage(decoded.text)) return { kind: "gone", url: document.url, status };
  return { kind: "ok", html: decoded.text, url: document.url, charset: decoded.charset };
}

/** a 200 page that only says the page does not exist (TRS sites answer past-the-end pages this way) */
export function isNotFoundPage(html: string): boolean {
  const $ = cheerio.load(html);
  if (NOT_FOUND_MARKERS.test($("title").text())) return true;
  $("script, style, noscript").remove();
  const text = $("body").text().replace(/\s+/g, "");
  return text.length < 600 && NOT_FOUND_MARKERS.test(text);
}
