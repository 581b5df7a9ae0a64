/** Feeds: RSS 2.0, Atom, RDF and a GBK feed; keys, dates, conditional GET and the SSRF guard. */
import { afterEach, describe, expect, it } from "vitest";
import { BadPayload, Permanent } from "../contract.ts";
import { decodeBody } from "../net/decode-body.ts";
import { BlockedUrlError } from "../net/guarded-fetch.ts";
import { createTestContext } from "../test-support/context.ts";
import {
  type FixtureReply,
  type FixtureServer,
  readFixture,
  readFixtureBytes,
  startFixtureServer,
} from "../test-support/fixture-server.ts";
import { RssConfigSchema, rss } from "./index.ts";
import { parseFeed } from "./transform.ts";

const NOW = new Date("2024-05-01T12:00:00+08:00");
const feed = (name: string) => readFixture(import.meta.url, `fixtures/${name}`);

describe("parseFeed", () => {
  it("RSS 2.0: guid as key, entities decoded, content:encoded as the body", async () => {
    const { items } = await parseFeed(feed("rss2.xml"), NOW);
    expect(items[0]).toMatchObject({
      externalId: "qnzs-1001",
      itemKind: "article",
      title: "“五四”青年节：青年之声开展&就业帮扶直播",
      text: "<p>直播将邀请就业指导专家在线答疑。</p><p>时间：5月4日晚8点。</p>",
      format: "html",
      url: "https://qnzs.youth.cn/tsxq/202405/t20240501_1001.htm",
      publishedAt: "2024-05-01T02:00:00.000Z",
      author: { name: "青年之声编辑部" },
    });
  });

  it("an item without a guid is keyed by a stable hash of link and title; a zoneless date is Beijing time", async () => {
    const first = (await parseFeed(feed("rss2.xml"), NOW)).items[1];
    const again = (await parseFeed(feed("rss2.xml"), new Date())).items[1];
    expect(first?.externalId).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(again?.externalId).toBe(first?.externalId);
    expect(first).toMatchObject({ publishedAt: "2024-04-30T09:30:00+08:00", format: "text" });
  });

  it("Atom: entry id as key, published (else updated) as date", async () => {
    const { items } = await parseFeed(feed("atom.xml"), NOW);
    expect(items.map((i) => [i.externalId, i.publishedAt, i.url])).toEqual([
      ["tag:gqt.org.cn,2024:7788", "2024-05-01T08:00:00.000Z", "https://www.gqt.org.cn/tz/202405/t20240501_7788.htm"],
      [
        "tag:gqt.org.cn,2024:7777",
        "2024-04-29T02:00:00.000Z",
        "https://www.gqt.org.cn/qndxx/202404/t20240429_7777.htm",
      ],
    ]);
    expect(items[0]?.author?.name).toBe("共青团中央");
  });

  it("RDF (RSS 1.0): dc:date and dc:creator", async () => {
    const { items } = await parseFeed(feed("rdf.xml"), NOW);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      title: "全国青年就业见习岗位募集计划启动",
      publishedAt: "2024-05-01T01:00:00.000Z",
      author: { name: "中国青年网" },
    });
    expect(items[0]?.externalId).toMatch(/^sha256:/);
  });

  it("a GBK feed decoded by its XML declaration", async () => {
    const xml = decodeBody(readFixtureBytes(import.meta.url, "fixtures/gbk.xml"), "application/xml", "xml").text;
    const { items } = await parseFeed(xml, NOW);
    expect(items[0]?.title).toBe("朱镕基中学团委开展“青年之声”进校园活动");
    expect(items[0]?.publishedAt).toBe("2024-01-15T10:22:00+08:00");
  });
});

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("rss pull", () => {
  const start = async () => {
    server = await startFixtureServer((request): FixtureReply => {
      if (request.path === "/rss/rss2.xml") {
        if (request.headers["if-none-match"] === '"v1"') return { status: 304 };
        return {
          status: 200,
          headers: { "content-type": "application/rss+xml", etag: '"v1"' },
          body: feed("rss2.xml"),
        };
      }
      if (request.path === "/rss/atom.xml")
        return { status: 200, headers: { "content-type": "application/atom+xml" }, body: feed("atom.xml") };
      if (request.path === "/rss/gbk.xml") {
        return {
          status: 200,
          headers: { "content-type": "text/xml" },
          body: readFixtureBytes(import.meta.url, "fixtures/gbk.xml"),
        };
      }
      if (request.path === "/rss/broken.xml")
        return { status: 200, headers: { "content-type": "text/html" }, body: feed("not-a-feed.txt") };
      return { status: 404, body: "not found" };
    });
    return server;
  };
  const configFor = (srv: FixtureServer, path: string, allowed = true) =>
    RssConfigSchema.parse({ feedUrl: `${srv.origin}${path}`, allowedHosts: allowed ? [srv.host] : [] });

  it("uses the ETag: an unchanged feed costs one 304 and adds nothing", async () => {
    const srv = await start();
    const first = await rss.pull?.(configFor(srv, "/rss/rss2.xml"), null, createTestContext());
    expect(first?.items).toHaveLength(2);
    const second = await rss.pull?.(configFor(srv, "/rss/rss2.xml"), first?.cursor ?? null, createTestContext());
    expect(second?.items).toEqual([]);
    expect(srv.requests[1]?.headers["if-none-match"]).toBe('"v1"');
  });

  it("without validators, entries already delivered are not delivered again", async () => {
    const srv = await start();
    const first = await rss.pull?.(configFor(srv, "/rss/atom.xml"), null, createTestContext());
    const second = await rss.pull?.(configFor(srv, "/rss/atom.xml"), first?.cursor ?? null, createTestContext());
    expect(first?.items).toHaveLength(2);
    expect(second?.items).toEqual([]);
  });

  it("reads a GBK feed served without a charset", async () => {
    const srv = await start();
    const result = await rss.pull?.(configFor(srv, "/rss/gbk.xml"), null, createTestContext());
    expect(result?.items[0]?.text).toBe("活动现场，同学们就升学、就业等问题踊跃提问。");
  });

  it("something that is not a feed is a bad payload; a missing feed is permanent", async () => {
    const srv = await start();
    await expect(rss.pull?.(configFor(srv, "/rss/broken.xml"), null, createTestContext())).rejects.toBeInstanceOf(
      BadPayload,
    );
    await expect(rss.pull?.(configFor(srv, "/rss/gone.xml"), null, createTestContext())).rejects.toBeInstanceOf(
      Permanent,
    );
  });

  it("refuses a feed on an internal address unless allowed", async () => {
    const srv = await start();
    await expect(rss.pull?.(configFor(srv, "/rss/rss2.xml", false), null, createTestContext())).rejects.toBeInstanceOf(
      BlockedUrlError,
    );
    expect(srv.requests).toHaveLength(0);
  });
});
