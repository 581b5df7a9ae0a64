/**
 * Working time in Asia/Shanghai: Monday to Friday, 09:00–12:00 and 13:00–18:00, except public holidays, plus the
 * weekend days worked to make up for them (调休). Deadlines of ordinary cases are counted in this time, so a
 * question asked on Friday evening is not overdue on Monday morning. China has no daylight saving time: local
 * time is UTC+8 all year, and the arithmetic below needs no time-zone library.
 */
import type { Db } from "@qnzs/db";
import { CALENDAR_DAY_KINDS, calendarDays } from "@qnzs/db/schema";
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { SEED_CALENDAR } from "./calendar-data.ts";
import { parseInput } from "./errors.ts";

const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Working periods of a day in local minutes since midnight, in order. */
export type WorkingPeriods = readonly (readonly [start: number, end: number])[];

export const DEFAULT_WORKING_PERIODS: WorkingPeriods = [
  [9 * 60, 12 * 60],
  [13 * 60, 18 * 60],
];

export interface WorkingCalendar {
  /** local dates (YYYY-MM-DD) that are days off although weekdays, with the holiday's name */
  holidays: ReadonlyMap<string, string>;
  /** local dates that are working days although weekends (调休) */
  workdays: ReadonlyMap<string, string>;
  periods: WorkingPeriods;
}

export function createCalendar(
  days: readonly { day: string; kind: string; name: string }[],
  periods: WorkingPeriods = DEFAULT_WORKING_PERIODS,
): WorkingCalendar {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  for (const day of days) (day.kind === "workday" ? workdays : holidays).set(day.day, day.name);
  return { holidays, workdays, periods };
}

/** UTC milliseconds of the local midnight starting the day `ms` falls in. */
function localDayStart(ms: number): number {
  return Math.floor((ms + OFFSET_MS) / DAY_MS) * DAY_MS - OFFSET_MS;
}

/** The local date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date): string {
  return new Date(localDayStart(instant.getTime()) + OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(calendar: WorkingCalendar, date: string): boolean {
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The instant `minutes` of working time after `start`; time outside working hours does not count. */
export function addWorkingTime(calendar: WorkingCalendar, start: Date, minutes: number): Date {
  let remaining = Math.max(0, minutes) * MINUTE_MS;
  if (remaining === 0) return new Date(start);
  let t = start.getTime();
  // ten years of days off in a row would be a broken calendar, not a deadline
  for (let guard = 0; guard < 3660; guard++) {
    const dayStart = localDayStart(t);
    if (isWorkingDay(calendar, localDate(new Date(dayStart)))) {
      for (const [from, to] of calendar.periods) {
        const periodEnd = dayStart + to * MINUTE_MS;
        if (t >= periodEnd) continue;
        const begin = Math.max(t, dayStart + from * MINUTE_MS);
        const available = periodEnd - begin;
        if (remaining <= available) return new Date(begin + remaining);
        remaining -= available;
        t = periodEnd;
      }
    }
    t = dayStart + DAY_MS;
  }
  throw new Error("calendar: no working time in ten years");
}

export async function loadCalendar(
  db: Db,
  periods: WorkingPeriods = DEFAULT_WORKING_PERIODS,
): Promise<WorkingCalendar> {
  const days = await db.select().from(calendarDays);
  return createCalendar(days, periods);
}

export const CalendarDaySchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "日期格式为 YYYY-MM-DD / date as YYYY-MM-DD"),
  kind: z.enum(CALENDAR_DAY_KINDS),
  name: z.string().trim().min(1).max(50),
});

/** Marks a date as a holiday or a make-up working day (replacing what it was). */
export async function setCalendarDay(db: Db, input: z.input<typeof CalendarDaySchema>): Promise<void> {
  const day = parseInput(CalendarDaySchema, input);
  await db
    .insert(calendarDays)
    .values(day)
    .onConflictDoUpdate({ target: calendarDays.day, set: { kind: day.kind, name: day.name } });
}

/** Makes a date an ordinary day again (a weekday works, a weekend rests). */
export async function removeCalendarDay(db: Db, day: string): Promise<void> {
  await db.delete(calendarDays).where(eq(calendarDays.day, day));
}

export type CalendarDay = z.output<typeof CalendarDaySchema>;

/** The holidays and make-up working days between two dates (YYYY-MM-DD, both included), in date order. */
export async function listCalendarDays(db: Db, range: { from?: string; to?: string } = {}): Promise<CalendarDay[]> {
  const rows = await db
    .select()
    .from(calendarDays)
    .where(
      and(
        range.from ? gte(calendarDays.day, range.from) : undefined,
        range.to ? lte(calendarDays.day, range.to) : undefined,
      ),
    )
    .orderBy(asc(calendarDays.day));
  return rows.map((row) => ({ day: row.day, kind: row.kind, name: row.name }));
}

/** Loads the known holidays on the first start; a calendar that has any day is left alone. */
export async function ensureSeedCalendar(db: Db): Promise<number> {
  const [existing] = await db.select({ count: sql<number>`count(*)::int` }).from(calendarDays);
  if ((existing?.count ?? 0) > 0) return 0;
  await db.insert(calendarDays).values(SEED_CALENDAR).onConflictDoNothing();
  return SEED_CALENDAR.length;
}
