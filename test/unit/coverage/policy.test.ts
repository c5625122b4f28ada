import { describe, expect, it } from "vitest";
import { coverageStatus, DUE_SOON_DAYS, intervalsInForce } from "../../../pipeline/coverage/policy.js";

describe("coverageStatus", () => {
  // Faxe's municipal roads: filmed at least every four weeks
  const interval = 28;

  it("is ok while the next inspection is more than a week away", () => {
    expect(coverageStatus("2026-11-01", interval, "2026-11-01")).toBe("ok");
    expect(coverageStatus("2026-11-01", interval, "2026-11-21")).toBe("ok");
  });

  it(`is due soon from ${DUE_SOON_DAYS} days before the due day through the due day itself`, () => {
    // due on 2026-11-29, four weeks after the inspection
    expect(coverageStatus("2026-11-01", interval, "2026-11-22")).toBe("due-soon");
    expect(coverageStatus("2026-11-01", interval, "2026-11-29")).toBe("due-soon");
  });

  it("is overdue the day after it was due", () => {
    expect(coverageStatus("2026-11-01", interval, "2026-11-30")).toBe("overdue");
    expect(coverageStatus("2025-06-30", interval, "2026-11-30")).toBe("overdue");
  });

  it("counts calendar days across the change to winter time and a leap day", () => {
    // 2026-10-25 is the 25-hour day in Denmark; due 2026-11-19
    expect(coverageStatus("2026-10-22", interval, "2026-11-19")).toBe("due-soon");
    expect(coverageStatus("2026-10-22", interval, "2026-11-20")).toBe("overdue");
    // 2028 is a leap year: 2028-02-15 + 28 days is 2028-03-14
    expect(coverageStatus("2028-02-15", interval, "2028-03-14")).toBe("due-soon");
    expect(coverageStatus("2028-02-15", interval, "2028-03-15")).toBe("overdue");
  });

  it("is never for a segment not inspected, with or without a policy", () => {
    expect(coverageStatus(null, interval, "2026-11-22")).toBe("never");
    expect(coverageStatus(null, null, "2026-11-22")).toBe("never");
  });

  it("is ok for any inspected segment of a class without a policy", () => {
    expect(coverageStatus("2019-01-01", null, "2026-11-22")).toBe("ok");
  });
});

describe("intervalsInForce", () => {
  it("takes each configured default unless a planner set the class, and adds the classes only planners set", () => {
    const intervals = intervalsInForce({ "Off. kommunevej": 28, "Privat fællesvej": 90 }, [
      { roadClass: "Privat fællesvej", requiredIntervalDays: 60 },
      { roadClass: "Cykelrute", requiredIntervalDays: 14 },
    ]);
    expect(intervals).toEqual([
      { roadClass: "Cykelrute", requiredIntervalDays: 14, source: "planner" },
      { roadClass: "Off. kommunevej", requiredIntervalDays: 28, source: "config" },
      { roadClass: "Privat fællesvej", requiredIntervalDays: 60, source: "planner" },
    ]);
  });
});
