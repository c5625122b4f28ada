/**
 * How much of each road segment a drive filmed. Only the stretches the sampler takes frames from count: inside the
 * video's time, moving, and without a gap in the track (ingest/sample-by-distance.ts decides the same way). Each
 * stretch is map-matched, and the parts of segments its route drove along are merged per segment, so driving a
 * segment twice, or GPS noise running the route back and forth on it, counts its length once. Segments lying alongside
 * the route (the same stretch drawn again, e.g. as a cycle route) are credited with what the camera filmed of them
 * (corridor-credit.ts).
 */
import { type CleanFix, STATIONARY_SPEED_MPS } from "../ingest/clean-track.js";
import { isBridged } from "../ingest/track-coverage.js";
import { type CorridorOptions, corridorCredit, DEFAULT_CORRIDOR_OPTIONS } from "./corridor-credit.js";
import { DEFAULT_MATCHER_OPTIONS, type MatchedStep, type MatcherOptions, matchDrive } from "./map-matcher.js";
import type { RoadGraph } from "./road-graph.js";

/** When the camera ran, UTC epoch ms. */
export interface RecordingWindow {
  startMs: number;
  endMs: number;
}

export interface SegmentCoverage {
  /** the segment's id (not its position in the graph) */
  segmentId: number;
  /** of the segment's length, driven along at least once */
  coveredMeters: number;
  lengthMeters: number;
  /** UTC epoch ms when the drive first reached it */
  firstTimeMs: number;
}

export interface DriveCoverage {
  segments: SegmentCoverage[];
  /** positions the matcher used, and of them those with no road near */
  usedPoints: number;
  offRoadPoints: number;
  restarts: number;
}

/** Runs of consecutive fixes inside the window, moving, with no gap between them; runs of one fix are dropped. */
export function filmedStretches(fixes: readonly CleanFix[], window: RecordingWindow): CleanFix[][] {
  const stretches: CleanFix[][] = [];
  let current: CleanFix[] = [];
  const close = () => {
    if (current.length >= 2) stretches.push(current);
    current = [];
  };
  fixes.forEach((fix, i) => {
    const filmed = fix.timeMs >= window.startMs && fix.timeMs <= window.endMs && fix.speedMps >= STATIONARY_SPEED_MPS;
    if (!filmed) {
      close();
      return;
    }
    if (current.length > 0 && !isBridged(fixes, i - 1)) close();
    current.push(fix);
  });
  close();
  return stretches;
}

export function driveCoverage(
  graph: RoadGraph,
  fixes: readonly CleanFix[],
  window: RecordingWindow,
  options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
  corridor: CorridorOptions = DEFAULT_CORRIDOR_OPTIONS,
): DriveCoverage {
  const coverage: DriveCoverage = { segments: [], usedPoints: 0, offRoadPoints: 0, restarts: 0 };
  const steps: MatchedStep[] = [];
  for (const stretch of filmedStretches(fixes, window)) {
    const points = stretch.map((fix) => ({ xy: graph.projection.toMeters([fix.lon, fix.lat]), timeMs: fix.timeMs }));
    const match = matchDrive(graph, points, options);
    steps.push(...match.steps);
    coverage.usedPoints += match.usedPoints;
    coverage.offRoadPoints += match.offRoadPoints;
    coverage.restarts += match.restarts;
  }
  coverage.segments = coveredSegments(graph, [...steps, ...corridorCredit(graph, steps, corridor)]);
  return coverage;
}

/** The union of the steps' stretches on each segment, by segment position in the graph. */
export function coveredSegments(graph: RoadGraph, steps: readonly MatchedStep[]): SegmentCoverage[] {
  const bySegment = new Map<number, { intervals: [number, number][]; firstTimeMs: number }>();
  for (const step of steps) {
    const interval: [number, number] = [Math.min(step.fromMeters, step.toMeters), Math.max(step.fromMeters, step.toMeters)];
    if (interval[1] <= interval[0]) continue;
    const known = bySegment.get(step.segment);
    if (known === undefined) bySegment.set(step.segment, { intervals: [interval], firstTimeMs: step.timeMs });
    else {
      known.intervals.push(interval);
      known.firstTimeMs = Math.min(known.firstTimeMs, step.timeMs);
    }
  }
  return [...bySegment].map(([segment, { intervals, firstTimeMs }]) => {
    const { id, line } = graph.segments[segment]!;
    return { segmentId: id, coveredMeters: unionLength(intervals), lengthMeters: line.lengthMeters, firstTimeMs };
  });
}

/** Total length of the union of intervals. */
export function unionLength(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}
