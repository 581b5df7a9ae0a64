/** League portal pages (H5/PC sites, TRS WCM and other CMSs): list pages → article items, with detail pages. */
import { z } from "zod";
import {
  type AdapterContext,
  type ChannelAdapter,
  ChannelError,
  type InboundItem,
  Permanent,
  type PullResult,
  type RejectedPayload,
  Transient,
} from "../contract.ts";
import { fetchPortalPage, type PageFetchOptions } from "./client.ts";
import { buildNextPageUrl, type DetailSelectors, type ListEntry, parseDetailPage, parseListPage } from "./transform.ts";

const DEFAULT_DATE_REGEX =
  "(?:发稿时间|发布时间|发表时间|时间|日期)\\s*[:：]\\s*(\\d{4}\\s*[-/.年]\\s*\\d{1,2}\\s*[-/.月]\\s*\\d{1,2}\\s*日?(?:\\s*\\d{1,2}:\\d{2}(?::\\d{2})?)?)";
const DEFAULT_SOURCE_REGEX = "来源\\s*[:：]\\s*([^\\s|｜]+)";

const RegexSchema = z.string().refine(
  (value) => {
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "不是有效的正则表达式 / not a valid regular expression" },
);

export const H5ConfigSchema = z.object({
  /** the first list page, e.g. http://news.youth.cn/jsxw/index.htm */
  listUrl: z.url().describe("列表页地址"),
  selectors: z
    .object({
      /** one element per article, e.g. "ul.tj3_1 li" */
      item: z.string().min(1),
      link: z.string().min(1).default("a"),
      title: z.string().optional(),
      date: z.string().optional(),
    })
    .describe("列表选择器（JSON）"),
  pagination: z
    .object({
      pattern: z.enum(["auto", "trs", "index_n", "query", "next_link", "none"]).default("auto"),
      param: z.string().default("page"),
      secondPage: z.number().int().min(0).optional(),
    })
    .default({ pattern: "auto", param: "page" })
    .describe("翻页方式（JSON）"),
  /** without it, items are the list entries (title only) */
  detail: z
    .object({
      content: z.string().min(1),
      title: z.string().optional(),
      dateRegex: RegexSchema.default(DEFAULT_DATE_REGEX),
      sourceRegex: RegexSchema.default(DEFAULT_SOURCE_REGEX),
    })
    .optional()
    .describe("详情页选择器（JSON）"),
  /** list pages per pull */
  maxPages: z.number().int().min(1).max(50).default(5).describe("每次抓取列表页数"),
  /** how deep into the archive the crawl ever goes (in list pages) */
  backfillPages: z.number().int().min(1).max(500).default(20).describe("回溯页数上限"),
  /** detail pages per pull */
  maxDetails: z.number().int().min(1).max(500).default(40).describe("每次抓取详情页数"),
  /** internal hosts the operator allows explicitly, "host:port" or "host" */
  allowedHosts: z.array(z.string()).default([]).describe("允许访问的内网主机"),
  timeoutMs: z.number().int().min(1000).max(120_000).default(20_000).describe("超时（毫秒）"),
  userAgent: z.string().optional().describe("User-Agent"),
});
export type H5Config = z.infer<typeof H5ConfigSchema>;

const H5CursorSchema = z.object({
  /** canonical URLs already delivered (or deliberately skipped), newest first */
  seen: z.array(z.string()).default([]),
  newest: z.string().nullable().default(null),
  /** a backfill in progress: the list page to continue from */
  resume: z.object({ url: z.string(), index: z.number().int() }).nullable().default(null),
});

const REMEMBERED_URLS = 2000;

export const h5: ChannelAdapter<H5Config> = {
  kind: "h5",
  meta: {
    name: "团属门户网站",
    description: "抓取团属门户（如中国青年网、青年之声）栏目列表页与文章页，支持 TRS 分页、GBK 编码和常见防火墙识别",
    antiCrawlerRisk: "medium",
    example: {
      listUrl: "http://news.youth.cn/jsxw/index.htm",
      selectors: { item: "ul.tj3_1 li", link: "a", date: "font" },
      pagination: { pattern: "auto" },
      detail: { content: ".TRS_Editor" },
      maxPages: 5,
      allowedHosts: [],
    },
    defaultSchedule: "0 * * * *",
  },
  config: H5ConfigSchema,
  secretFields: [],
  capabilities: { pull: true, push: false, reply: false, post: false, maxLength: 0 },

  async pull(config, cursor, ctx) {
    return pullPortal(config, cursor, ctx);
  },
};

