/**
 * LPD-YuNet's output (OpenCV Zoo): one row per prior box, priors ordered by step, then grid row, column and size.
 * `boxes` rows hold a box and five points (four corners and the centre) as offsets from the prior in units of
 * variance × prior size; `scores` rows are softmaxed [background, plate]; `iou` rows are the model's own estimate
 * of its box's quality. A plate scores sqrt(plate probability × clamped IoU), as upstream's demo computes it.
 */
import type { Box } from "../detector/box.js";
import type { FloatTensor, ScoredBox } from "../detector/decode.js";
import type { ImageSize } from "../detector/letterbox.js";
import type { Validation } from "../validation.js";

const BOX_ROW_VALUES = 14;
/** offsets of the top-left, top-right, bottom-right and bottom-left corners in a `boxes` row; 8–9 is the centre */
const CORNER_OFFSETS = [4, 6, 10, 12] as const;
const SCORE_ROW_VALUES = 2;

export interface PriorSpec {
  minSizes: readonly (readonly number[])[];
  steps: readonly number[];
  variance: number;
}

/** Prior boxes as (centre x, centre y, size) triples in model-input pixels, in the model's output order. */
export function lpdYunetPriors(input: ImageSize, spec: PriorSpec): Float32Array {
  const triples: number[] = [];
  spec.steps.forEach((step, level) => {
    const rows = featureMapLength(input.height, step);
    const columns = featureMapLength(input.width, step);
    const sizes = spec.minSizes[level] ?? [];
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < columns; column++) {
        for (const size of sizes) triples.push((column + 0.5) * step, (row + 0.5) * step, size);
      }
    }
  });
  return Float32Array.from(triples);
}

export interface PlateOutputs {
  boxes: FloatTensor;
  scores: FloatTensor;
  iou: FloatTensor;
}

export function checkLpdYunetOutputs(outputs: PlateOutputs, priors: Float32Array): Validation {
  const priorCount = priors.length / 3;
  const expected = [
    ["boxes", outputs.boxes, BOX_ROW_VALUES],
    ["scores", outputs.scores, SCORE_ROW_VALUES],
    ["iou", outputs.iou, 1],
  ] as const;
  for (const [role, tensor, valuesPerRow] of expected) {
    if (tensor.data.length !== priorCount * valuesPerRow) {
      return {
        valid: false,
        reason:
          `the ${role} output has ${tensor.data.length} values; the input size has ${priorCount} prior boxes ` +
          `of ${valuesPerRow} values each`,
      };
    }
  }
  return { valid: true };
}

/**
 * Plates scoring at least `minScore`, for outputs that passed checkLpdYunetOutputs; each box is the bounds of the
 * four predicted corners in model-input pixels, which follow a tilted plate more closely than the box row does.
 */
export function decodeLpdYunetOutputs(outputs: PlateOutputs, priors: Float32Array, variance: number, minScore: number): ScoredBox[] {
  const boxes = outputs.boxes.data;
  const scores = outputs.scores.data;
  const iou = outputs.iou.data;
  const plates: ScoredBox[] = [];
  const minPlateProbability = minScore * minScore;
  for (let prior = 0; prior < priors.length / 3; prior++) {
    const plateProbability = scores[prior * SCORE_ROW_VALUES + 1]!;
    // the IoU factor is at most 1: most of a frame's hundred thousand priors end here
    if (!(plateProbability >= minPlateProbability)) continue;
    const score = Math.sqrt(plateProbability * Math.min(1, Math.max(0, iou[prior]!)));
    if (!(score >= minScore)) continue;
    const centreX = priors[prior * 3]!;
    const centreY = priors[prior * 3 + 1]!;
    const unit = variance * priors[prior * 3 + 2]!;
    const xs = CORNER_OFFSETS.map((offset) => centreX + boxes[prior * BOX_ROW_VALUES + offset]! * unit);
    const ys = CORNER_OFFSETS.map((offset) => centreY + boxes[prior * BOX_ROW_VALUES + offset + 1]! * unit);
    const box: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    plates.push({ classIndex: 0, score, box });
  }
  return plates;
}

/** The feature map's length along one side at `step`: halved once rounding up, then rounding down, as upstream's priors. */
function featureMapLength(inputLength: number, step: number): number {
  let length = Math.floor((inputLength + 1) / 2);
  for (let stride = 4; stride <= step; stride *= 2) length = Math.floor(length / 2);
  return length;
}
