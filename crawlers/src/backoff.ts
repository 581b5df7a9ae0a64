/**
 * Exponential backoff with full jitter (a uniformly random wait between 0 and the exponential ceiling), so many
 * workers retrying one platform spread out instead of hammering it in step. A platform's own retry hint is a floor.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/** Wait before the next try: at least what the platform asked for, plus jitter so retries do not align. */
export function delayHonouringHint(
  hintMs: number | null,
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const jitter = fullJitterDelay(attempt, policy, random);
  return hintMs === null ? jitter : Math.max(hintMs, jitter);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
