import { describe, expect, it } from "vitest";
import { formatLocalTime, zonedTimeToUtcMs } from "../../../pipeline/time/zoned-time.js";

const COPENHAGEN = "Europe/Copenhagen";
const utc = (iso: string) => Date.parse(iso);

describe("formatLocalTime", () => {
  it("writes the wall clock with the zone's offset at that instant", () => {
    expect(formatLocalTime(utc("2025-01-15T11:00:00.750Z"), COPENHAGEN)).toBe("2025-01-15T12:00:00+01:00");
    expect(formatLocalTime(utc("2025-07-15T11:00:00Z"), COPENHAGEN)).toBe("2025-07-15T13:00:00+02:00");
    expect(formatLocalTime(utc("2025-07-15T11:00:00Z"), "America/St_Johns")).toBe("2025-07-15T08:30:00-02:30");
    expect(formatLocalTime(utc("2025-07-15T11:00:00Z"), "UTC")).toBe("2025-07-15T11:00:00+00:00");
  });
});

describe("zonedTimeToUtcMs around daylight-saving changes", () => {
  it("reads the skipped spring hour as winter time and the repeated autumn hour as its second occurrence", () => {
    expect(zonedTimeToUtcMs(utc("2024-03-31T02:30:00Z"), COPENHAGEN)).toBe(utc("2024-03-31T01:30:00Z"));
    expect(zonedTimeToUtcMs(utc("2024-10-27T02:30:00Z"), COPENHAGEN)).toBe(utc("2024-10-27T01:30:00Z"));
    expect(zonedTimeToUtcMs(utc("2024-10-27T03:30:00Z"), COPENHAGEN)).toBe(utc("2024-10-27T02:30:00Z"));
  });
});
