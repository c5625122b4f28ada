import { describe, expect, it } from "vitest";
import type { CleanFix } from "../../../pipeline/ingest/clean-track.js";
import { filmedStretches, unionLength } from "../../../pipeline/roads/drive-coverage.js";

function fix(second: number, speedMps: number): CleanFix {
  return { timeMs: second * 1000, lat: 55.2557 + second * 1e-4, lon: 12.1192, speedMps, headingDegrees: 0 };
}

describe("filmedStretches", () => {
  it("keeps the moving fixes inside the recording, split where the vehicle stood still or the track has a gap", () => {
    const fixes = [
      fix(0, 10), // before the camera started
      fix(2, 10),
      fix(3, 10),
      fix(4, 0.3), // standing at a junction
      fix(5, 0.2),
      fix(6, 8),
      fix(7, 9),
      fix(12, 9), // after a 5 s gap in the track
      fix(13, 9),
      fix(14, 9),
      fix(20, 9), // after the camera stopped
    ];

    const stretches = filmedStretches(fixes, { startMs: 1000, endMs: 15_000 });

    expect(stretches.map((stretch) => stretch.map((f) => f.timeMs / 1000))).toEqual([
      [2, 3],
      [6, 7],
      [12, 13, 14],
    ]);
  });

  it("drops a single fix between stops: one position is no route", () => {
    expect(filmedStretches([fix(0, 0), fix(1, 5), fix(2, 0)], { startMs: 0, endMs: 10_000 })).toEqual([]);
  });
});

describe("unionLength", () => {
  it("counts overlapping and repeated stretches once", () => {
    expect(
      unionLength([
        [10, 30],
        [0, 5],
        [20, 40],
        [25, 35],
        [50, 60],
      ]),
    ).toBe(45);
    expect(unionLength([])).toBe(0);
  });
});
