/**
 * When to try a send again: exponential backoff with full jitter (a uniformly random wait between 0 and the
 * exponential ceiling), so rows failing together do not retry together; a platform's own retry-after is a floor.
 * After `maxAttempts` sends a row is dead and waits for a person.
 */

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 8 };

/** The wait before the next send, after `attempts` sends so far (1 after the first). */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  retryAfterMs: number | null = null,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jitter = Math.floor(random() * ceiling);
  return retryAfterMs === null ? jitter : Math.max(retryAfterMs, jitter);
}
