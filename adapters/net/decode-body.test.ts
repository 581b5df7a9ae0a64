import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { readFixtureBytes } from "../test-support/fixture-server.ts";
import { decodeBody, normaliseCharset } from "./decode-body.ts";

const gbkPage = readFixtureBytes(import.meta.url, "../h5/fixtures/portal-a/202401/t20240114_2.htm");
const gbkWithoutMeta = iconv.encode("<html><body><p>朱镕基中学团委：团员证补办</p></body></html>", "gbk");

describe("decodeBody", () => {
  it("decodes GBK declared in the header, as GB18030 so 镕 survives", () => {
    const decoded = decodeBody(gbkPage, "text/html; charset=GBK", "html");
    expect(decoded).toMatchObject({ charset: "gb18030", source: "header" });
    expect(decoded.text).toContain("朱镕基中学团委");
  });

  it("falls back to <meta> when the header has no charset", () => {
    const decoded = decodeBody(gbkPage, "text/html", "html");
    expect(decoded).toMatchObject({ charset: "gb18030", source: "document" });
    expect(decoded.text).toContain("团员证遗失");
  });

  it("does not trust a header that says utf-8 when the bytes are GBK", () => {
    const decoded = decodeBody(gbkPage, "text/html; charset=utf-8", "html");
    expect(decoded.text).toContain("朱镕基中学团委");
    expect(decoded.text).not.toContain("\uFFFD");
  });

  it("guesses GB18030 for invalid UTF-8 with no declaration at all", () => {
    const decoded = decodeBody(gbkWithoutMeta, null, "html");
    expect(decoded).toMatchObject({ charset: "gb18030", source: "fallback" });
    expect(decoded.text).toContain("朱镕基中学团委");
  });

  it("reads UTF-8 pages and strips a BOM", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("<p>青年之声</p>")]);
    expect(decodeBody(bytes, null, "html").text).toBe("<p>青年之声</p>");
  });

  it("uses the XML declaration for feeds", () => {
    const xml = iconv.encode('<?xml version="1.0" encoding="GBK"?><rss><title>团中央</title></rss>', "gbk");
    expect(decodeBody(xml, "application/xml", "xml").text).toContain("<title>团中央</title>");
  });

  it("maps charset labels to what iconv can decode", () => {
    expect(normaliseCharset("GB2312")).toBe("gb18030");
    expect(normaliseCharset("'UTF8'")).toBe("utf-8");
    expect(normaliseCharset("no-such-charset")).toBeNull();
  });
});
