import { describe, expect, it } from "vitest";
import { boxToSourcePixels, computeLetterbox } from "../../../pipeline/detector/letterbox.js";

describe("computeLetterbox", () => {
  it("fits a wide image to the width and pads top and bottom equally", () => {
    // 800×400 into 448×448: scale 0.56 → 448×224, 224 rows of padding split 112 / 112
    expect(computeLetterbox({ width: 800, height: 400 }, { width: 448, height: 448 })).toEqual({
      source: { width: 800, height: 400 },
      target: { width: 448, height: 448 },
      resizedWidth: 448,
      resizedHeight: 224,
      padLeft: 0,
      padTop: 112,
      padRight: 0,
      padBottom: 112,
    });
  });

  it("fits a tall image to the height and pads left and right equally", () => {
    // 300×600 into 448×448: scale 0.7467 → 224×448
    expect(computeLetterbox({ width: 300, height: 600 }, { width: 448, height: 448 })).toMatchObject({
      resizedWidth: 224,
      resizedHeight: 448,
      padLeft: 112,
      padTop: 0,
      padRight: 112,
      padBottom: 0,
    });
  });

  it("puts the odd padding pixel at the bottom", () => {
    // 1000×333 → 448×149.18, rounded to 149; 299 rows of padding: 149 above, 150 below
    expect(computeLetterbox({ width: 1000, height: 333 }, { width: 448, height: 448 })).toMatchObject({
      resizedWidth: 448,
      resizedHeight: 149,
      padTop: 149,
      padBottom: 150,
    });
  });

  it("handles a non-square model input, landscape and portrait frames", () => {
    // 1920×1080 into 640×384: width limits (1/3) → 640×360, 24 rows of padding
    expect(computeLetterbox({ width: 1920, height: 1080 }, { width: 640, height: 384 })).toMatchObject({
      resizedWidth: 640,
      resizedHeight: 360,
      padLeft: 0,
      padTop: 12,
      padBottom: 12,
    });
    // 1080×1920 into 640×384: height limits (0.2) → 216×384, 424 columns of padding
    expect(computeLetterbox({ width: 1080, height: 1920 }, { width: 640, height: 384 })).toMatchObject({
      resizedWidth: 216,
      resizedHeight: 384,
      padLeft: 212,
      padTop: 0,
      padRight: 212,
    });
  });

  it("leaves an image that already has the input size untouched", () => {
    expect(computeLetterbox({ width: 448, height: 448 }, { width: 448, height: 448 })).toMatchObject({
      resizedWidth: 448,
      resizedHeight: 448,
      padLeft: 0,
      padTop: 0,
      padRight: 0,
      padBottom: 0,
    });
  });
});

describe("boxToSourcePixels", () => {
  it("undoes the padding and the scale of a wide image", () => {
    const letterbox = computeLetterbox({ width: 800, height: 400 }, { width: 448, height: 448 });
    // x / 0.56, (y - 112) / 0.56
    const box = boxToSourcePixels([56, 168, 112, 224], letterbox);
    [100, 100, 200, 200].forEach((expected, i) => expect(box[i]).toBeCloseTo(expected, 9));
  });

  it("undoes the padding and the scale of a tall image", () => {
    const letterbox = computeLetterbox({ width: 300, height: 600 }, { width: 448, height: 448 });
    // (x - 112) * 300 / 224, y * 600 / 448
    const box = boxToSourcePixels([112, 0, 224, 224], letterbox);
    [0, 0, 150, 300].forEach((expected, i) => expect(box[i]).toBeCloseTo(expected, 9));
  });

  it("clips boxes to the original image", () => {
    const letterbox = computeLetterbox({ width: 800, height: 400 }, { width: 448, height: 448 });
    expect(boxToSourcePixels([-20, 100, 500, 400], letterbox)).toEqual([0, 0, 800, 400]);
    // wholly in the top padding: collapses to a line on the top edge
    const inPadding = boxToSourcePixels([10, 10, 50, 60], letterbox);
    [10 / 0.56, 0, 50 / 0.56, 0].forEach((expected, i) => expect(inPadding[i]).toBeCloseTo(expected, 9));
  });
});
