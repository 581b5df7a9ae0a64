import { describe, expect, it } from "vitest";
import { adapters, channelKinds, getAdapter, listAdapters } from "./index.ts";

describe("registry", () => {
  it("lists the five channel kinds, each under its own kind", () => {
    expect(channelKinds).toEqual(["weibo", "wechat", "weibang", "h5", "rss"]);
    for (const kind of channelKinds) expect(adapters[kind].kind).toBe(kind);
  });

  it("returns an adapter by kind and names the known kinds for an unknown one", () => {
    expect(getAdapter("rss")).toBe(adapters.rss);
    expect(() => getAdapter("douyin")).toThrow(/未知的渠道类型「douyin」.*weibo, wechat, weibang, h5, rss/);
  });

  it("every adapter's example config is accepted by its own schema", () => {
    for (const { kind } of listAdapters()) {
      const adapter = getAdapter(kind);
      const parsed = adapter.config.safeParse(adapter.meta.example);
      expect(parsed.success, `${kind}: ${parsed.success ? "" : parsed.error.message}`).toBe(true);
    }
  });

  it("declares secrets that exist in the config and capabilities that match the methods", () => {
    for (const kind of channelKinds) {
      const adapter = getAdapter(kind);
      for (const field of adapter.secretFields) expect(Object.keys(adapter.meta.example)).toContain(field);
      expect(Boolean(adapter.pull), `${kind}.pull`).toBe(adapter.capabilities.pull);
      expect(Boolean(adapter.receive), `${kind}.receive`).toBe(adapter.capabilities.push);
    }
  });
});
