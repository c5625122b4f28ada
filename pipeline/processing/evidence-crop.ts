/** Where a defect's close-up is cut from its best frame. */
import type { Box } from "../detector/box.js";
import type { ImageSize } from "../detector/letterbox.js";

export interface CropOptions {
  /** context around the damage on each side, as a share of the box's width and height */
  marginFraction: number;
  /** a tiny box still gets a close-up a person can read: at least this many pixels each way where the frame allows */
  minSidePixels: number;
}

export const DEFAULT_CROP_OPTIONS: CropOptions = { marginFraction: 0.5, minSidePixels: 160 };

/** The box with its margin, in whole pixels inside the image: [x1, y1, x2, y2] with x1 < x2 and y1 < y2. */
export function cropAround(box: Box, image: ImageSize, options: CropOptions = DEFAULT_CROP_OPTIONS): Box {
  const [left, right] = widen(box[0], box[2], image.width, options);
  const [top, bottom] = widen(box[1], box[3], image.height, options);
  return [left, top, right, bottom];
}

/** One axis: the span with its margin, grown to the minimum size, shifted back inside 0..limit. */
function widen(from: number, to: number, limit: number, options: CropOptions): [number, number] {
  const length = Math.max(0, to - from);
  const wanted = Math.min(limit, Math.max(length * (1 + 2 * options.marginFraction), options.minSidePixels));
  const centre = (from + to) / 2;
  const start = Math.min(Math.max(0, centre - wanted / 2), limit - wanted);
  return [Math.max(0, Math.floor(start)), Math.min(limit, Math.ceil(start + wanted))];
}
