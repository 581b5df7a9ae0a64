/** RSS 2.0 / Atom / RDF feeds, including GBK-encoded ones from Chinese sites. */
import { z } from "zod";
import { BadPayload, type ChannelAdapter } from "../contract.ts";
import { fetchFeed } from "./client.ts";
import { parseFeed } from "./transform.ts";

export const RssConfigSchema = z.object({
  feedUrl: z.url().describe("订阅地址（RSS/Atom）"),
  /** internal hosts the operator allows explicitly, "host:port" or "host" */
  allowedHosts: z.array(z.string()).default([]).describe("允许访问的内网主机"),
  timeoutMs: z.number().int().min(1000).max(120_000).default(20_000).describe("超时（毫秒）"),
});
export type RssConfig = z.infer<typeof RssConfigSchema>;

const RssCursorSchema = z.object({
  /** entry keys already delivered, newest first */
  seen: z.array(z.string()).default([]),
  etag: z.string().nullable().default(null),
  lastModified: z.string().nullable().default(null),
});

const REMEMBERED_KEYS = 1000;

export const rss: ChannelAdapter<RssConfig> = {
  kind: "rss",
  meta: {
    name: "RSS/Atom 订阅源",
    description: "订阅 RSS 2.0、Atom 或 RDF 源（含 GBK 编码的中文源），把新条目作为文章收录",
    antiCrawlerRisk: "low",
    example: { feedUrl: "https://www.example.org.cn/rss.xml", allowedHosts: [] },
    defaultSchedule: "*/30 * * * *",
  },
  config: RssConfigSchema,
  secretFields: [],
  capabilities: { pull: true, push: false, reply: false, post: false, maxLength: 0 },

  async pull(config, cursor, ctx) {
    const state = RssCursorSchema.parse(cursor ?? {});
    const outcome = await fetchFeed(config.feedUrl, {
      fetch: ctx.fetch,
      allowedHosts: config.allowedHosts,
      signal: ctx.signal,
      timeoutMs: config.timeoutMs,
      etag: state.etag,
      lastModified: state.lastModified,
    });
    if (outcome.kind === "unchanged") return { items: [], cursor: state, caughtUp: true };

    let feed: Awaited<ReturnType<typeof parseFeed>>;
    try {
      feed = await parseFeed(outcome.xml, ctx.now());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BadPayload(
        `不是有效的 RSS/Atom/RDF 订阅源 / not a readable feed: ${reason}`,
        outcome.xml.slice(0, 4000),
      );
    }
    const seen = new Set(state.seen);
    const items = feed.items.filter((item) => {
      if (seen.has(item.externalId)) return false;
      seen.add(item.externalId);
      return true;
    });
    return {
      items,
      rejected: feed.rejected,
      cursor: {
        seen: [...items.map((item) => item.externalId), ...state.seen].slice(0, REMEMBERED_KEYS),
        etag: outcome.etag,
        lastModified: outcome.lastModified,
      },
      caughtUp: true,
    };
  },
};