async function pullPortal(config: H5Config, cursor: unknown, ctx: AdapterContext): Promise<PullResult> {
  const state = H5CursorSchema.parse(cursor ?? {});
  const seen = new Set(state.seen);
  const fetchOptions: PageFetchOptions = {
    fetch: ctx.fetch,
    allowedHosts: config.allowedHosts,
    signal: ctx.signal,
    timeoutMs: config.timeoutMs,
    userAgent: config.userAgent,
  };
  const detailSelectors: DetailSelectors | null = config.detail ?? null;
  const items: InboundItem[] = [];
  const rejected: RejectedPayload[] = [];
  const delivered: string[] = [];
  const visited = new Set<string>();
  let url: string | null = state.resume?.url ?? config.listUrl;
  let index = state.resume?.index ?? 0;
  let resume: { url: string; index: number } | null = null;
  let detailsLeft = config.maxDetails;

  for (let pages = 0; url && pages < config.maxPages; pages += 1) {
    visited.add(url);
    const page = await fetchPortalPage(url, fetchOptions);
    if (page.kind === "gone") {
      if (index === 0)
        throw new Permanent(`栏目列表页不存在 (HTTP ${page.status}) / list page not found: ${url}`, "list_gone");
      break; // past the last page
    }
    const entries = parseListPage(page.html, page.url, config.selectors, ctx.now());
    if (entries.length === 0) break;
    const fresh = entries.filter((entry) => !seen.has(entry.url));
    let budgetHit = false;
    for (const entry of fresh) {
      if (detailSelectors && detailsLeft <= 0) {
        budgetHit = true;
        break;
      }
      seen.add(entry.url);
      delivered.push(entry.url);
      if (!detailSelectors) {
        items.push(toItem(entry, null, ctx.now()));
        continue;
      }
      detailsLeft -= 1;
      const outcome = await readDetail(entry, detailSelectors, fetchOptions, ctx.now());
      if (outcome.item) items.push(outcome.item);
      if (outcome.rejected) rejected.push(outcome.rejected);
    }
    if (budgetHit) {
      // this page is not finished: come back to it (page 0 is re-read by every pull anyway)
      resume = index === 0 ? null : { url, index };
      break;
    }
    // newest first: once the tail of a page was known before, everything further down is too
    const tail = entries[entries.length - 1];
    if (fresh.length === 0 || (tail && state.seen.includes(tail.url))) break;
    const next = buildNextPageUrl(page.html, page.url, config.listUrl, index, config.pagination);
    if (!next || visited.has(next) || index + 1 >= config.backfillPages) break;
    url = next;
    index += 1;
    if (pages === config.maxPages - 1) resume = { url, index };
  }

  const newest = items.reduce<string | null>((max, item) => {
    const at = new Date(item.publishedAt).toISOString();
    return max === null || Date.parse(at) > Date.parse(max) ? at : max;
  }, state.newest);
  return {
    items,
    rejected,
    cursor: { seen: [...delivered, ...state.seen].slice(0, REMEMBERED_URLS), newest, resume },
    caughtUp: resume === null,
  };
}

async function readDetail(
  entry: ListEntry,
  selectors: DetailSelectors,
  fetchOptions: PageFetchOptions,
  now: Date,
): Promise<{ item?: InboundItem; rejected?: RejectedPayload }> {
  try {
    const page = await fetchPortalPage(entry.url, fetchOptions);
    if (page.kind === "gone") return {}; // deleted since it was listed: nothing to ingest
    return { item: toItem(entry, parseDetailPage(page.html, page.url, selectors, now), now) };
  } catch (error) {
    // one broken article must not stall the column; WAF, rate limits and outages stop the pull
    if (error instanceof Permanent)
      return { rejected: { raw: { url: entry.url, title: entry.title }, reason: error.message } };
    if (error instanceof ChannelError) throw error;
    throw new Transient(`读取文章失败 / reading ${entry.url} failed: ${String(error)}`, "detail");
  }
}

function toItem(entry: ListEntry, detail: ReturnType<typeof parseDetailPage> | null, now: Date): InboundItem {
  const title = detail?.title || entry.title;
  return {
    externalId: entry.url,
    itemKind: "article",
    threadId: null,
    parentId: null,
    author: detail?.source ? { id: null, name: detail.source, location: null } : null,
    title,
    text: detail?.contentHtml || title,
    format: detail?.contentHtml ? "html" : "text",
    url: entry.url,
    // the detail header is the most precise; the list date and the URL's yyyymmdd are fallbacks
    publishedAt: detail?.publishedAt ?? entry.publishedAt ?? now.toISOString(),
    raw: { list: entry, detail },
  };
}
