import { describe, expect, it } from "vitest";
import type { CoverageClassSummary } from "../../../web/client/src/api-types.js";
import { coverageTotals } from "../../../web/client/src/coverage-totals.js";

function roadClass(roadClass: string, requiredIntervalDays: number | null, km: Partial<CoverageClassSummary>): CoverageClassSummary {
  return {
    roadClass,
    requiredIntervalDays,
    lengthKm: 0,
    withinPolicyKm: 0,
    withinPolicyPercent: 0,
    dueSoonKm: 0,
    overdueKm: 0,
    neverKm: 0,
    ...km,
  };
}

describe("coverageTotals", () => {
  it("sums the classes and takes shares of the length that has an interval only", () => {
    const totals = coverageTotals([
      roadClass("Off. kommunevej", 30, { lengthKm: 80, withinPolicyKm: 60, dueSoonKm: 5, overdueKm: 10, neverKm: 5 }),
      roadClass("Off. statsvej", 90, { lengthKm: 20, withinPolicyKm: 20 }),
      roadClass("Privat vej", null, { lengthKm: 50, neverKm: 40 }),
    ]);
    expect(totals).toEqual({
      lengthKm: 150,
      withPolicyKm: 100,
      withinPolicyKm: 80,
      dueSoonKm: 5,
      overdueKm: 10,
      neverKm: 45,
      withinPolicyPercent: 80,
      overduePercent: 10,
    });
  });

  it("has no shares when no class has an interval", () => {
    const totals = coverageTotals([roadClass("Privat vej", null, { lengthKm: 5, neverKm: 5 })]);
    expect(totals.withinPolicyPercent).toBeNull();
    expect(totals.overduePercent).toBeNull();
    expect(totals.lengthKm).toBe(5);
  });

  it("is all zero for no road network", () => {
    expect(coverageTotals([])).toMatchObject({ lengthKm: 0, withPolicyKm: 0, overduePercent: null });
  });
});
