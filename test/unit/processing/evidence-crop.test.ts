import { describe, expect, it } from "vitest";
import { cropAround } from "../../../pipeline/processing/evidence-crop.js";

const frame = { width: 1920, height: 1080 };
const options = { marginFraction: 0.5, minSidePixels: 160 };

describe("cropAround", () => {
  it("adds half the box's size on each side", () => {
    expect(cropAround([800, 600, 1000, 700], frame, options)).toEqual([700, 550, 1100, 750]);
  });

  it("grows a tiny box to the minimum size around its centre", () => {
    expect(cropAround([950, 500, 970, 510], frame, options)).toEqual([880, 425, 1040, 585]);
  });

  it("shifts a crop at the edge back into the frame instead of cutting it short", () => {
    expect(cropAround([0, 1000, 100, 1080], frame, options)).toEqual([0, 920, 200, 1080]);
    expect(cropAround([1900, 0, 1920, 20], frame, options)).toEqual([1760, 0, 1920, 160]);
  });

  it("takes the whole frame when the box with its margin is larger", () => {
    expect(cropAround([10, 10, 1900, 1070], frame, options)).toEqual([0, 0, 1920, 1080]);
  });

  it("rounds outwards to whole pixels", () => {
    const [x1, y1, x2, y2] = cropAround([100.4, 200.6, 300.2, 400.9], frame, options);
    expect([x1, y1, x2, y2].every(Number.isInteger)).toBe(true);
    expect(x1).toBeLessThanOrEqual(100.4 - 99.9);
    expect(x2).toBeGreaterThanOrEqual(300.2 + 99.9);
    expect(y2 - y1).toBeGreaterThanOrEqual(400.9 - 200.6 + 200.3);
  });
});
