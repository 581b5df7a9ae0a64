import { RateLimited } from "@qnzs/adapters";
import { describe, expect, it } from "vitest";
import { createRateBudgets } from "./rate-budget.ts";

describe("per-platform rate budgets", () => {
  const setup = (maxWaitMs = 60_000) => {
    let now = 0;
    const waits: number[] = [];
    const budgets = createRateBudgets({
      overrides: { portal: { burst: 2, perMinute: 60 } },
      maxWaitMs,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    return { budgets, waits, advance: (ms: number) => (now += ms) };
  };

  it("lets a burst through, then paces requests of the same platform", async () => {
    const { budgets, waits } = setup();
    for (let i = 0; i < 4; i++) await budgets.acquire("portal", "medium");
    // 60 a minute: the third waits a second, the fourth (queued behind it) two
    expect(waits).toEqual([1000, 2000]);
  });

  it("refills with time and reports what is left", async () => {
    const { budgets, advance } = setup();
    await budgets.acquire("portal", "medium");
    await budgets.acquire("portal", "medium");
    expect(budgets.remaining("portal", "medium")).toBe(0);
    advance(1500);
    expect(budgets.remaining("portal", "medium")).toBe(1);
  });

  it("ends a run (RateLimited) rather than wait longer than allowed", async () => {
    const { budgets } = setup(500);
    await budgets.acquire("portal", "medium");
    await budgets.acquire("portal", "medium");
    await expect(budgets.acquire("portal", "medium")).rejects.toBeInstanceOf(RateLimited);
  });

  it("does not pace a platform with no crawling risk, and sizes others by their risk", async () => {
    const { budgets, waits } = setup();
    for (let i = 0; i < 500; i++) await budgets.acquire("wechat", "none");
    expect(waits).toEqual([]);
    expect(budgets.remaining("wechat", "none")).toBeNull();
    expect(budgets.remaining("sina", "high")).toBe(10);
  });
});
