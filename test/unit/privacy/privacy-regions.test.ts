import { describe, expect, it } from "vitest";
import { countCovered, obscuredRegions } from "../../../pipeline/privacy/privacy-regions.js";

const FRAME = { width: 200, height: 100 };

describe("obscuredRegions", () => {
  it("grows each hit by the margin share of its width and height on every side", () => {
    // 20 × 10 box, 25 % margin: 5 px across, 2.5 px down, rounded outwards
    expect(obscuredRegions([[50, 40, 70, 50]], FRAME, 0.25)).toEqual([[45, 37, 75, 53]]);
  });

  it("rounds fractional boxes outwards to whole pixels", () => {
    expect(obscuredRegions([[10.2, 20.7, 30.1, 40.5]], FRAME, 0)).toEqual([[10, 20, 31, 41]]);
  });

  it("clips to the frame", () => {
    expect(obscuredRegions([[-10, -5, 20, 10]], FRAME, 0.5)).toEqual([[0, 0, 35, 18]]);
    expect(obscuredRegions([[190, 90, 210, 110]], FRAME, 0)).toEqual([[190, 90, 200, 100]]);
  });

  it("drops hits that lie wholly outside the frame", () => {
    expect(obscuredRegions([[210, 10, 230, 20]], FRAME, 0.1)).toEqual([]);
  });

  it("merges overlapping regions into their bounding box, also through a chain", () => {
    const regions = obscuredRegions(
      [
        [10, 10, 30, 30],
        [25, 25, 50, 40],
        [48, 5, 60, 20],
        [150, 50, 160, 60],
      ],
      FRAME,
      0,
    );
    expect(regions).toEqual([
      [10, 5, 60, 40],
      [150, 50, 160, 60],
    ]);
  });

  it("merges regions that only touch, and gives the same result in any order", () => {
    const hits = [
      [0, 0, 10, 10],
      [10, 0, 20, 10],
      [100, 0, 110, 10],
    ] as const;
    expect(obscuredRegions(hits, FRAME, 0)).toEqual([
      [0, 0, 20, 10],
      [100, 0, 110, 10],
    ]);
    expect(obscuredRegions([...hits].reverse(), FRAME, 0)).toEqual(expect.arrayContaining([[0, 0, 20, 10], [100, 0, 110, 10]]));
  });

  it("refuses a negative margin", () => {
    expect(() => obscuredRegions([[0, 0, 1, 1]], FRAME, -0.1)).toThrow(RangeError);
  });
});

describe("countCovered", () => {
  it("counts the boxes a region shares area with, touching edges excluded", () => {
    const regions = [[10, 10, 50, 50]] as const;
    const damage = [
      [40, 40, 80, 80], // overlaps a corner
      [50, 10, 90, 50], // touches the right edge only
      [100, 100, 120, 120], // far away
      [20, 20, 30, 30], // inside
    ] as const;
    expect(countCovered(damage, regions)).toBe(2);
  });

  it("counts nothing without regions", () => {
    expect(countCovered([[0, 0, 10, 10]], [])).toBe(0);
  });
});
