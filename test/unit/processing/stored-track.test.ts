import { describe, expect, it } from "vitest";
import { toCleanFix, toStoredPoint } from "../../../pipeline/processing/stored-track.js";

describe("stored tracks", () => {
  it("give back the cleaned fixes they were made from, headings and their absence included", () => {
    const fixes = [
      { timeMs: 1_000, lat: 55.25, lon: 12.11, speedMps: 0, headingDegrees: null },
      { timeMs: 2_000, lat: 55.2501, lon: 12.1101, speedMps: 8.5, headingDegrees: 31.5 },
    ];
    const stored = JSON.parse(JSON.stringify(fixes.map(toStoredPoint)));
    expect(stored.map((point: never) => toCleanFix(point, 7))).toEqual(fixes);
  });

  it("refuses a point that was never cleaned", () => {
    expect(() => toCleanFix({ timeMs: 1_000, lat: 55.25, lon: 12.11 }, 7)).toThrow(/video 7: .*without speed/);
  });
});
