import { describe, expect, it } from "vitest";
import { type Box, intersectionOverUnion } from "../../../pipeline/detector/box.js";
import { nonMaxSuppression } from "../../../pipeline/detector/nms.js";

const classAware = { iouThreshold: 0.5, maxDetections: 100, classAgnostic: false };

function scored(classIndex: number, score: number, box: Box) {
  return { classIndex, score, box };
}

describe("intersectionOverUnion", () => {
  it("matches hand-computed overlaps", () => {
    // overlap 5×10 = 50, union 100 + 100 - 50 = 150
    expect(intersectionOverUnion([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 12);
    expect(intersectionOverUnion([0, 0, 10, 10], [0, 0, 10, 10])).toBe(1);
    expect(intersectionOverUnion([0, 0, 10, 10], [10, 0, 20, 10])).toBe(0);
    expect(intersectionOverUnion([0, 0, 10, 10], [30, 30, 40, 40])).toBe(0);
  });
});

describe("nonMaxSuppression", () => {
  it("drops the weaker of two overlapping boxes of one class", () => {
    // IoU 90 / 110 = 0.82
    const strong = scored(0, 0.9, [0, 0, 10, 10]);
    const weak = scored(0, 0.8, [1, 0, 11, 10]);
    expect(nonMaxSuppression([weak, strong], classAware)).toEqual([strong]);
  });

  it("keeps boxes that do not overlap, best first", () => {
    const a = scored(0, 0.5, [0, 0, 10, 10]);
    const b = scored(0, 0.7, [20, 0, 30, 10]);
    expect(nonMaxSuppression([a, b], classAware)).toEqual([b, a]);
  });

  it("keeps a box whose IoU equals the threshold", () => {
    // overlap 10×5 = 50, union 100: IoU exactly 0.5
    const a = scored(0, 0.9, [0, 0, 10, 10]);
    const b = scored(0, 0.8, [0, 0, 10, 5]);
    expect(nonMaxSuppression([a, b], classAware)).toEqual([a, b]);
  });

  it("lets overlapping boxes of different classes both stand unless class-agnostic", () => {
    const crack = scored(0, 0.9, [0, 0, 10, 10]);
    const pothole = scored(3, 0.6, [1, 1, 10, 10]);
    expect(nonMaxSuppression([crack, pothole], classAware)).toEqual([crack, pothole]);
    expect(nonMaxSuppression([crack, pothole], { ...classAware, classAgnostic: true })).toEqual([crack]);
  });

  it("only lets kept boxes suppress: a suppressed box does not remove its own neighbours", () => {
    const first = scored(0, 0.9, [0, 0, 10, 10]);
    const second = scored(0, 0.8, [3, 0, 13, 10]); // IoU with first 70 / 130 = 0.54: dropped
    const third = scored(0, 0.7, [6, 0, 16, 10]); // IoU with first 40 / 160 = 0.25, with second 0.54
    expect(nonMaxSuppression([first, second, third], classAware)).toEqual([first, third]);
  });

  it("returns at most maxDetections, the best ones", () => {
    const boxes = [0.1, 0.5, 0.9, 0.3, 0.7].map((score, i) => scored(0, score, [i * 20, 0, i * 20 + 10, 10]));
    expect(nonMaxSuppression(boxes, { ...classAware, maxDetections: 3 }).map((b) => b.score)).toEqual([0.9, 0.7, 0.5]);
  });
});
