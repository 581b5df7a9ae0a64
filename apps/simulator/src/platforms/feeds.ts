import { formatIsoBeijing, formatRfc822 } from "../china-time.ts";
import { encodeGbk } from "../gbk.ts";
import { cdata, escapeHtml, htmlReply, type SimReply, type SimRequest } from "../http-kit.ts";
import type { PlatformHandler } from "../platform-handler.ts";
import type { SimState } from "../state.ts";
import { FEED_NAMES, type FeedItem, type FeedName } from "./feed-store.ts";

/** RSS 2.0, Atom, RSS 1.0 (RDF) and a GBK-encoded RSS under `/rss`, plus the pages their items link to. */

const CHANNEL_TITLE = "青年之声 · 热点问答";
const CHANNEL_DESCRIPTION = "共青团青年之声平台热点问题与回复";

function itemLink(state: SimState, item: FeedItem): string {
  return `${state.baseUrl}/rss/items/${item.id}.html`;
}

/** The key a reader de-duplicates on: the guid, or the link when there is none. */
function itemKey(state: SimState, feed: FeedName, item: FeedItem): string {
  return `${feed}:${item.guid ?? itemLink(state, item)}`;
}

function rss2(state: SimState, items: FeedItem[], encoding: string, self: string): string {
  const rendered = items
    .map((item) => {
      const guid = item.guid === null ? "" : `\n<guid isPermaLink="false">${item.guid}</guid>`;
      return `<item>
<title>${cdata(item.title)}</title>
<link>${itemLink(state, item)}</link>
<description>${cdata(`<p>${escapeHtml(item.text)}</p>`)}</description>
<pubDate>${formatRfc822(item.publishedAt)}</pubDate>${guid}
<dc:creator>${cdata(item.author)}</dc:creator>
<category>${cdata(item.category)}</category>
</item>`;
    })
    .join("\n");
  const updated = items[0]?.publishedAt ?? state.clock.now();
  return `<?xml version="1.0" encoding="${encoding}"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${CHANNEL_TITLE}</title>
<link>${state.baseUrl}/rss/</link>
<description>${CHANNEL_DESCRIPTION}</description>
<language>zh-cn</language>
<lastBuildDate>${formatRfc822(updated)}</lastBuildDate>
<atom:link href="${state.baseUrl}/rss/${self}" rel="self" type="application/rss+xml"/>
${rendered}
</channel>
</rss>
`;
}

function atom(state: SimState, items: FeedItem[]): string {
  const rendered = items
    .map(
      (item) => `<entry>
<title type="text">${escapeHtml(item.title)}</title>
<id>${item.guid}</id>
<link rel="alternate" type="text/html" href="${itemLink(state, item)}"/>
<published>${formatIsoBeijing(item.publishedAt)}</published>
<updated>${formatIsoBeijing(item.publishedAt)}</updated>
<author><name>${escapeHtml(item.author)}</name></author>
<category term="${escapeHtml(item.category)}"/>
<summary type="text">${escapeHtml(item.text)}</summary>
<content type="html">${escapeHtml(`<p>${escapeHtml(item.text)}</p>`)}</content>
</entry>`,
    )
    .join("\n");
  const updated = items[0]?.publishedAt ?? state.clock.now();
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
<title>${CHANNEL_TITLE}</title>
<subtitle>${CHANNEL_DESCRIPTION}</subtitle>
<id>tag:qnzs.youth.cn,2015:feed</id>
<updated>${formatIsoBeijing(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${state.baseUrl}/rss/atom.xml"/>
<link rel="alternate" type="text/html" href="${state.baseUrl}/rss/"/>
${rendered}
</feed>
`;
}

function rdf(state: SimState, items: FeedItem[]): string {
  const seq = items.map((item) => `<rdf:li rdf:resource="${itemLink(state, item)}"/>`).join("\n");
  const rendered = items
    .map(
      (item) => `<item rdf:about="${itemLink(state, item)}">
<title>${escapeHtml(item.title)}</title>
<link>${itemLink(state, item)}</link>
<description>${escapeHtml(item.text)}</description>
<dc:date>${formatIsoBeijing(item.publishedAt)}</dc:date>
<dc:creator>${escapeHtml(item.author)}</dc:creator>
<dc:subject>${escapeHtml(item.category)}</dc:subject>
</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="${state.baseUrl}/rss/rdf.xml">
<title>${CHANNEL_TITLE}</title>
<link>${state.baseUrl}/rss/</link>
<description>${CHANNEL_DESCRIPTION}</description>
<items><rdf:Seq>
${seq}
</rdf:Seq></items>
</channel>
${rendered}
</rdf:RDF>
`;
}

const FILES: Record<string, FeedName> = {
  "/rss2.xml": "rss2",
  "/atom.xml": "atom",
  "/rdf.xml": "rdf",
  "/gbk.xml": "gbk",
};

function feedReply(state: SimState, feed: FeedName): SimReply {
  const all = state.feeds.feeds[feed];
  const items = state.faults.fire("rss", "duplicate_delivery") ? all.flatMap((i) => [i, i]) : all;
  let reply: SimReply;
  switch (feed) {
    case "rss2":
      reply = htmlReply(200, rss2(state, items, "UTF-8", "rss2.xml"), "application/rss+xml; charset=utf-8");
      break;
    case "atom":
      reply = htmlReply(200, atom(state, items), "application/atom+xml; charset=utf-8");
      break;
    case "rdf":
      reply = htmlReply(200, rdf(state, items), "application/rdf+xml; charset=utf-8");
      break;
    case "gbk":
      // Only the XML declaration names the encoding.
      reply = htmlReply(200, encodeGbk(rss2(state, items, "gbk", "gbk.xml")), "text/xml");
      break;
  }
  reply.served = {
    platform: "rss",
    endpoint: `/rss/${feed}.xml`,
    keys: all.map((i) => itemKey(state, feed, i)),
    counted: true,
  };
  return reply;
}

function itemPage(state: SimState, id: number): SimReply | null {
  for (const name of FEED_NAMES) {
    const item = state.feeds.feeds[name].find((i) => i.id === id);
    if (item) {
      return htmlReply(
        200,
        `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(item.title)}</title></head><body><h1>${escapeHtml(item.title)}</h1><p class="meta">${formatIsoBeijing(item.publishedAt)} ${escapeHtml(item.author)}</p><p>${escapeHtml(item.text)}</p></body></html>`,
      );
    }
  }
  return null;
}

export const feedsHandler: PlatformHandler = {
  platform: "rss",
  prefixes: ["/rss"],

  handle(request: SimRequest, state: SimState) {
    const feed = FILES[request.path];
    if (feed) return feedReply(state, feed);
    const item = /^\/items\/(\d+)\.html$/.exec(request.path);
    const page = item ? itemPage(state, Number(item[1])) : null;
    return page ?? htmlReply(404, "<html><body><h1>404 Not Found</h1></body></html>");
  },

  faultReply(fault) {
    if (fault !== "rate_limit") return null;
    return htmlReply(
      429,
      "<html><head><title>429 Too Many Requests</title></head><body><h1>429 Too Many Requests</h1></body></html>",
    );
  },

  mislabel(reply) {
    // Only the GBK feed gets the real-world lie: a header claiming UTF-8 over GBK bytes.
    if (reply.headers["content-type"] !== "text/xml") return reply;
    return { ...reply, headers: { "content-type": "text/xml; charset=utf-8" } };
  },
};
