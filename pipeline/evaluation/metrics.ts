/**
 * Detection metrics, VOC2010+/COCO style: greedy matching by score, all-point interpolated average precision,
 * and precision, recall and F1 at per-class score thresholds.
 */
import { type Box, intersectionOverUnion } from "../detector/box.js";

export interface LabelledBox {
  classIndex: number;
  box: Box;
}

export interface ScoredDetection extends LabelledBox {
  score: number;
}

export interface ImageEvaluation {
  groundTruth: readonly LabelledBox[];
  /** all detections down to a low score floor, so that the precision–recall curve is complete */
  detections: readonly ScoredDetection[];
}

export interface EvaluationOptions {
  classCount: number;
  /** a detection matches a ground-truth box of its class at IoU >= this */
  iouThreshold: number;
  /** per class: precision, recall and F1 count the detections scoring at least this */
  scoreThresholds: readonly number[];
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface ThresholdMetrics extends Counts {
  /** null when nothing was detected */
  precision: number | null;
  /** null when there is no ground truth */
  recall: number | null;
  /** null when there is neither ground truth nor a detection */
  f1: number | null;
}

export interface ClassMetrics extends ThresholdMetrics {
  classIndex: number;
  groundTruthCount: number;
  /** over all detections; null when the class has no ground truth */
  averagePrecision: number | null;
}

export interface EvaluationReport {
  classes: ClassMetrics[];
  /** mean over the classes that have ground truth; null when none has */
  meanAveragePrecision: number | null;
  /** micro average: counts summed over classes */
  overall: ThresholdMetrics;
}

/** One detection after matching, in the order of the precision–recall curve (best score first). */
interface RankedMatch {
  score: number;
  truePositive: boolean;
}

export function evaluateDetections(images: readonly ImageEvaluation[], options: EvaluationOptions): EvaluationReport {
  const classes: ClassMetrics[] = [];
  for (let classIndex = 0; classIndex < options.classCount; classIndex++) {
    const ranked: RankedMatch[] = [];
    let groundTruthCount = 0;
    for (const image of images) {
      const groundTruth = image.groundTruth.filter((g) => g.classIndex === classIndex);
      const detections = image.detections.filter((d) => d.classIndex === classIndex);
      groundTruthCount += groundTruth.length;
      ranked.push(...matchImage(groundTruth, detections, options.iouThreshold));
    }
    // stable sort: equal scores keep image order, so results do not depend on the engine
    ranked.sort((a, b) => b.score - a.score);
    const threshold = options.scoreThresholds[classIndex] ?? 0;
    const counted = ranked.filter((match) => match.score >= threshold);
    const truePositives = counted.filter((match) => match.truePositive).length;
    const counts = { truePositives, falsePositives: counted.length - truePositives, falseNegatives: groundTruthCount - truePositives };
    classes.push({
      classIndex,
      groundTruthCount,
      ...withRates(counts),
      averagePrecision: groundTruthCount > 0 ? averagePrecision(ranked.map((m) => m.truePositive), groundTruthCount) : null,
    });
  }
  const withGroundTruth = classes.filter((c) => c.averagePrecision !== null);
  const sum = (key: keyof Counts) => classes.reduce((total, c) => total + c[key], 0);
  return {
    classes,
    meanAveragePrecision:
      withGroundTruth.length > 0 ? withGroundTruth.reduce((total, c) => total + (c.averagePrecision ?? 0), 0) / withGroundTruth.length : null,
    overall: withRates({ truePositives: sum("truePositives"), falsePositives: sum("falsePositives"), falseNegatives: sum("falseNegatives") }),
  };
}

/**
 * Greedy matching within one image and class: best score first, each detection takes the unmatched
 * ground-truth box it overlaps most (IoU >= threshold); each ground-truth box is matched once.
 */
function matchImage(groundTruth: readonly LabelledBox[], detections: readonly ScoredDetection[], iouThreshold: number): RankedMatch[] {
  const matched = new Array<boolean>(groundTruth.length).fill(false);
  return [...detections]
    .sort((a, b) => b.score - a.score)
    .map((detection) => {
      let best = -1;
      let bestIou = 0;
      groundTruth.forEach((truth, index) => {
        const iou = intersectionOverUnion(detection.box, truth.box);
        if (!matched[index] && iou >= iouThreshold && iou > bestIou) {
          best = index;
          bestIou = iou;
        }
      });
      if (best >= 0) matched[best] = true;
      return { score: detection.score, truePositive: best >= 0 };
    });
}

/**
 * All-point interpolated AP: the area under the precision envelope (at each recall, the best precision at that
 * recall or beyond), summed over the steps where recall grows. `truePositives` is in descending score order.
 */
export function averagePrecision(truePositives: readonly boolean[], groundTruthCount: number): number {
  if (groundTruthCount <= 0) throw new RangeError("average precision needs at least one ground-truth box");
  const precisions: number[] = [];
  const recalls: number[] = [];
  let hits = 0;
  truePositives.forEach((hit, rank) => {
    if (hit) hits++;
    precisions.push(hits / (rank + 1));
    recalls.push(hits / groundTruthCount);
  });
  for (let i = precisions.length - 2; i >= 0; i--) {
    precisions[i] = Math.max(precisions[i] ?? 0, precisions[i + 1] ?? 0);
  }
  let area = 0;
  let previousRecall = 0;
  recalls.forEach((recall, i) => {
    area += (recall - previousRecall) * (precisions[i] ?? 0);
    previousRecall = recall;
  });
  return area;
}

function withRates(counts: Counts): ThresholdMetrics {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  return {
    ...counts,
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    f1: tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null,
  };
}
