import type { Box } from "./box.js";
import type { Validation } from "../validation.js";

export interface ScoredBox {
  classIndex: number;
  score: number;
  box: Box;
}

/** A float32 tensor as onnxruntime returns it: flat data in row-major order. */
export interface FloatTensor {
  data: Float32Array;
  dims: readonly number[];
}

export interface DecodeOptions {
  classCount: number;
  /** false when the model emits logits that still need a sigmoid */
  scoresActivated: boolean;
  /** a box is kept when its best class scores at least this; one entry per class */
  minScoreByClass: readonly number[];
}

/** YOLOv8 layout: [1, 4 + classes, anchors], rows cx, cy, w, h, then one score row per class. */
export function checkYoloOutputShape(dims: readonly number[], classCount: number): Validation {
  const expected = `[1, ${4 + classCount}, anchors] (4 box rows + ${classCount} class rows)`;
  if (dims.length !== 3 || dims[0] !== 1 || dims[1] !== 4 + classCount) {
    return { valid: false, reason: `output has shape [${dims.join(", ")}]; expected ${expected}` };
  }
  return { valid: true };
}

/**
 * Turns a YOLOv8 output whose shape passed checkYoloOutputShape into boxes in model-input pixels.
 * Each anchor gives at most one box, for its best class, as YOLOv8's own predictor does: one damage type per place.
 */
export function decodeYoloOutput(output: FloatTensor, options: DecodeOptions): ScoredBox[] {
  const anchorCount = output.dims[2] ?? 0;
  const value = (row: number, anchor: number) => output.data[row * anchorCount + anchor] ?? Number.NaN;
  const boxes: ScoredBox[] = [];
  for (let anchor = 0; anchor < anchorCount; anchor++) {
    let classIndex = 0;
    for (let candidate = 1; candidate < options.classCount; candidate++) {
      if (value(4 + candidate, anchor) > value(4 + classIndex, anchor)) classIndex = candidate;
    }
    const raw = value(4 + classIndex, anchor);
    const score = options.scoresActivated ? raw : sigmoid(raw);
    // written so that a NaN score is dropped too
    if (!(score >= (options.minScoreByClass[classIndex] ?? Number.POSITIVE_INFINITY))) continue;
    const centreX = value(0, anchor);
    const centreY = value(1, anchor);
    const halfWidth = value(2, anchor) / 2;
    const halfHeight = value(3, anchor) / 2;
    boxes.push({
      classIndex,
      score,
      box: [centreX - halfWidth, centreY - halfHeight, centreX + halfWidth, centreY + halfHeight],
    });
  }
  return boxes;
}

function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
