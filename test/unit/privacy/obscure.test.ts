import { describe, expect, it } from "vitest";
import type { Box } from "../../../pipeline/detector/box.js";
import { obscureRegions, type RgbPixels } from "../../../pipeline/privacy/obscure.js";
import { seededRandom } from "../../support/seeded-random.js";

/** A grey image with a block of random black-and-white "characters" of `cellPixels` inside `region`. */
function textLikeImage(width: number, height: number, region: Box, cellPixels: number, seed: number): RgbPixels {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * 3).fill(128);
  const [x1, y1, x2, y2] = region;
  const cells = new Map<string, number>();
  for (let y = y1; y < y2; y++) {
    for (let x = x1; x < x2; x++) {
      const key = `${Math.floor(x / cellPixels)},${Math.floor(y / cellPixels)}`;
      if (!cells.has(key)) cells.set(key, random() < 0.5 ? 20 : 235);
      data.fill(cells.get(key)!, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { data, width, height };
}

/** Green channel of the region as rows. */
function channel(image: RgbPixels, [x1, y1, x2, y2]: Box): number[][] {
  return Array.from({ length: y2 - y1 }, (_, dy) => Array.from({ length: x2 - x1 }, (_, dx) => image.data[((y1 + dy) * image.width + x1 + dx) * 3 + 1]!));
}

/** The 4-neighbour Laplacian inside the border: what sharpening amplifies, and where fine detail lives. */
function laplacian(values: number[][]): number[] {
  const out: number[] = [];
  for (let y = 1; y < values.length - 1; y++) {
    for (let x = 1; x < values[0]!.length - 1; x++) {
      out.push(4 * values[y]![x]! - values[y - 1]![x]! - values[y + 1]![x]! - values[y]![x - 1]! - values[y]![x + 1]!);
    }
  }
  return out;
}

/** Unsharp masking, repeated: each round adds `amount` × the Laplacian back, clamped to 0–255 as an image would be. */
function sharpen(values: number[][], rounds: number, amount: number): number[][] {
  let current = values;
  for (let round = 0; round < rounds; round++) {
    const detail = laplacian(current);
    const width = current[0]!.length - 2;
    current = current.map((row, y) =>
      row.map((value, x) => {
        if (y === 0 || x === 0 || y === current.length - 1 || x === row.length - 1) return value;
        return Math.min(255, Math.max(0, value + amount * detail[(y - 1) * width + (x - 1)]!));
      }),
    );
  }
  return current;
}

function meanAbsolute(values: number[]): number {
  return values.reduce((sum, value) => sum + Math.abs(value), 0) / values.length;
}

function correlation(a: number[], b: number[]): number {
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const meanA = mean(a);
  const meanB = mean(b);
  let covariance = 0;
  let varianceA = 0;
  let varianceB = 0;
  a.forEach((value, i) => {
    covariance += (value - meanA) * (b[i]! - meanB);
    varianceA += (value - meanA) ** 2;
    varianceB += (b[i]! - meanB) ** 2;
  });
  return varianceA === 0 || varianceB === 0 ? 0 : covariance / Math.sqrt(varianceA * varianceB);
}

describe("obscureRegions", () => {
  it("returns the image itself when there is nothing to obscure", () => {
    const image = textLikeImage(40, 30, [0, 0, 40, 30], 3, 1);
    expect(obscureRegions(image, [])).toBe(image);
  });

  it("changes nothing outside the regions and leaves the input untouched", () => {
    const image = textLikeImage(60, 40, [0, 0, 60, 40], 2, 2);
    const before = new Uint8Array(image.data);
    const region: Box = [10, 5, 30, 25];
    const result = obscureRegions(image, [region]);
    expect(image.data).toEqual(before);
    for (let y = 0; y < 40; y++) {
      for (let x = 0; x < 60; x++) {
        const inside = x >= 10 && x < 30 && y >= 5 && y < 25;
        const offset = (y * 60 + x) * 3;
        if (!inside) expect(Array.from(result.data.slice(offset, offset + 3))).toEqual(Array.from(before.slice(offset, offset + 3)));
      }
    }
  });

  it("keeps a region of one colour that colour", () => {
    const image = { data: new Uint8Array(20 * 20 * 3).fill(77), width: 20, height: 20 };
    expect(Array.from(new Set(obscureRegions(image, [[2, 3, 17, 19]]).data))).toEqual([77]);
  });

  it("leaves no detail that sharpening could bring back", () => {
    // a plate-like strip: 4-pixel "strokes" over 120 × 26 px, much as characters on a number plate seen at 100 px
    const region: Box = [20, 20, 140, 46];
    const image = textLikeImage(160, 70, region, 4, 3);
    const original = channel(image, region);
    const obscured = channel(obscureRegions(image, [region]), region);
    const originalDetail = laplacian(original);
    // what is left of the detail is the rounding of a smooth blend; the original's is a hundred grey levels per pixel
    expect(meanAbsolute(originalDetail)).toBeGreaterThan(100);
    expect(meanAbsolute(laplacian(obscured))).toBeLessThan(meanAbsolute(originalDetail) * 0.02);
    // sharpening only amplifies that rounding: neither its detail nor its pixels follow the strokes
    const sharpened = sharpen(obscured, 3, 1);
    expect(Math.abs(correlation(originalDetail, laplacian(sharpened)))).toBeLessThan(0.1);
    expect(Math.abs(correlation(original.flat(), sharpened.flat()))).toBeLessThan(0.2);
  });

  it("refuses a region that is not whole pixels inside the image", () => {
    const image = { data: new Uint8Array(10 * 10 * 3), width: 10, height: 10 };
    expect(() => obscureRegions(image, [[0, 0, 11, 5]])).toThrow(RangeError);
    expect(() => obscureRegions(image, [[0.5, 0, 5, 5]])).toThrow(RangeError);
    expect(() => obscureRegions(image, [[5, 5, 5, 8]])).toThrow(RangeError);
  });
});
