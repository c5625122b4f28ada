import { describe, expect, it } from "vitest";
import { checkLpdYunetOutputs, decodeLpdYunetOutputs, lpdYunetPriors } from "../../../pipeline/privacy/lpd-yunet-decode.js";

const SPEC = { minSizes: [[10, 16, 24], [32, 48], [64, 96], [128, 192, 256]], steps: [8, 16, 32, 64], variance: 0.1 };

describe("lpdYunetPriors", () => {
  it("makes the 4385 priors of the model's own 320×240 input", () => {
    // the exported model's outputs have 4385 rows: 30×40×3 + 15×20×2 + 7×10×2 + 3×5×3
    expect(lpdYunetPriors({ width: 320, height: 240 }, SPEC).length / 3).toBe(4385);
  });

  it("makes as many priors as the relaxed model gives rows at other sizes", () => {
    // rows counted from the model's output at these input sizes
    expect(lpdYunetPriors({ width: 640, height: 360 }, SPEC).length / 3).toBe(13150);
    expect(lpdYunetPriors({ width: 1280, height: 720 }, SPEC).length / 3).toBe(52820);
  });

  it("orders priors by step, then row, column and size, centred in their cell", () => {
    const priors = lpdYunetPriors({ width: 320, height: 240 }, SPEC);
    const triple = (index: number) => Array.from(priors.slice(index * 3, index * 3 + 3));
    expect(triple(0)).toEqual([4, 4, 10]);
    expect(triple(2)).toEqual([4, 4, 24]);
    expect(triple(3)).toEqual([12, 4, 10]);
    // the second row of the 8-pixel grid starts after 40 columns of 3 sizes
    expect(triple(120)).toEqual([4, 12, 10]);
    // the first 16-pixel prior follows the 3600 of the 8-pixel grid
    expect(triple(3600)).toEqual([8, 8, 32]);
  });
});

describe("decodeLpdYunetOutputs", () => {
  /** outputs for `priorCount` priors, all background except the rows given */
  function outputs(priorCount: number, rows: { prior: number; plate: number; iou: number; corners: number[] }[]) {
    const boxes = new Float32Array(priorCount * 14);
    const scores = new Float32Array(priorCount * 2);
    const iou = new Float32Array(priorCount);
    for (let prior = 0; prior < priorCount; prior++) scores[prior * 2] = 1;
    for (const row of rows) {
      scores.set([1 - row.plate, row.plate], row.prior * 2);
      iou[row.prior] = row.iou;
      // corners at offsets 4, 6, 10 and 12; the centre (8) is not used
      [4, 6, 10, 12].forEach((offset, corner) => boxes.set(row.corners.slice(corner * 2, corner * 2 + 2), row.prior * 14 + offset));
    }
    return {
      boxes: { data: boxes, dims: [priorCount, 14] },
      scores: { data: scores, dims: [priorCount, 2] },
      iou: { data: iou, dims: [priorCount, 1] },
    };
  }

  // two priors: centre (100, 50) size 20 (offset unit 0.1 × 20 = 2 px) and centre (10, 10) size 10
  const priors = Float32Array.from([100, 50, 20, 10, 10, 10]);

  it("bounds the four corners, each an offset from the prior in units of variance × prior size", () => {
    // corners (-10, -2) (10, -3) (11, 4) (-9, 3) in units → pixels (80, 46) (120, 44) (122, 58) (82, 56)
    const decoded = decodeLpdYunetOutputs(outputs(2, [{ prior: 0, plate: 0.81, iou: 1, corners: [-10, -2, 10, -3, 11, 4, -9, 3] }]), priors, 0.1, 0.5);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.score).toBeCloseTo(0.9, 6);
    const expected = [80, 44, 122, 58];
    decoded[0]!.box.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
  });

  it("scores sqrt(plate probability × IoU), the IoU clamped to 0..1", () => {
    const rows = [
      { prior: 0, plate: 0.5, iou: 2, corners: [0, 0, 1, 0, 1, 1, 0, 1] }, // iou clamps to 1: sqrt(0.5)
      { prior: 1, plate: 1, iou: -0.3, corners: [0, 0, 1, 0, 1, 1, 0, 1] }, // iou clamps to 0
    ];
    const decoded = decodeLpdYunetOutputs(outputs(2, rows), priors, 0.1, 0);
    expect(decoded.map((plate) => plate.score)).toEqual([Math.sqrt(0.5), 0]);
    expect(decodeLpdYunetOutputs(outputs(2, rows), priors, 0.1, 0.1)).toHaveLength(1);
  });
});

describe("checkLpdYunetOutputs", () => {
  it("says when the outputs do not have a row per prior", () => {
    const priors = lpdYunetPriors({ width: 320, height: 240 }, SPEC);
    const wrong = {
      boxes: { data: new Float32Array(4385 * 14), dims: [4385, 14] },
      scores: { data: new Float32Array(4000 * 2), dims: [4000, 2] },
      iou: { data: new Float32Array(4385), dims: [4385, 1] },
    };
    expect(checkLpdYunetOutputs(wrong, priors)).toEqual({
      valid: false,
      reason: "the scores output has 8000 values; the input size has 4385 prior boxes of 2 values each",
    });
    expect(checkLpdYunetOutputs({ ...wrong, scores: { data: new Float32Array(4385 * 2), dims: [4385, 2] } }, priors)).toEqual({ valid: true });
  });
});
