/**
 * Public holidays and make-up working days (调休) as announced by the General Office of the State Council for
 * 2025 and 2026. Loaded into `calendar_days` on the first start; each year's notice comes out in November —
 * add it with `setCalendarDay` (or correct these) rather than editing this file.
 */
import type { CalendarDayKind } from "@qnzs/db/schema";

export interface CalendarDay {
  day: string;
  kind: CalendarDayKind;
  name: string;
}

function holiday(name: string, from: string, to: string): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    days.push({ day: new Date(t).toISOString().slice(0, 10), kind: "holiday", name });
  }
  return days;
}

function workday(name: string, day: string): CalendarDay {
  return { day, kind: "workday", name: `${name}调休上班` };
}

export const SEED_CALENDAR: CalendarDay[] = [
  ...holiday("元旦", "2025-01-01", "2025-01-01"),
  ...holiday("春节", "2025-01-28", "2025-02-04"),
  workday("春节", "2025-01-26"),
  workday("春节", "2025-02-08"),
  ...holiday("清明节", "2025-04-04", "2025-04-06"),
  ...holiday("劳动节", "2025-05-01", "2025-05-05"),
  workday("劳动节", "2025-04-27"),
  ...holiday("端午节", "2025-05-31", "2025-06-02"),
  ...holiday("国庆节、中秋节", "2025-10-01", "2025-10-08"),
  workday("国庆节", "2025-09-28"),
  workday("国庆节", "2025-10-11"),

  ...holiday("元旦", "2026-01-01", "2026-01-03"),
  workday("元旦", "2026-01-04"),
  ...holiday("春节", "2026-02-15", "2026-02-23"),
  workday("春节", "2026-02-14"),
  workday("春节", "2026-02-28"),
  ...holiday("清明节", "2026-04-04", "2026-04-06"),
  ...holiday("劳动节", "2026-05-01", "2026-05-05"),
  workday("劳动节", "2026-05-09"),
  ...holiday("端午节", "2026-06-19", "2026-06-21"),
  ...holiday("中秋节", "2026-09-25", "2026-09-27"),
  ...holiday("国庆节", "2026-10-01", "2026-10-07"),
  workday("国庆节", "2026-09-20"),
  workday("国庆节", "2026-10-10"),
];
