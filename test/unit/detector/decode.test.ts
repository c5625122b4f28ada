import { describe, expect, it } from "vitest";
import { checkYoloOutputShape, decodeYoloOutput } from "../../../pipeline/detector/decode.js";

/** Builds a [1, 4 + classes, anchors] tensor from one column per anchor: [cx, cy, w, h, score0, score1, …]. */
function yoloTensor(anchors: number[][]) {
  const rows = anchors[0]?.length ?? 0;
  const data = new Float32Array(rows * anchors.length);
  anchors.forEach((column, anchor) => column.forEach((value, row) => (data[row * anchors.length + anchor] = value)));
  return { data, dims: [1, rows, anchors.length] };
}

describe("decodeYoloOutput", () => {
  const output = yoloTensor([
    [100, 50, 20, 10, 0.875, 0.25], // class 0 wins
    [10, 10, 4, 6, 0.125, 0.625], // class 1 wins
    [200, 200, 40, 40, 0.25, 0.375], // class 1 wins, but scores low
  ]);

  it("turns centre boxes into corners and keeps each anchor's best class above its threshold", () => {
    const boxes = decodeYoloOutput(output, { classCount: 2, scoresActivated: true, minScoreByClass: [0.5, 0.5] });
    expect(boxes).toEqual([
      { classIndex: 0, score: 0.875, box: [90, 45, 110, 55] },
      { classIndex: 1, score: 0.625, box: [8, 7, 12, 13] },
    ]);
  });

  it("applies each class's own threshold", () => {
    const boxes = decodeYoloOutput(output, { classCount: 2, scoresActivated: true, minScoreByClass: [0.9, 0.3] });
    expect(boxes.map((b) => [b.classIndex, b.score])).toEqual([
      [1, 0.625],
      [1, 0.375],
    ]);
  });

  it("keeps a box whose score equals the threshold", () => {
    const boxes = decodeYoloOutput(output, { classCount: 2, scoresActivated: true, minScoreByClass: [0.875, 1] });
    expect(boxes).toHaveLength(1);
  });

  it("applies the sigmoid to logits", () => {
    // sigmoid(0) = 0.5, sigmoid(ln 3) = 0.75, sigmoid(-5) ≈ 0.0067
    const logits = yoloTensor([
      [10, 10, 2, 2, 0, -5],
      [20, 20, 2, 2, -5, Math.log(3)],
    ]);
    const boxes = decodeYoloOutput(logits, { classCount: 2, scoresActivated: false, minScoreByClass: [0.4, 0.4] });
    expect(boxes.map((b) => b.classIndex)).toEqual([0, 1]);
    expect(boxes[0]?.score).toBeCloseTo(0.5, 6);
    expect(boxes[1]?.score).toBeCloseTo(0.75, 6);
  });

  it("drops anchors whose score is not a number", () => {
    const broken = yoloTensor([[10, 10, 2, 2, Number.NaN]]);
    expect(decodeYoloOutput(broken, { classCount: 1, scoresActivated: true, minScoreByClass: [0] })).toEqual([]);
  });
});

describe("checkYoloOutputShape", () => {
  it("accepts [1, 4 + classes, anchors]", () => {
    expect(checkYoloOutputShape([1, 6, 8400], 2)).toEqual({ valid: true });
  });

  it("rejects a transposed output or a class count that does not fit, saying what it expected", () => {
    expect(checkYoloOutputShape([1, 8400, 6], 2)).toEqual({
      valid: false,
      reason: "output has shape [1, 8400, 6]; expected [1, 6, anchors] (4 box rows + 2 class rows)",
    });
    expect(checkYoloOutputShape([1, 7, 8400], 2).valid).toBe(false);
    expect(checkYoloOutputShape([2, 6, 8400], 2).valid).toBe(false);
    expect(checkYoloOutputShape([6, 8400], 2).valid).toBe(false);
  });
});
