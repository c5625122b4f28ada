import { describe, expect, it } from "vitest";
import { dayFromQuery, isIsoDay, isoWeekNumber, localIsoDay } from "../../../web/client/src/calendar-day.js";

describe("calendar days", () => {
  it("writes the local day of a date as YYYY-MM-DD", () => {
    expect(localIsoDay(new Date(2025, 0, 5, 23, 59))).toBe("2025-01-05");
    expect(localIsoDay(new Date(2025, 11, 31, 0, 0))).toBe("2025-12-31");
  });

  it("accepts real days only", () => {
    expect(isIsoDay("2024-02-29")).toBe(true);
    expect(isIsoDay("2025-02-29")).toBe(false);
    expect(isIsoDay("2025-13-01")).toBe(false);
    expect(isIsoDay("2025-5-5")).toBe(false);
    expect(isIsoDay("2025-05-05T00:00:00Z")).toBe(false);
    expect(isIsoDay("")).toBe(false);
  });

  it("numbers weeks the ISO 8601 way, across year ends", () => {
    expect(isoWeekNumber("2025-05-05")).toBe(19);
    expect(isoWeekNumber("2025-01-01")).toBe(1);
    // a Monday in December whose Thursday lies in the new year
    expect(isoWeekNumber("2024-12-30")).toBe(1);
    // a Sunday in January still in the old year's last week
    expect(isoWeekNumber("2021-01-03")).toBe(53);
    expect(isoWeekNumber("2026-12-28")).toBe(53);
  });

  it("takes the day a page address asks for, or the fallback for none or a wrong one", () => {
    expect(dayFromQuery("?at=2025-05-05", "2026-01-01")).toBe("2025-05-05");
    expect(dayFromQuery("?at=2025-02-30", "2026-01-01")).toBe("2026-01-01");
    expect(dayFromQuery("", "2026-01-01")).toBe("2026-01-01");
  });
});
