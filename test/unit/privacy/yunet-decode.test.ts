import { describe, expect, it } from "vitest";
import type { FloatTensor } from "../../../pipeline/detector/decode.js";
import { checkYunetOutputs, decodeYunetOutputs } from "../../../pipeline/privacy/yunet-decode.js";

const INPUT = { width: 64, height: 32 };
const STRIDES = [8, 16];

interface CellPrediction {
  stride: number;
  column: number;
  row: number;
  cls: number;
  obj: number;
  /** dx, dy, log w, log h */
  bbox: [number, number, number, number];
}

/** YuNet outputs for INPUT with every cell scoring nothing except the given ones. */
function yunetOutputs(cells: CellPrediction[]): Map<string, FloatTensor> {
  const outputs = new Map<string, FloatTensor>();
  for (const stride of STRIDES) {
    const columns = INPUT.width / stride;
    const count = columns * (INPUT.height / stride);
    const cls = new Float32Array(count);
    const obj = new Float32Array(count);
    const bbox = new Float32Array(count * 4);
    for (const cell of cells.filter((candidate) => candidate.stride === stride)) {
      const index = cell.row * columns + cell.column;
      cls[index] = cell.cls;
      obj[index] = cell.obj;
      bbox.set(cell.bbox, index * 4);
    }
    outputs.set(`cls_${stride}`, { data: cls, dims: [1, count, 1] });
    outputs.set(`obj_${stride}`, { data: obj, dims: [1, count, 1] });
    outputs.set(`bbox_${stride}`, { data: bbox, dims: [1, count, 4] });
  }
  return outputs;
}

describe("decodeYunetOutputs", () => {
  it("places a face from its cell, offsets and log size, in input pixels", () => {
    // cell (column 3, row 1) of the 8-pixel grid; centre (3 + 0.5, 1 + 0.25) × 8; size e^0 × 8 by e^ln2 × 8
    const outputs = yunetOutputs([{ stride: 8, column: 3, row: 1, cls: 0.81, obj: 1, bbox: [0.5, 0.25, 0, Math.LN2] }]);
    const [face, ...others] = decodeYunetOutputs(outputs, INPUT, STRIDES, 0.5);
    expect(others).toEqual([]);
    expect(face!.score).toBeCloseTo(0.9, 6);
    const expected = [28 - 4, 10 - 8, 28 + 4, 10 + 8];
    face!.box.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
  });

  it("reads each stride's grid with its own number of columns", () => {
    // the 16-pixel grid over 64 px has 4 columns: index 6 is column 2, row 1
    const outputs = yunetOutputs([{ stride: 16, column: 2, row: 1, cls: 1, obj: 1, bbox: [0, 0, 0, 0] }]);
    const [face] = decodeYunetOutputs(outputs, INPUT, STRIDES, 0.5);
    expect(face!.box).toEqual([24, 8, 40, 24]);
  });

  it("scores by the geometric mean of class and objectness, clamped to 0..1, and keeps a score equal to the threshold", () => {
    const outputs = yunetOutputs([
      { stride: 8, column: 0, row: 0, cls: 0.64, obj: 1.2, bbox: [0, 0, 0, 0] }, // obj clamps to 1: sqrt(0.64) = 0.8
      { stride: 8, column: 1, row: 0, cls: 0.25, obj: 0.5625, bbox: [0, 0, 0, 0] }, // 0.375
      { stride: 8, column: 2, row: 0, cls: -0.5, obj: 1, bbox: [0, 0, 0, 0] }, // clamps to 0
    ]);
    const scores = decodeYunetOutputs(outputs, INPUT, STRIDES, 0.375).map((face) => face.score);
    expect(scores.map((score) => Math.round(score * 1000) / 1000)).toEqual([0.8, 0.375]);
  });

  it("drops NaN scores", () => {
    const outputs = yunetOutputs([{ stride: 8, column: 0, row: 0, cls: Number.NaN, obj: 1, bbox: [0, 0, 0, 0] }]);
    expect(decodeYunetOutputs(outputs, INPUT, STRIDES, 0.1)).toEqual([]);
  });
});

describe("checkYunetOutputs", () => {
  it("accepts outputs with one prediction per cell of each stride", () => {
    expect(checkYunetOutputs(yunetOutputs([]), INPUT, STRIDES)).toEqual({ valid: true });
  });

  it("names the output whose size does not fit the input", () => {
    const outputs = yunetOutputs([]);
    outputs.set("bbox_16", { data: new Float32Array(7), dims: [1, 7] });
    const check = checkYunetOutputs(outputs, INPUT, STRIDES);
    expect(check).toEqual({ valid: false, reason: expect.stringContaining('output "bbox_16" has 7 values for a 64×32 input; expected 32') });
  });

  it("says when an output is missing", () => {
    const outputs = yunetOutputs([]);
    outputs.delete("obj_8");
    expect(checkYunetOutputs(outputs, INPUT, STRIDES)).toEqual({ valid: false, reason: expect.stringContaining('output "obj_8" has no values') });
  });
});
