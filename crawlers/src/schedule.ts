/**
 * When an account is pulled: its own node-cron expression, else its adapter's default, else a conservative fallback.
 * Expressions are read in Beijing time, the platforms' (and the League's) clock.
 */
import cron from "node-cron";

export const FALLBACK_SCHEDULE = "*/15 * * * *";
export const SCHEDULE_TIMEZONE = "Asia/Shanghai";

/** Searching minute by minute is cheap for the schedules people write; past a week we ask node-cron directly. */
const SEARCH_LIMIT_MINUTES = 7 * 24 * 60;

export function resolveSchedule(accountSchedule: string | null | undefined, defaultSchedule?: string): string {
  return accountSchedule?.trim() || defaultSchedule || FALLBACK_SCHEDULE;
}

/** null when the expression is valid, else why not (in the words node-cron gives). */
export function explainInvalidSchedule(expression: string): string | null {
  const verdict = cron.validateDetailed(expression);
  if (verdict.valid) return null;
  return verdict.errors.map((error) => error.message).join("; ") || "invalid cron expression";
}

/** The first time strictly after `from` that the expression fires. */
export function nextRunAfter(expression: string, from: Date): Date {
  const task = cron.createTask(expression, () => undefined, { timezone: SCHEDULE_TIMEZONE });
  try {
    const hasSeconds = expression.trim().split(/\s+/).length === 6;
    const stepMs = hasSeconds ? 1000 : 60_000;
    const start = Math.floor(from.getTime() / stepMs) * stepMs + stepMs;
    const limit = hasSeconds ? 24 * 3600 : SEARCH_LIMIT_MINUTES;
    for (let step = 0; step < limit; step += 1) {
      const candidate = new Date(start + step * stepMs);
      if (task.match(candidate)) return candidate;
    }
    return task.getNextRuns(1)[0] ?? new Date(from.getTime() + 24 * 3600_000);
  } finally {
    void task.destroy();
  }
}
