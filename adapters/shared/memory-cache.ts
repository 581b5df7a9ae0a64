import type { AdapterCache } from "../contract.ts";

/** An in-process AdapterCache with per-entry expiry; the clock is injectable so tests can move time. */
export function createMemoryCache(now: () => number = Date.now): AdapterCache {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    get<T>(key: string): T | undefined {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.value as T;
    },
    set<T>(key: string, value: T, ttlMs: number): void {
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}
