import { describe, expect, it } from "vitest";
import type { CoverageClassSummary } from "../../../web/client/src/api-types.js";
import { MAX_INTERVAL_DAYS, policyRows, validateIntervalDays } from "../../../web/client/src/inspection-policy.js";

describe("validateIntervalDays", () => {
  it("accepts whole days from 1 to the maximum, spaces around them allowed", () => {
    expect(validateIntervalDays("30")).toEqual({ valid: true, days: 30 });
    expect(validateIntervalDays(" 7 ")).toEqual({ valid: true, days: 7 });
    expect(validateIntervalDays(String(MAX_INTERVAL_DAYS))).toEqual({ valid: true, days: MAX_INTERVAL_DAYS });
  });

  it("says why anything else is refused", () => {
    for (const text of ["", "abc", "2.5", "-3", "1e3"]) expect(validateIntervalDays(text), text).toEqual({ valid: false, reason: "not-a-whole-number" });
    expect(validateIntervalDays("0")).toEqual({ valid: false, reason: "out-of-range" });
    expect(validateIntervalDays(String(MAX_INTERVAL_DAYS + 1))).toEqual({ valid: false, reason: "out-of-range" });
  });
});

describe("policyRows", () => {
  function networkClass(roadClass: string | null): CoverageClassSummary {
    return { roadClass, requiredIntervalDays: null, lengthKm: 1, withinPolicyKm: 0, withinPolicyPercent: 0, dueSoonKm: 0, overdueKm: 0, neverKm: 1 };
  }

  it("lists the policy's classes first, then the network's classes it does not name, each once, skipping lines without a class", () => {
    const rows = policyRows(
      [
        { roadClass: "Off. kommunevej", requiredIntervalDays: 30, source: "planner" },
        { roadClass: "Off. statsvej", requiredIntervalDays: 90, source: "config" },
      ],
      [networkClass("Privat vej"), networkClass(null), networkClass("Off. kommunevej")],
    );
    expect(rows).toEqual([
      { roadClass: "Off. kommunevej", requiredIntervalDays: 30, source: "planner" },
      { roadClass: "Off. statsvej", requiredIntervalDays: 90, source: "config" },
      { roadClass: "Privat vej", requiredIntervalDays: null, source: "config" },
    ]);
  });
});
