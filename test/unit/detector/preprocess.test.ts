import { describe, expect, it } from "vitest";
import { toInputTensor } from "../../../pipeline/detector/preprocess.js";

// two pixels: pure red, then (0, 51, 255)
const pixels = Uint8Array.from([255, 0, 0, 0, 51, 255]);
const size = { width: 2, height: 1 };

describe("toInputTensor", () => {
  it("writes one plane per channel with (pixel * scale - mean) / std", () => {
    const tensor = toInputTensor(pixels, size, { colorOrder: "RGB", scale: 1 / 255, mean: [0.5, 0.5, 0], std: [0.5, 0.5, 2] });
    // R: (1 - 0.5) / 0.5, (0 - 0.5) / 0.5; G: -1, (0.2 - 0.5) / 0.5; B: 0 / 2, 1 / 2
    [1, -1, -1, -0.6, 0, 0.5].forEach((expected, i) => expect(tensor[i]).toBeCloseTo(expected, 6));
  });

  it("puts blue first for a BGR model", () => {
    const tensor = toInputTensor(pixels, size, { colorOrder: "BGR", scale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
    expect(Array.from(tensor)).toEqual([0, 255, 0, 51, 255, 0]);
  });

  it("refuses pixel data of the wrong length", () => {
    expect(() => toInputTensor(pixels, { width: 3, height: 1 }, { colorOrder: "RGB", scale: 1, mean: [0, 0, 0], std: [1, 1, 1] })).toThrow(
      "expected 9 bytes of RGB for 3×1, got 6",
    );
  });
});
