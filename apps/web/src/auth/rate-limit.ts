/**
 * Login rate limiting: failed sign-ins are counted per username and per client address in a sliding window; past
 * the limit, further attempts are refused without checking the password (so guessing costs the attacker time,
 * and argon2 work cannot be used to load the server). In memory: one hub process serves the console.
 */
export interface RateLimiter {
  /** ms until the key may try again; 0 when it may try now */
  retryAfter(keys: readonly string[], now?: number): number;
  recordFailure(keys: readonly string[], now?: number): void;
  reset(keys: readonly string[]): void;
}

export function createRateLimiter(options: { limit: number; windowMs: number }): RateLimiter {
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number) => {
    const kept = (failures.get(key) ?? []).filter((at) => now - at < options.windowMs);
    if (kept.length === 0) failures.delete(key);
    else failures.set(key, kept);
    return kept;
  };
  return {
    retryAfter(keys, now = Date.now()) {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key, now);
        if (times.length >= options.limit) wait = Math.max(wait, times[0]! + options.windowMs - now);
      }
      return wait;
    },
    recordFailure(keys, now = Date.now()) {
      for (const key of keys) failures.set(key, [...recent(key, now), now]);
    },
    reset(keys) {
      for (const key of keys) failures.delete(key);
    },
  };
}
