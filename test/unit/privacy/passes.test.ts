import { describe, expect, it } from "vitest";
import { boxToSourcePixels } from "../../../pipeline/detector/letterbox.js";
import { passInputSize, stretchLetterbox } from "../../../pipeline/privacy/passes.js";

const FULL_HD = { width: 1920, height: 1080 };
const AS_IS = { horizontalScale: 1, sizeMultiple: 32 };
const SQUEEZED = { horizontalScale: 0.667, sizeMultiple: 32 };

describe("passInputSize", () => {
  it("fits a 1080p frame into the pass, in multiples of 32", () => {
    expect(passInputSize(FULL_HD, { maxWidth: 1280, maxHeight: 736 }, AS_IS)).toEqual({ width: 1280, height: 736 });
    expect(passInputSize(FULL_HD, { maxWidth: 640, maxHeight: 384 }, AS_IS)).toEqual({ width: 640, height: 352 });
  });

  it("squeezes the frame sideways by the horizontal scale", () => {
    // 1080 rows stay (almost) 1080; 1920 columns become two thirds
    expect(passInputSize(FULL_HD, { maxWidth: 1280, maxHeight: 1088 }, SQUEEZED)).toEqual({ width: 1280, height: 1088 });
    expect(passInputSize(FULL_HD, { maxWidth: 640, maxHeight: 544 }, SQUEEZED)).toEqual({ width: 640, height: 544 });
  });

  it("scales a small frame up, and a large photo down, to the same bounds", () => {
    expect(passInputSize({ width: 848, height: 480 }, { maxWidth: 1280, maxHeight: 736 }, AS_IS)).toEqual({ width: 1280, height: 736 });
    expect(passInputSize({ width: 4032, height: 3024 }, { maxWidth: 1280, maxHeight: 736 }, AS_IS)).toEqual({ width: 992, height: 736 });
  });

  it("never goes past the pass's bounds nor below one multiple", () => {
    expect(passInputSize({ width: 5000, height: 10 }, { maxWidth: 1280, maxHeight: 736 }, AS_IS)).toEqual({ width: 1280, height: 32 });
    const odd = passInputSize(FULL_HD, { maxWidth: 1000, maxHeight: 1000 }, AS_IS);
    expect(odd.width).toBeLessThanOrEqual(1000);
    expect(odd.width % 32).toBe(0);
  });
});

describe("stretchLetterbox", () => {
  it("maps boxes back to the frame by each axis's own ratio", () => {
    const letterbox = stretchLetterbox(FULL_HD, { width: 1280, height: 1088 });
    const [x1, y1, x2, y2] = boxToSourcePixels([128, 544, 256, 552], letterbox);
    expect(x1).toBeCloseTo(192, 6);
    expect(x2).toBeCloseTo(384, 6);
    expect(y1).toBeCloseTo(540, 6);
    expect(y2).toBeCloseTo((552 * 1080) / 1088, 6);
  });
});
