import { describe, expect, it } from "vitest";
import { explainInvalidSchedule, FALLBACK_SCHEDULE, nextRunAfter, resolveSchedule } from "./schedule.ts";

describe("schedules", () => {
  it("prefers the account's own expression, then the adapter's default", () => {
    expect(resolveSchedule("0 8 * * *", "*/10 * * * *")).toBe("0 8 * * *");
    expect(resolveSchedule(null, "*/10 * * * *")).toBe("*/10 * * * *");
    expect(resolveSchedule("  ", undefined)).toBe(FALLBACK_SCHEDULE);
  });

  it("finds the next run in Beijing time", () => {
    expect(nextRunAfter("*/10 * * * *", new Date("2025-05-12T02:03:00Z"))).toEqual(new Date("2025-05-12T02:10:00Z"));
    expect(nextRunAfter("*/10 * * * *", new Date("2025-05-12T02:10:00Z"))).toEqual(new Date("2025-05-12T02:20:00Z"));
    // 08:00 in Beijing is 00:00 UTC
    expect(nextRunAfter("0 8 * * *", new Date("2025-05-12T02:00:00Z"))).toEqual(new Date("2025-05-13T00:00:00Z"));
  });

  it("explains an invalid expression", () => {
    expect(explainInvalidSchedule("*/10 * * * *")).toBeNull();
    expect(explainInvalidSchedule("61 * * * *")).toMatch(/minute/);
  });
});
