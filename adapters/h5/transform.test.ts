import { describe, expect, it } from "vitest";
import { decodeBody } from "../net/decode-body.ts";
import { readFixtureBytes } from "../test-support/fixture-server.ts";
import { isNotFoundPage } from "./client.ts";
import {
  buildNextPageUrl,
  canonicalizeUrl,
  detectTrsPaging,
  findNextLink,
  parseDetailPage,
  parseListPage,
} from "./transform.ts";

const html = (path: string) => decodeBody(readFixtureBytes(import.meta.url, `fixtures/${path}`), null, "html").text;
const LIST_URL = "http://news.youth.cn/jsxw/index.htm";
const NOW = new Date("2024-01-20T12:00:00+08:00");
const selectors = { item: "ul.tj3_1 li", link: "a", date: "font" };

describe("parseListPage (TRS list, GBK)", () => {
  const entries = parseListPage(
    html("portal-a/index.htm").replace(/__ORIGIN__/g, "http://news.youth.cn"),
    LIST_URL,
    selectors,
    NOW,
  );

  it("resolves ./, ../ and absolute links and skips javascript: links", () => {
    expect(entries.map((e) => e.url)).toEqual([
      "http://news.youth.cn/jsxw/202401/t20240115_1.htm",
      "http://news.youth.cn/jsxw/202401/t20240114_2.htm",
      "http://news.youth.cn/other/202401/t20240113_3.htm",
      "http://news.youth.cn/portal-a/202401/t20240112_4.htm",
    ]);
  });

  it("decodes entity-encoded titles and prefers the full title attribute", () => {
    expect(entries[0]?.title).toBe("“青年之声”寒假返乡大学生服务指南（全文）");
    expect(entries[1]?.title).toBe("团员证遗失如何补办？朱镕基中学团委答疑");
  });

  it("reads 2024-01-15, [01-14] (year from the URL) and 2024年01月13日", () => {
    expect(entries.slice(0, 3).map((e) => e.publishedAt)).toEqual([
      "2024-01-15T00:00:00+08:00",
      "2024-01-14T00:00:00+08:00",
      "2024-01-13T00:00:00+08:00",
    ]);
  });
});

describe("pagination", () => {
  it("detects TRS paging from createPageHTML and numbers pages index_1, index_2", () => {
    const first = html("portal-a/index.htm");
    expect(detectTrsPaging(first, LIST_URL)).toEqual({ count: 3, prefix: "index", ext: "htm" });
    const auto = { pattern: "auto" as const, param: "page" };
    expect(buildNextPageUrl(first, LIST_URL, LIST_URL, 0, auto)).toBe("http://news.youth.cn/jsxw/index_1.htm");
    const last = html("portal-a/index_2.htm");
    expect(buildNextPageUrl(last, "http://news.youth.cn/jsxw/index_2.htm", LIST_URL, 2, auto)).toBeNull();
  });

  it("follows a 下一页 link and stops where it is no longer a link", () => {
    const pageUrl = "http://gd.example.cn/portal-b/index.html";
    expect(findNextLink(html("portal-b/index.html"), pageUrl)).toBe("http://gd.example.cn/portal-b/index_1.html");
    expect(findNextLink(html("portal-b/index_1.html"), "http://gd.example.cn/portal-b/index_1.html")).toBeNull();
  });

  it("builds ?page=N and index_N.html URLs", () => {
    const query = { pattern: "query" as const, param: "page" };
    expect(buildNextPageUrl("", "http://x.cn/list?cat=1", "http://x.cn/list?cat=1", 0, query)).toBe(
      "http://x.cn/list?cat=1&page=2",
    );
    const indexN = { pattern: "index_n" as const, param: "page" };
    expect(buildNextPageUrl("", "http://x.cn/tz/index.html", "http://x.cn/tz/index.html", 1, indexN)).toBe(
      "http://x.cn/tz/index_2.html",
    );
    expect(buildNextPageUrl("", "http://x.cn/tz/", "http://x.cn/tz/", 0, { ...indexN, secondPage: 2 })).toBe(
      "http://x.cn/tz/index_2.html",
    );
  });
});

describe("parseDetailPage", () => {
  const detail = parseDetailPage(
    html("portal-a/202401/t20240114_2.htm"),
    "http://news.youth.cn/jsxw/202401/t20240114_2.htm",
    {
      content: ".TRS_Editor",
      title: ".page_title h1",
      dateRegex: "发稿时间\\s*[:：]\\s*(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})",
      sourceRegex: "来源\\s*[:：]\\s*(\\S+)",
    },
    NOW,
  );

  it("reads the header line by regex on text: time and source", () => {
    expect(detail.publishedAt).toBe("2024-01-14T09:00:00+08:00");
    expect(detail.source).toBe("朱镕基中学团委");
    expect(detail.title).toBe("团员证遗失如何补办？");
  });

  it("keeps the body without scripts and styles, with absolute image URLs", () => {
    expect(detail.contentHtml).toContain("智慧团建截图");
    expect(detail.contentHtml).not.toMatch(/<script|<style/);
    expect(detail.contentHtml).toContain('src="http://news.youth.cn/jsxw/202401/W020240115556677889900.jpg"');
  });
});

describe("page classification and URLs", () => {
  it("recognises the 200 '页面不存在' page, and not a normal list", () => {
    expect(isNotFoundPage(html("not-found.htm"))).toBe(true);
    expect(isNotFoundPage(html("portal-a/index.htm"))).toBe(false);
  });

  it("canonicalises links", () => {
    expect(canonicalizeUrl("./a.htm#comments", "http://x.cn/b/index.htm")).toBe("http://x.cn/b/a.htm");
    expect(canonicalizeUrl("javascript:void(0)", "http://x.cn/")).toBeNull();
    expect(canonicalizeUrl("#top", "http://x.cn/")).toBeNull();
    expect(canonicalizeUrl("mailto:a@b.cn", "http://x.cn/")).toBeNull();
  });
});
