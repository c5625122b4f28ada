import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isCalendarDate, localDate, mondayOf } from "../../../pipeline/time/calendar-date.js";

describe("calendar dates", () => {
  it("dates an instant by the local calendar: a drive at 00:30 Danish summer time is on the next day", () => {
    expect(localDate(Date.parse("2026-06-14T22:30:00Z"), "Europe/Copenhagen")).toBe("2026-06-15");
    expect(localDate(Date.parse("2026-06-14T22:30:00Z"), "UTC")).toBe("2026-06-14");
  });

  it("counts and adds whole days across months, years and daylight-saving changes", () => {
    expect(addDays("2026-12-30", 3)).toBe("2027-01-02");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
    expect(daysBetween("2026-11-22", "2026-11-01")).toBe(-21);
  });

  it("finds the Monday starting a date's week", () => {
    expect(mondayOf("2026-11-16")).toBe("2026-11-16");
    expect(mondayOf("2026-11-22")).toBe("2026-11-16");
    expect(mondayOf("2027-01-01")).toBe("2026-12-28");
  });

  it("accepts real dates written YYYY-MM-DD only", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    for (const text of ["2026-02-29", "2026-13-01", "22-11-2026", "2026-11-22T10:00:00Z", ""]) expect(isCalendarDate(text), text).toBe(false);
  });
});
