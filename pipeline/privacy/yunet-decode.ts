/**
 * YuNet's output (libfacedetection): per stride S, one prediction per cell of the S-pixel grid over the input, in
 * row-major cell order: cls_S and obj_S (sigmoid applied) whose geometric mean is the face score, and bbox_S as
 * (dx, dy, log w, log h) in units of S from the cell's corner, as OpenCV's FaceDetectorYN decodes it.
 */
import type { ScoredBox, FloatTensor } from "../detector/decode.js";
import type { ImageSize } from "../detector/letterbox.js";
import type { Validation } from "../validation.js";

const BOX_VALUES = 4;

export function checkYunetOutputs(outputs: ReadonlyMap<string, FloatTensor>, input: ImageSize, strides: readonly number[]): Validation {
  for (const stride of strides) {
    const cells = gridOf(input, stride).cells;
    for (const [name, valuesPerCell] of [[`cls_${stride}`, 1], [`obj_${stride}`, 1], [`bbox_${stride}`, BOX_VALUES]] as const) {
      const length = outputs.get(name)?.data.length;
      if (length !== cells * valuesPerCell) {
        return {
          valid: false,
          reason:
            `output "${name}" has ${length ?? "no"} values for a ${input.width}×${input.height} input; ` +
            `expected ${cells * valuesPerCell} (${cells} cells of ${stride} pixels, ${valuesPerCell} each)`,
        };
      }
    }
  }
  return { valid: true };
}

/** Faces scoring at least `minScore`, boxes in model-input pixels, for outputs that passed checkYunetOutputs. */
export function decodeYunetOutputs(
  outputs: ReadonlyMap<string, FloatTensor>,
  input: ImageSize,
  strides: readonly number[],
  minScore: number,
): ScoredBox[] {
  const faces: ScoredBox[] = [];
  for (const stride of strides) {
    const { columns, cells } = gridOf(input, stride);
    const cls = outputs.get(`cls_${stride}`)!.data;
    const obj = outputs.get(`obj_${stride}`)!.data;
    const bbox = outputs.get(`bbox_${stride}`)!.data;
    for (let cell = 0; cell < cells; cell++) {
      const score = Math.sqrt(clamp01(cls[cell]!) * clamp01(obj[cell]!));
      // written so that a NaN score is dropped too
      if (!(score >= minScore)) continue;
      const column = cell % columns;
      const row = Math.floor(cell / columns);
      const centreX = (column + bbox[cell * BOX_VALUES]!) * stride;
      const centreY = (row + bbox[cell * BOX_VALUES + 1]!) * stride;
      const width = Math.exp(bbox[cell * BOX_VALUES + 2]!) * stride;
      const height = Math.exp(bbox[cell * BOX_VALUES + 3]!) * stride;
      faces.push({ classIndex: 0, score, box: [centreX - width / 2, centreY - height / 2, centreX + width / 2, centreY + height / 2] });
    }
  }
  return faces;
}

function gridOf(input: ImageSize, stride: number): { columns: number; cells: number } {
  const columns = Math.floor(input.width / stride);
  return { columns, cells: columns * Math.floor(input.height / stride) };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
