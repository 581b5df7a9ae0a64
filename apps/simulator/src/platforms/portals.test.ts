import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../index.ts";
import { getJson, postJson } from "../testing.ts";

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(() => sim.close());

async function fetchGbk(path: string): Promise<{ status: number; contentType: string; html: string; bytes: Buffer }> {
  const response = await fetch(`${sim.url}${path}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    html: iconv.decode(bytes, "gb18030"),
    bytes,
  };
}

const links = (html: string): string[] => [...html.matchAll(/<li[^>]*>.*?<a href="([^"]+)"/g)].map((m) => m[1] ?? "");

describe("portal-a (TRS, GBK header)", () => {
  it("serves GBK bytes that decode to the right titles, with TRS paging", async () => {
    const page = await fetchGbk("/portal-a/index.htm");
    expect(page.contentType).toBe("text/html; charset=GBK");
    // Not UTF-8: the bytes only make sense as GBK.
    expect(page.bytes.toString("utf8")).toContain("\uFFFD");
    expect(page.html).toContain('createPageHTML(3, 0, "index", "htm")');
    const first = sim.state.portals.a[0];
    expect(page.html).toContain(`>${first?.title}</a>`);
    expect(links(page.html)[0]).toMatch(/^\.\/\d{6}\/t\d{8}_\d+\.htm$/);

    expect((await fetchGbk("/portal-a/index_2.htm")).status).toBe(200);
    expect((await fetchGbk("/portal-a/index_3.htm")).status).toBe(404);
  });

  it("serves detail pages with 发稿时间 and 来源", async () => {
    const index = await fetchGbk("/portal-a/index_1.htm");
    const href = links(index.html)[0] ?? "";
    const detail = await fetchGbk(new URL(href, `${sim.url}/portal-a/index_1.htm`).pathname);
    expect(detail.status).toBe(200);
    expect(detail.html).toMatch(/发稿时间:\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}.*来源:中国青年网/);
  });

  it("mislabels the charset as utf-8 under the fault while the bytes stay GBK", async () => {
    await postJson(`${sim.url}/_sim/faults`, { platform: "h5", fault: "charset_mislabel", enabled: true });
    const page = await fetchGbk("/portal-a/index.htm");
    expect(page.contentType).toBe("text/html; charset=utf-8");
    expect(page.html).toContain(sim.state.portals.a[0]?.title);
  });

  it("answers 412 with a JS challenge under the WAF fault", async () => {
    await postJson(`${sim.url}/_sim/faults`, { platform: "portal", fault: "waf", enabled: true });
    const response = await fetch(`${sim.url}/portal-a/index.htm`);
    expect(response.status).toBe(412);
    expect(await response.text()).toContain("$_ts");
  });
});

describe("portal-b (charset only in <meta>)", () => {
  it("has no charset header, mixes link styles and pins an item on two pages", async () => {
    const pages = await Promise.all(
      ["/portal-b/index.html", "/portal-b/index_1.html", "/portal-b/index_2.html"].map(fetchGbk),
    );
    expect(pages[0]?.contentType).toBe("text/html");
    expect(pages[0]?.html).toContain('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">');
    const hrefs = pages.map((p) => links(p.html));
    const resolved = hrefs.map((h, i) =>
      h.map((href) => new URL(href, `${sim.url}/portal-b/${i === 0 ? "index" : `index_${i}`}.html`).pathname),
    );
    expect(hrefs.flat().some((h) => h.startsWith("../"))).toBe(true);
    expect(hrefs.flat().some((h) => h.startsWith("http://"))).toBe(true);
    expect(resolved[0]?.[0]).toBe(resolved[1]?.[0]);
    expect(pages[0]?.html).toContain("[置顶]");
    expect(new Set(resolved.flat()).size).toBe(14);
    expect(pages.map((p) => p.html).join("")).toContain("&ldquo;青年之声&rdquo;");
  });

  it("answers a past-the-end page with 200 and 页面不存在", async () => {
    const page = await fetchGbk("/portal-b/index_9.html");
    expect(page.status).toBe(200);
    expect(page.html).toContain("页面不存在");
  });

  it("counts the pinned item once in /_sim/stats", async () => {
    for (const path of ["/portal-b/index.html", "/portal-b/index_1.html", "/portal-b/index_2.html"])
      await fetchGbk(path);
    const stats = (await getJson<{ h5: number }>(`${sim.url}/_sim/stats`)).body;
    expect(stats.h5).toBe(14);
  });
});
