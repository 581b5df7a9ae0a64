import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type RunningSimulator, startSimulator } from "../index.ts";
import { getJson } from "../testing.ts";

let sim: RunningSimulator;

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(() => sim.close());

const count = (xml: string, tag: string): number =>
  xml.split(`<${tag}>`).length - 1 + (xml.split(`<${tag} `).length - 1);

describe("feeds", () => {
  it("serves RSS 2.0 with one item lacking a guid, Atom and RDF", async () => {
    const rss = await (await fetch(`${sim.url}/rss/rss2.xml`)).text();
    expect(rss).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<rss version="2.0"/);
    expect(count(rss, "item")).toBe(8);
    expect(count(rss, "guid")).toBe(7);
    expect(rss).toMatch(/<pubDate>[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0800<\/pubDate>/);
    const atom = await (await fetch(`${sim.url}/rss/atom.xml`)).text();
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(count(atom, "entry")).toBe(6);
    const rdf = await (await fetch(`${sim.url}/rss/rdf.xml`)).text();
    expect(rdf).toContain("<rdf:RDF");
    expect(count(rdf, "item")).toBe(5);
  });

  it("serves GBK bytes declared only in the XML declaration", async () => {
    const response = await fetch(`${sim.url}/rss/gbk.xml`);
    expect(response.headers.get("content-type")).toBe("text/xml");
    const xml = iconv.decode(Buffer.from(await response.arrayBuffer()), "gb18030");
    expect(xml.startsWith('<?xml version="1.0" encoding="gbk"?>')).toBe(true);
    expect(xml).toContain(sim.state.feeds.feeds.gbk[0]?.title);
  });

  it("counts each feed item once however often it is fetched", async () => {
    for (const feed of ["rss2", "atom", "rdf", "gbk", "rss2"]) await fetch(`${sim.url}/rss/${feed}.xml`);
    expect((await getJson<{ rss: number }>(`${sim.url}/_sim/stats`)).body.rss).toBe(24);
  });
});
