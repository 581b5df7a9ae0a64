import { describe, expect, it } from "vitest";
import { addWorkingTime, createCalendar, isWorkingDay, localDate } from "./calendar.ts";
import { SEED_CALENDAR } from "./calendar-data.ts";
import { beijing } from "./test-support.ts";

const calendar = createCalendar(SEED_CALENDAR);
const plainWeeks = createCalendar([]);

describe("working-day calendar (Asia/Shanghai, 09:00–12:00 and 13:00–18:00)", () => {
  it("skips the weekend: Friday 17:00 plus two working hours is Monday 10:00", () => {
    expect(addWorkingTime(calendar, beijing("2025-01-10 17:00"), 120)).toEqual(beijing("2025-01-13 10:00"));
  });

  it("skips 国庆 and works the 调休 Saturday: three working days from 30 September end on Saturday 11 October", () => {
    // 30 Sep 16–18 (2h), 1–8 Oct off, 9 Oct (8h), 10 Oct (8h), 11 Oct is a make-up working Saturday: 6h → 16:00
    expect(addWorkingTime(calendar, beijing("2025-09-30 16:00"), 3 * 480)).toEqual(beijing("2025-10-11 16:00"));
    // the same deadline on a calendar without the holiday would fall inside it
    expect(addWorkingTime(plainWeeks, beijing("2025-09-30 16:00"), 3 * 480)).toEqual(beijing("2025-10-03 16:00"));
  });

  it("works the 调休 Sunday before 国庆: Friday 17:00 plus two hours is Sunday 28 September 10:00", () => {
    expect(addWorkingTime(calendar, beijing("2025-09-26 17:00"), 120)).toEqual(beijing("2025-09-28 10:00"));
    expect(addWorkingTime(plainWeeks, beijing("2025-09-26 17:00"), 120)).toEqual(beijing("2025-09-29 10:00"));
  });

  it("starts counting at opening time and pauses over lunch", () => {
    expect(addWorkingTime(calendar, beijing("2025-03-03 07:00"), 60)).toEqual(beijing("2025-03-03 10:00"));
    expect(addWorkingTime(calendar, beijing("2025-03-03 11:30"), 60)).toEqual(beijing("2025-03-03 13:30"));
    expect(addWorkingTime(calendar, beijing("2025-03-03 11:00"), 60)).toEqual(beijing("2025-03-03 12:00"));
  });

  it("knows holidays, make-up days and ordinary weekends", () => {
    expect(isWorkingDay(calendar, "2025-10-01")).toBe(false);
    expect(isWorkingDay(calendar, "2025-10-11")).toBe(true);
    expect(isWorkingDay(calendar, "2025-10-12")).toBe(false);
    expect(isWorkingDay(calendar, "2025-10-13")).toBe(true);
    expect(localDate(beijing("2025-10-01 00:30"))).toBe("2025-10-01");
  });
});
