import { afterEach, describe, expect, it, vi } from "vitest";
import { produceItems, startProducer } from "./producer.ts";
import { createState } from "./state.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("producer", () => {
  it("spreads new posts over every platform in turn", () => {
    const state = createState();
    const produced = produceItems(state, 6);
    expect(new Set(produced.map((p) => p.platform))).toEqual(new Set(["weibo", "wechat", "weibang", "h5", "rss"]));
    expect(state.weibo.store.mentions().map((s) => String(s.id))).toContain(produced[0]?.key);
    expect(state.wechat.pending.at(-1)?.msgId).toBe(produced[1]?.key);
  });

  it("adds N posts a minute until stopped", () => {
    vi.useFakeTimers();
    const state = createState();
    const before = state.weibo.store.mentions().length;
    const producer = startProducer(state, 6);
    vi.advanceTimersByTime(60_000);
    expect(state.producerTurn).toBe(6);
    expect(state.weibo.store.mentions().length).toBe(before + 1);
    producer.stop();
    vi.advanceTimersByTime(60_000);
    expect(state.producerTurn).toBe(6);
  });
});
