import { describe, expect, it } from "vitest";
import {
  classCoverage,
  type CoverageSegment,
  defectDensity,
  MAX_ROADS,
  timelineWeeks,
  weeklyCoverage,
} from "../../../pipeline/coverage/coverage-report.js";

const AT = "2026-11-22";
const INTERVALS = new Map([
  ["Off. kommunevej", 28],
  ["Privat fællesvej", 90],
]);

function segment(id: number, roadClass: string | null, lengthMeters: number, lastInspectedOn: string | null, roadName: string | null = null): CoverageSegment {
  return { id, sourceId: 100 + id, roadClass, roadName, lengthMeters, lastInspectedOn };
}

describe("classCoverage", () => {
  it("sums each class's length by status against its interval, by class name with unclassified last", () => {
    const segments = [
      segment(1, "Off. kommunevej", 100, "2026-11-20"), // ok
      segment(2, "Off. kommunevej", 50, "2026-10-30"), // due 2026-11-27: due soon
      segment(3, "Off. kommunevej", 250, "2026-10-01"), // overdue
      segment(4, "Off. kommunevej", 600, null), // never
      segment(5, "Privat fællesvej", 400, "2026-10-01"), // 52 days of 90: ok
      segment(6, null, 80, "2020-01-01"),
      segment(7, "Off. statsvej", 1000, null),
    ];

    expect(classCoverage(segments, INTERVALS, AT)).toEqual([
      {
        roadClass: "Off. kommunevej",
        requiredIntervalDays: 28,
        lengthKm: 1,
        withinPolicyKm: 0.15,
        withinPolicyPercent: 15,
        dueSoonKm: 0.05,
        overdueKm: 0.25,
        neverKm: 0.6,
      },
      {
        roadClass: "Off. statsvej",
        requiredIntervalDays: null,
        lengthKm: 1,
        withinPolicyKm: 0,
        withinPolicyPercent: 0,
        dueSoonKm: 0,
        overdueKm: 0,
        neverKm: 1,
      },
      {
        roadClass: "Privat fællesvej",
        requiredIntervalDays: 90,
        lengthKm: 0.4,
        withinPolicyKm: 0.4,
        withinPolicyPercent: 100,
        dueSoonKm: 0,
        overdueKm: 0,
        neverKm: 0,
      },
      {
        roadClass: null,
        requiredIntervalDays: null,
        lengthKm: 0.08,
        withinPolicyKm: 0.08,
        withinPolicyPercent: 100,
        dueSoonKm: 0,
        overdueKm: 0,
        neverKm: 0,
      },
    ]);
  });
});

describe("weeklyCoverage", () => {
  it("has the twelve weeks up to the one holding the date, from their Mondays", () => {
    const weeks = timelineWeeks(AT);
    expect(weeks).toHaveLength(12);
    // 2026-11-22 is a Sunday: its week began on Monday 2026-11-16
    expect(weeks.at(-1)).toBe("2026-11-16");
    expect(weeks[0]).toBe("2026-08-31");
  });

  it("counts each segment once a week however often it was inspected, and nothing after the date or before the weeks", () => {
    const lengths = new Map([
      [1, 100],
      [2, 250],
    ]);
    const days = [
      { segmentId: 1, inspectedOn: "2026-11-16" },
      { segmentId: 1, inspectedOn: "2026-11-18" },
      { segmentId: 2, inspectedOn: "2026-11-22" },
      { segmentId: 2, inspectedOn: "2026-11-23" },
      { segmentId: 1, inspectedOn: "2026-11-15" },
      { segmentId: 2, inspectedOn: "2026-08-30" },
    ];

    const weekly = weeklyCoverage(days, lengths, AT);

    expect(weekly.at(-1)).toEqual({ weekStart: "2026-11-16", inspectedKm: 0.35 });
    expect(weekly.at(-2)).toEqual({ weekStart: "2026-11-09", inspectedKm: 0.1 });
    expect(weekly.slice(0, -2).every((week) => week.inspectedKm === 0)).toBe(true);
  });
});

describe("defectDensity", () => {
  it("ranks roads by defects per km, grouping segments by name and class, leaving out short roads and roads without defects", () => {
    const segments = [
      segment(1, "Off. kommunevej", 300, null, "Torvegade"),
      segment(2, "Off. kommunevej", 200, null, "Torvegade"),
      segment(3, "Privat fællesvej", 100, null, "Torvegade"),
      segment(4, "Off. kommunevej", 150, null),
      segment(5, "Off. kommunevej", 50, null, "Kort Vej"),
      segment(6, "Off. kommunevej", 1000, null, "Ren Vej"),
    ];
    const defects = new Map([
      [1, 2],
      [2, 1],
      [3, 1],
      [4, 3],
      [5, 9],
    ]);

    expect(defectDensity(segments, defects)).toEqual([
      // no name in the file: the road is its feature id
      { roadName: "#104", roadClass: "Off. kommunevej", lengthKm: 0.15, defects: 3, defectsPerKm: 20 },
      { roadName: "Torvegade", roadClass: "Privat fællesvej", lengthKm: 0.1, defects: 1, defectsPerKm: 10 },
      { roadName: "Torvegade", roadClass: "Off. kommunevej", lengthKm: 0.5, defects: 3, defectsPerKm: 6 },
    ]);
  });

  it(`lists at most ${MAX_ROADS} roads`, () => {
    const segments = Array.from({ length: 80 }, (_, i) => segment(i + 1, "Off. kommunevej", 200, null, `Vej ${i + 1}`));
    const defects = new Map(segments.map((s) => [s.id, s.id]));

    const roads = defectDensity(segments, defects);

    expect(roads).toHaveLength(MAX_ROADS);
    expect(roads[0]).toMatchObject({ roadName: "Vej 80", defects: 80, defectsPerKm: 400 });
  });
});
