import { describe, expect, it } from "vitest";
import type { Box } from "../../../pipeline/detector/box.js";
import { averagePrecision, evaluateDetections } from "../../../pipeline/evaluation/metrics.js";

function truth(classIndex: number, box: Box) {
  return { classIndex, box };
}

function detection(classIndex: number, score: number, box: Box) {
  return { classIndex, score, box };
}

describe("averagePrecision (all-point interpolation)", () => {
  it("matches the worked example: 3 ground-truth boxes, 5 detections", () => {
    // rank:      1     2     3     4     5      (descending score)
    // hit:       TP    FP    TP    FP    TP
    // precision: 1/1   1/2   2/3   2/4   3/5
    // recall:    1/3   1/3   2/3   2/3   3/3
    // envelope (best precision at this recall or beyond): 1, 2/3, 2/3, 3/5, 3/5
    // recall steps: 1/3 at rank 1 (p 1), 1/3 at rank 3 (p 2/3), 1/3 at rank 5 (p 3/5)
    // AP = 1/3 · 1 + 1/3 · 2/3 + 1/3 · 3/5 = 15/45 + 10/45 + 9/45 = 34/45 ≈ 0.7556
    expect(averagePrecision([true, false, true, false, true], 3)).toBeCloseTo(34 / 45, 12);
  });

  it("counts only the recall reached: ground truth never found lowers AP", () => {
    // 2 ground-truth boxes, detections TP FP FP: recall stops at 1/2 with precision 1 → AP = 1/2
    expect(averagePrecision([true, false, false], 2)).toBeCloseTo(0.5, 12);
  });

  it("lifts precision to the envelope when a true positive comes after a false one", () => {
    // FP then TP, 1 ground truth: precision 0, 1/2; envelope 1/2, 1/2; recall step 1 at rank 2 → AP = 1/2
    expect(averagePrecision([false, true], 1)).toBeCloseTo(0.5, 12);
  });

  it("is 1 for perfect ranking and 0 without any true positive", () => {
    expect(averagePrecision([true, true, false, false], 2)).toBe(1);
    expect(averagePrecision([false, false], 2)).toBe(0);
    expect(averagePrecision([], 2)).toBe(0);
  });
});

describe("evaluateDetections", () => {
  const options = { classCount: 2, iouThreshold: 0.5, scoreThresholds: [0.5, 0.5] };

  // Image A, class 0: two ground-truth boxes.
  //   0.9 on the first box (IoU 1)                → TP
  //   0.8 on the first box again (IoU 90/110)     → FP, the box is taken
  //   0.4 on the second box (IoU 90/110)          → TP, but below the 0.5 threshold
  // Image B, class 0: one ground-truth box.
  //   0.95 class 1 on it                          → FP for class 1 (wrong class)
  //   0.6 class 0 on its top 40 % (IoU 0.4)       → FP, overlap too small
  const images = [
    {
      groundTruth: [truth(0, [0, 0, 10, 10]), truth(0, [20, 0, 30, 10])],
      detections: [detection(0, 0.4, [21, 0, 31, 10]), detection(0, 0.8, [1, 0, 11, 10]), detection(0, 0.9, [0, 0, 10, 10])],
    },
    {
      groundTruth: [truth(0, [0, 0, 10, 10])],
      detections: [detection(1, 0.95, [0, 0, 10, 10]), detection(0, 0.6, [0, 0, 10, 4])],
    },
  ];

  it("computes AP over all detections and counts at the thresholds, per class", () => {
    const report = evaluateDetections(images, options);
    // class 0 ranked: 0.9 TP, 0.8 FP, 0.6 FP, 0.4 TP with 3 ground-truth boxes
    // precision 1, 1/2, 1/3, 1/2; recall 1/3, 1/3, 1/3, 2/3; envelope 1, 1/2, 1/2, 1/2
    // AP = 1/3 · 1 + 1/3 · 1/2 = 1/2
    // at threshold 0.5: TP 1 (0.9), FP 2 (0.8, 0.6), FN 2 → precision 1/3, recall 1/3, F1 2/(2 + 2 + 2) = 1/3
    const [cracks, potholes] = report.classes;
    expect(cracks).toMatchObject({ classIndex: 0, groundTruthCount: 3, truePositives: 1, falsePositives: 2, falseNegatives: 2 });
    expect(cracks?.averagePrecision).toBeCloseTo(0.5, 12);
    expect(cracks?.precision).toBeCloseTo(1 / 3, 12);
    expect(cracks?.recall).toBeCloseTo(1 / 3, 12);
    expect(cracks?.f1).toBeCloseTo(1 / 3, 12);
    // class 1: one false positive, no ground truth: AP and recall undefined, precision 0, F1 0
    expect(potholes).toEqual({
      classIndex: 1,
      groundTruthCount: 0,
      truePositives: 0,
      falsePositives: 1,
      falseNegatives: 0,
      precision: 0,
      recall: null,
      f1: 0,
      averagePrecision: null,
    });
  });

  it("averages AP over classes with ground truth only and sums the counts for the overall figures", () => {
    const report = evaluateDetections(images, options);
    expect(report.meanAveragePrecision).toBeCloseTo(0.5, 12);
    // TP 1, FP 2 + 1, FN 2: precision 1/4, recall 1/3, F1 2/(2 + 3 + 2) = 2/7
    expect(report.overall).toMatchObject({ truePositives: 1, falsePositives: 3, falseNegatives: 2 });
    expect(report.overall.precision).toBeCloseTo(0.25, 12);
    expect(report.overall.recall).toBeCloseTo(1 / 3, 12);
    expect(report.overall.f1).toBeCloseTo(2 / 7, 12);
  });

  it("lets a detection take the unmatched box it overlaps most", () => {
    // 0.9 overlaps the first box 70/130 and the second 90/110: it takes the second,
    // so 0.8, lying exactly on the first, is a true positive too
    const report = evaluateDetections(
      [
        {
          groundTruth: [truth(0, [0, 0, 10, 10]), truth(0, [4, 0, 14, 10])],
          detections: [detection(0, 0.8, [0, 0, 10, 10]), detection(0, 0.9, [3, 0, 13, 10])],
        },
      ],
      options,
    );
    expect(report.classes[0]).toMatchObject({ truePositives: 2, falsePositives: 0, falseNegatives: 0, averagePrecision: 1 });
  });

  it("matches at the IoU threshold given", () => {
    // IoU 0.4: a miss at 0.5, a hit at 0.3
    const image = { groundTruth: [truth(0, [0, 0, 10, 10])], detections: [detection(0, 0.9, [0, 0, 10, 4])] };
    expect(evaluateDetections([image], options).classes[0]?.truePositives).toBe(0);
    expect(evaluateDetections([image], { ...options, iouThreshold: 0.3 }).classes[0]?.truePositives).toBe(1);
  });

  it("counts every labelled box as missed when nothing is detected", () => {
    const report = evaluateDetections([{ groundTruth: [truth(1, [0, 0, 5, 5])], detections: [] }], options);
    expect(report.classes[1]).toMatchObject({ falseNegatives: 1, precision: null, recall: 0, f1: 0, averagePrecision: 0 });
    expect(report.classes[0]).toMatchObject({ precision: null, recall: null, f1: null, averagePrecision: null });
    expect(report.meanAveragePrecision).toBe(0);
  });

  it("has no mAP when no class has ground truth", () => {
    expect(evaluateDetections([{ groundTruth: [], detections: [] }], options).meanAveragePrecision).toBeNull();
  });
});
