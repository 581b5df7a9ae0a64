/** The portal crawler against a local server serving GBK TRS pages, a mislabelled site and a WAF. */
import { afterEach, describe, expect, it } from "vitest";
import { RateLimited } from "../contract.ts";
import { BlockedUrlError } from "../net/guarded-fetch.ts";
import { createTestContext } from "../test-support/context.ts";
import {
  type FixtureReply,
  type FixtureServer,
  type RecordedRequest,
  readFixture,
  readFixtureBytes,
  startFixtureServer,
} from "../test-support/fixture-server.ts";
import { type H5Config, H5ConfigSchema, h5 } from "./index.ts";

const bytes = (path: string) => readFixtureBytes(import.meta.url, `fixtures/${path}`);

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

type Override = (request: RecordedRequest) => FixtureReply | undefined;

/** Serves fixtures/ by path. portal-a declares GBK correctly; portal-b claims utf-8 over GBK bytes. */
async function startPortal(override: Override = () => undefined) {
  server = await startFixtureServer((request) => {
    const special = override(request);
    if (special) return special;
    if (request.path === "/waf/index.htm") {
      return {
        status: 412,
        headers: { "content-type": "text/html" },
        body: readFixture(import.meta.url, "fixtures/waf-412.html"),
      };
    }
    const charset = request.path.startsWith("/portal-b/") ? "utf-8" : "GBK";
    try {
      const origin = server?.origin ?? "";
      const body = Buffer.from(
        bytes(request.path.slice(1))
          .toString("latin1")
          .replace(/__ORIGIN__/g, origin),
        "latin1",
      );
      return { status: 200, headers: { "content-type": `text/html; charset=${charset}` }, body };
    } catch {
      // TRS sites answer a missing page with 200 and a "页面不存在" body
      return { status: 200, headers: { "content-type": "text/html" }, body: bytes("not-found.htm") };
    }
  });
  return server;
}

function portalA(srv: FixtureServer, overrides: Partial<Record<keyof H5Config, unknown>> = {}): H5Config {
  return H5ConfigSchema.parse({
    listUrl: `${srv.origin}/portal-a/index.htm`,
    selectors: { item: "ul.tj3_1 li", link: "a", date: "font" },
    detail: { content: ".TRS_Editor", title: ".page_title h1" },
    allowedHosts: [srv.host],
    ...overrides,
  });
}

const ctx = () => createTestContext("2024-01-20T12:00:00+08:00");
const listPages = (srv: FixtureServer) => srv.requests.map((r) => r.path).filter((p) => /index(_\d+)?\.html?$/.test(p));

