import { type Box, clipBox } from "./box.js";

export interface ImageSize {
  width: number;
  height: number;
}

/** Where an image lands inside the model input: scaled to fit (aspect kept), centred, the rest padded. */
export interface Letterbox {
  source: ImageSize;
  target: ImageSize;
  resizedWidth: number;
  resizedHeight: number;
  padLeft: number;
  padTop: number;
  padRight: number;
  padBottom: number;
}

export function computeLetterbox(source: ImageSize, target: ImageSize): Letterbox {
  const scale = Math.min(target.width / source.width, target.height / source.height);
  // at least one pixel, so a 1×5000 strip still has a row in the input
  const resizedWidth = Math.min(target.width, Math.max(1, Math.round(source.width * scale)));
  const resizedHeight = Math.min(target.height, Math.max(1, Math.round(source.height * scale)));
  const padLeft = Math.floor((target.width - resizedWidth) / 2);
  const padTop = Math.floor((target.height - resizedHeight) / 2);
  return {
    source: { width: source.width, height: source.height },
    target: { width: target.width, height: target.height },
    resizedWidth,
    resizedHeight,
    padLeft,
    padTop,
    padRight: target.width - resizedWidth - padLeft,
    padBottom: target.height - resizedHeight - padTop,
  };
}

/**
 * Maps a box from model-input pixels back to the original image's pixels, clipped to the image.
 * Each axis uses its own ratio: rounding the resized size makes them differ slightly.
 */
export function boxToSourcePixels(box: Box, letterbox: Letterbox): Box {
  const xRatio = letterbox.source.width / letterbox.resizedWidth;
  const yRatio = letterbox.source.height / letterbox.resizedHeight;
  return clipBox(
    [
      (box[0] - letterbox.padLeft) * xRatio,
      (box[1] - letterbox.padTop) * yRatio,
      (box[2] - letterbox.padLeft) * xRatio,
      (box[3] - letterbox.padTop) * yRatio,
    ],
    letterbox.source.width,
    letterbox.source.height,
  );
}
