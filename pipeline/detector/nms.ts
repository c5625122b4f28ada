import { intersectionOverUnion } from "./box.js";
import type { ScoredBox } from "./decode.js";

export interface NmsOptions {
  /** a box overlapping a better-scoring kept box by more than this IoU is dropped */
  iouThreshold: number;
  maxDetections: number;
  /** true: boxes of different classes suppress each other too */
  classAgnostic: boolean;
}

/** Greedy non-maximum suppression: best score first; returns the kept boxes, best first. */
export function nonMaxSuppression<T extends ScoredBox>(boxes: readonly T[], options: NmsOptions): T[] {
  const byScore = [...boxes].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  for (const candidate of byScore) {
    if (kept.length >= options.maxDetections) break;
    const suppressed = kept.some(
      (better) =>
        (options.classAgnostic || better.classIndex === candidate.classIndex) &&
        intersectionOverUnion(better.box, candidate.box) > options.iouThreshold,
    );
    if (!suppressed) kept.push(candidate);
  }
  return kept;
}