describe("h5 pull (TRS, GBK)", () => {
  it("walks index, index_1, index_2 and returns each article once, with detail content", async () => {
    const srv = await startPortal();
    const result = await h5.pull?.(portalA(srv), null, ctx());
    expect(listPages(srv)).toEqual(["/portal-a/index.htm", "/portal-a/index_1.htm", "/portal-a/index_2.htm"]);
    const path = (url: string) => new URL(url).pathname;
    // t20240110_6 was deleted (its page says 页面不存在) and is skipped; t20240114_2 is listed twice
    expect(result?.items.map((i) => path(i.externalId))).toEqual([
      "/portal-a/202401/t20240115_1.htm",
      "/portal-a/202401/t20240114_2.htm",
      "/other/202401/t20240113_3.htm",
      "/portal-a/202401/t20240112_4.htm",
      "/portal-a/202401/t20240111_5.htm",
      "/portal-a/202401/t20240109_7.htm",
    ]);
    expect(result?.items[1]).toMatchObject({
      itemKind: "article",
      title: "团员证遗失如何补办？",
      format: "html",
      publishedAt: "2024-01-14T09:00:00+08:00",
      author: { name: "朱镕基中学团委" },
    });
    expect(result?.items[1]?.text).toContain("朱镕基中学团委提醒");
    expect(result?.caughtUp).toBe(true);
  });

  it("a repeated run adds nothing and reads only the first list page", async () => {
    const srv = await startPortal();
    const first = await h5.pull?.(portalA(srv), null, ctx());
    const before = srv.requests.length;
    const second = await h5.pull?.(portalA(srv), first?.cursor ?? null, ctx());
    expect(second?.items).toEqual([]);
    expect(srv.requests.slice(before).map((r) => r.path)).toEqual(["/portal-a/index.htm"]);
  });

  it("respects the page budget and resumes where it stopped", async () => {
    const srv = await startPortal();
    const config = portalA(srv, { maxPages: 1 });
    const first = await h5.pull?.(config, null, ctx());
    expect(first?.items).toHaveLength(4);
    expect(first?.caughtUp).toBe(false);
    const second = await h5.pull?.(config, first?.cursor ?? null, ctx());
    expect(second?.items.map((i) => new URL(i.externalId).pathname)).toEqual(["/portal-a/202401/t20240111_5.htm"]);
    const third = await h5.pull?.(config, second?.cursor ?? null, ctx());
    expect(third?.items.map((i) => new URL(i.externalId).pathname)).toEqual(["/portal-a/202401/t20240109_7.htm"]);
    expect(third?.caughtUp).toBe(true);
  });

  it("a detail page that 404s is skipped, the rest of the column goes on", async () => {
    const srv = await startPortal((request) =>
      request.path.endsWith("t20240111_5.htm") ? { status: 404, body: "Not Found" } : undefined,
    );
    const result = await h5.pull?.(portalA(srv), null, ctx());
    expect(result?.items.map((i) => i.externalId).some((id) => id.endsWith("t20240111_5.htm"))).toBe(false);
    expect(result?.items).toHaveLength(5);
  });

  it("without detail selectors, list entries become items", async () => {
    const srv = await startPortal();
    const result = await h5.pull?.(portalA(srv, { detail: undefined, maxPages: 1 }), null, ctx());
    expect(result?.items[0]).toMatchObject({
      title: "“青年之声”寒假返乡大学生服务指南（全文）",
      text: "“青年之声”寒假返乡大学生服务指南（全文）",
      format: "text",
      publishedAt: "2024-01-15T00:00:00+08:00",
    });
  });
});

describe("h5 pull (other sites)", () => {
  it("reads GBK bytes served as utf-8 and follows the 下一页 link", async () => {
    const srv = await startPortal();
    const config = H5ConfigSchema.parse({
      listUrl: `${srv.origin}/portal-b/index.html`,
      selectors: { item: "div.newslist div.item", date: "span.date" },
      allowedHosts: [srv.host],
    });
    const result = await h5.pull?.(config, null, ctx());
    expect(result?.items.map((i) => [i.title, i.publishedAt])).toEqual([
      ["广东青年志愿者招募公告", "2024-01-10T00:00:00+08:00"],
      ["关于开展寒假“三下乡”活动的通知", "2024-01-08T00:00:00+08:00"],
      ["2023年度优秀团干部名单公示", "2023-12-30T00:00:00+08:00"],
    ]);
  });

  it("a WAF challenge (412 + JS) is a rate limit with a clear message", async () => {
    const srv = await startPortal();
    const config = portalA(srv, { listUrl: `${srv.origin}/waf/index.htm` });
    const error = await h5.pull?.(config, null, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).message).toMatch(/防火墙/);
  });

  it("refuses an internal address that is not explicitly allowed, without fetching it", async () => {
    const srv = await startPortal();
    const config = portalA(srv, { allowedHosts: [] });
    await expect(h5.pull?.(config, null, ctx())).rejects.toBeInstanceOf(BlockedUrlError);
    expect(srv.requests).toHaveLength(0);
  });

  it("a detail link to an internal host is refused even when the list host is allowed", async () => {
    const srv = await startPortal((request) =>
      request.path === "/portal-a/index.htm"
        ? {
            status: 200,
            headers: { "content-type": "text/html; charset=utf-8" },
            body: '<ul class="tj3_1"><li><a href="http://10.0.0.5/admin.htm">内网</a><font>2024-01-19</font></li></ul>',
          }
        : undefined,
    );
    const result = await h5.pull?.(portalA(srv), null, ctx());
    expect(result?.items).toEqual([]);
    expect(result?.rejected?.[0]?.reason).toMatch(/内网/);
  });
});
