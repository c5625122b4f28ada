/**
 * How big a frame is made for one pass of a privacy detector: scaled to fit the pass's bounds (up or down, so a
 * small video frame gets the same chance as a 1080p one and a 12-megapixel photo costs no more), squeezed sideways
 * where the model wants it, and rounded to the sizes the model takes.
 */
import type { ImageSize, Letterbox } from "../detector/letterbox.js";
import type { DetectionPass } from "./privacy-manifest.js";

export interface PassGeometry {
  /** model-input pixels per frame pixel across, relative to down (the manifest's input.horizontalScale) */
  horizontalScale: number;
  /** the model takes input sizes that are multiples of this */
  sizeMultiple: number;
}

export function passInputSize(frame: ImageSize, pass: DetectionPass, geometry: PassGeometry): ImageSize {
  const scaleDown = Math.min(pass.maxHeight / frame.height, pass.maxWidth / (frame.width * geometry.horizontalScale));
  const scaleAcross = scaleDown * geometry.horizontalScale;
  return {
    width: toMultiple(frame.width * scaleAcross, geometry.sizeMultiple, pass.maxWidth),
    height: toMultiple(frame.height * scaleDown, geometry.sizeMultiple, pass.maxHeight),
  };
}

/** The whole frame stretched onto the whole input, no padding: boxToSourcePixels maps each axis back by its own ratio. */
export function stretchLetterbox(frame: ImageSize, input: ImageSize): Letterbox {
  return {
    source: { width: frame.width, height: frame.height },
    target: { width: input.width, height: input.height },
    resizedWidth: input.width,
    resizedHeight: input.height,
    padLeft: 0,
    padTop: 0,
    padRight: 0,
    padBottom: 0,
  };
}

/** The nearest multiple, but at least one multiple and at most the largest one within `limit`. */
function toMultiple(length: number, multiple: number, limit: number): number {
  const largest = Math.max(multiple, Math.floor(limit / multiple) * multiple);
  return Math.min(largest, Math.max(multiple, Math.round(length / multiple) * multiple));
}
