/** Where a frame is obscured: the detectors' boxes made safe to cover. */
import { type Box, clipBox } from "../detector/box.js";
import type { ImageSize } from "../detector/letterbox.js";

/**
 * Each hit grown on every side by `marginFraction` of its width and height (a face box stops at the hairline and
 * the ears), clipped to the frame, rounded outwards to whole pixels; regions that overlap or touch become their
 * common bounding box, so that no region is obscured twice and the result does not depend on the hits' order.
 */
export function obscuredRegions(hits: readonly Box[], frame: ImageSize, marginFraction: number): Box[] {
  if (!(marginFraction >= 0)) throw new RangeError(`marginFraction must be 0 or more, got ${marginFraction}`);
  const regions: Box[] = [];
  for (const [x1, y1, x2, y2] of hits) {
    const marginX = (x2 - x1) * marginFraction;
    const marginY = (y2 - y1) * marginFraction;
    const [left, top, right, bottom] = clipBox([x1 - marginX, y1 - marginY, x2 + marginX, y2 + marginY], frame.width, frame.height);
    const region: Box = [Math.floor(left), Math.floor(top), Math.ceil(right), Math.ceil(bottom)];
    if (region[2] > region[0] && region[3] > region[1]) regions.push(region);
  }
  return mergeTouching(regions);
}

/** How many of the boxes share area with a region: damage evidence that obscuring covered, at least in part. */
export function countCovered(boxes: readonly Box[], regions: readonly Box[]): number {
  return boxes.filter((box) => regions.some((region) => overlapArea(box, region) > 0)).length;
}

function mergeTouching(regions: readonly Box[]): Box[] {
  const merged = [...regions];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < merged.length && !changed; i++) {
      for (let j = i + 1; j < merged.length && !changed; j++) {
        const a = merged[i]!;
        const b = merged[j]!;
        if (a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]) {
          merged[i] = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
          merged.splice(j, 1);
          changed = true;
        }
      }
    }
  }
  return merged;
}

function overlapArea(a: Box, b: Box): number {
  return Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) * Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
}
