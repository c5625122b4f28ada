/**
 * Obscuring that cannot be undone: each region is reduced to a few cell averages (three along its longer side) and
 * repainted as a smooth blend of them. What is left of a face or a plate is a dozen colours; no sharpening or
 * de-blurring brings back what is not there, unlike a Gaussian blur or fine pixelation, which keep enough for
 * known-font plates and faces to be matched.
 */
import type { Box } from "../detector/box.js";

/** Decoded 8-bit pixels, row by row, three interleaved bytes (R, G, B) per pixel, as a decoded video frame. */
export interface RgbPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

export const CELLS_ALONG_LONG_SIDE = 3;

/**
 * A copy of the image with each region (whole pixels inside the image, not overlapping) obscured; the image
 * itself when there is nothing to obscure, so a frame without faces or plates is stored exactly as it came.
 */
export function obscureRegions(image: RgbPixels, regions: readonly Box[], cellsAlongLongSide = CELLS_ALONG_LONG_SIDE): RgbPixels {
  if (regions.length === 0) return image;
  const data = new Uint8Array(image.data);
  for (const region of regions) {
    const [x1, y1, x2, y2] = region;
    const inside = Number.isInteger(x1) && Number.isInteger(y1) && x1 >= 0 && y1 >= 0 && x2 <= image.width && y2 <= image.height;
    if (!inside || x2 <= x1 || y2 <= y1) throw new RangeError(`region [${region.join(", ")}] is not whole pixels inside ${image.width}×${image.height}`);
    repaint(data, image.width, region, cellsAlongLongSide);
  }
  return { data, width: image.width, height: image.height };
}

function repaint(data: Uint8Array, imageWidth: number, [x1, y1, x2, y2]: Box, cellsAlongLongSide: number): void {
  const width = x2 - x1;
  const height = y2 - y1;
  const cellSide = Math.max(width, height) / cellsAlongLongSide;
  const columns = Math.max(1, Math.round(width / cellSide));
  const rows = Math.max(1, Math.round(height / cellSide));
  const means = cellMeans(data, imageWidth, [x1, y1, x2, y2], columns, rows);
  const columnAt = Array.from({ length: width }, (_, x) => blendPosition(x, width, columns));
  for (let y = 0; y < height; y++) {
    const [row, nextRow, down] = blendPosition(y, height, rows);
    for (let x = 0; x < width; x++) {
      const [column, nextColumn, across] = columnAt[x]!;
      const offset = ((y1 + y) * imageWidth + x1 + x) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const mean = (cellRow: number, cellColumn: number) => means[(cellRow * columns + cellColumn) * 3 + channel]!;
        const top = mean(row, column) * (1 - across) + mean(row, nextColumn) * across;
        const bottom = mean(nextRow, column) * (1 - across) + mean(nextRow, nextColumn) * across;
        data[offset + channel] = Math.round(top * (1 - down) + bottom * down);
      }
    }
  }
}

/** The average colour of each cell of a columns × rows grid over the region, row by row, 3 values per cell. */
function cellMeans(data: Uint8Array, imageWidth: number, [x1, y1, x2, y2]: Box, columns: number, rows: number): Float64Array {
  const sums = new Float64Array(columns * rows * 3);
  const counts = new Float64Array(columns * rows);
  for (let y = y1; y < y2; y++) {
    const row = Math.min(rows - 1, Math.floor(((y - y1) * rows) / (y2 - y1)));
    for (let x = x1; x < x2; x++) {
      const cell = row * columns + Math.min(columns - 1, Math.floor(((x - x1) * columns) / (x2 - x1)));
      const offset = (y * imageWidth + x) * 3;
      for (let channel = 0; channel < 3; channel++) sums[cell * 3 + channel] = sums[cell * 3 + channel]! + data[offset + channel]!;
      counts[cell] = counts[cell]! + 1;
    }
  }
  return sums.map((sum, index) => sum / counts[Math.floor(index / 3)]!);
}

/** Between which two cell centres a pixel lies along one side, and how far towards the second (0–1). */
function blendPosition(pixel: number, length: number, cells: number): [number, number, number] {
  const position = Math.min(cells - 1, Math.max(0, ((pixel + 0.5) / length) * cells - 0.5));
  const first = Math.floor(position);
  return [first, Math.min(cells - 1, first + 1), position - first];
}
