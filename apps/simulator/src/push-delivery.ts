/** Delivering one webhook with a deadline and retries, as WeChat and a Weibang bridge do. */

export interface DeliveryAttempt {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface DeliveryOutcome {
  ok: boolean;
  attempts: number;
  status: number | null;
  /** the last response body, e.g. a WeChat passive reply */
  responseBody: string | null;
  error: string | null;
}

export interface DeliveryPlan {
  /** builds attempt n (0-based); retries may re-sign */
  attempt(n: number): DeliveryAttempt;
  retries: number;
  timeoutMs: number;
  /** wait before retry n (1-based) */
  backoffMs(n: number): number;
  /** aborts everything when the simulator closes */
  signal: AbortSignal;
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** POSTs until a 2xx arrives within the deadline, or the retries run out. */
export async function deliver(plan: DeliveryPlan): Promise<DeliveryOutcome> {
  let outcome: DeliveryOutcome = { ok: false, attempts: 0, status: null, responseBody: null, error: null };
  for (let n = 0; n <= plan.retries; n++) {
    if (plan.signal.aborted) break;
    if (n > 0) await wait(plan.backoffMs(n), plan.signal);
    const attempt = plan.attempt(n);
    outcome = { ...outcome, attempts: n + 1 };
    try {
      const response = await fetch(attempt.url, {
        method: "POST",
        headers: attempt.headers,
        body: attempt.body,
        signal: AbortSignal.any([AbortSignal.timeout(plan.timeoutMs), plan.signal]),
      });
      const text = await response.text();
      outcome = { ...outcome, status: response.status, responseBody: text, error: null };
      if (response.ok) return { ...outcome, ok: true };
      outcome.error = `HTTP ${response.status}`;
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      outcome.error = name === "TimeoutError" ? `no answer within ${plan.timeoutMs} ms` : String(error);
      outcome.status = null;
      outcome.responseBody = null;
    }
  }
  return outcome;
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return wait(ms, signal ?? new AbortController().signal);
}
