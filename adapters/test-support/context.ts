/** An AdapterContext for tests: real fetch, an in-memory cache and a clock the test controls. */
import type { AdapterContext } from "../contract.ts";
import { createMemoryCache } from "../shared/memory-cache.ts";

export interface TestContext extends AdapterContext {
  /** move the clock forward */
  advance(ms: number): void;
}

export function createTestContext(start = "2024-05-01T12:00:00+08:00"): TestContext {
  let nowMs = Date.parse(start);
  return {
    fetch: globalThis.fetch,
    cache: createMemoryCache(() => nowMs),
    now: () => new Date(nowMs),
    advance(ms: number) {
      nowMs += ms;
    },
  };
}
