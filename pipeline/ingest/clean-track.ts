/**
 * Turns a parsed GPS track into fixes fit for sampling: implausible fixes dropped, jitter smoothed,
 * and every fix given a speed and (when the vehicle moves) a heading.
 */
import {
  angleDifferenceDegrees,
  haversineDistanceMeters,
  initialBearingDegrees,
  normalizeDegrees,
  normalizeLongitude,
} from "../geo/geodesy.js";
import type { TrackPoint } from "../telemetry/track-point.js";
import { isBridged } from "./track-coverage.js";

/** 252 km/h: no municipal vehicle gets there, so a step needing more speed is a GPS glitch. */
export const MAX_PLAUSIBLE_SPEED_MPS = 70;

/**
 * Below this the vehicle counts as standing still. Phone GPS wanders by a metre or two while parked,
 * which reads as up to ~1 m/s; a crew vehicle inspecting a road moves at 3 m/s or more.
 */
export const STATIONARY_SPEED_MPS = 1;

/**
 * Positions are averaged over ±2 s with triangular weights (1 at the fix, 0 at 2 s). At 1 Hz that is the
 * light [¼ ½ ¼] kernel, which halves independent jitter; at 18 Hz (GoPro) it spans the same 4 s.
 * Symmetric weights leave steady straight driving unchanged and cut a 90° street corner by about a metre.
 */
export const SMOOTHING_HALF_WINDOW_MS = 2000;

export interface CleanFix {
  /** UTC, milliseconds since the Unix epoch */
  timeMs: number;
  lat: number;
  lon: number;
  /** the receiver's speed when it reported one, else from the smoothed positions */
  speedMps: number;
  /** degrees clockwise from true north; null when the vehicle never moved within its stretch of track */
  headingDegrees: number | null;
}

export interface CleanedTrack {
  fixes: CleanFix[];
  /** fixes removed, by reason (e.g. "impossible jump": 2) */
  droppedByReason: Record<string, number>;
}

export function cleanTrack(points: readonly TrackPoint[]): CleanedTrack {
  const droppedByReason: Record<string, number> = {};
  const drop = (reason: string): void => {
    droppedByReason[reason] = (droppedByReason[reason] ?? 0) + 1;
  };
  const kept = dropImpossibleJumps(dropUnusableFixes(points, drop), drop);
  const smoothed = smoothPositions(kept);
  const fixes = smoothed.map((position, index) => ({
    ...position,
    speedMps: speedAt(kept, smoothed, index),
    headingDegrees: null,
  }));
  assignHeadings(fixes, kept);
  return { fixes, droppedByReason };
}

function dropUnusableFixes(points: readonly TrackPoint[], drop: (reason: string) => void): TrackPoint[] {
  const kept: TrackPoint[] = [];
  for (const point of points) {
    const previous = kept.at(-1);
    if (point.fix === "none") {
      drop("no fix");
    } else if (!isOnEarth(point)) {
      drop("bad coordinates");
    } else if (point.lat === 0 && point.lon === 0) {
      drop("position 0,0");
    } else if (!Number.isFinite(point.timeMs)) {
      drop("bad time");
    } else if (previous !== undefined && point.timeMs <= previous.timeMs) {
      drop("duplicate time");
    } else {
      kept.push(point);
    }
  }
  return kept;
}

function isOnEarth(point: TrackPoint): boolean {
  return Number.isFinite(point.lat) && Number.isFinite(point.lon) && Math.abs(point.lat) <= 90 && Math.abs(point.lon) <= 180;
}

function isReachable(from: TrackPoint, to: TrackPoint): boolean {
  const seconds = (to.timeMs - from.timeMs) / 1000;
  return haversineDistanceMeters(from, to) <= MAX_PLAUSIBLE_SPEED_MPS * seconds;
}

/**
 * Keeps a fix only when the vehicle could have driven there from the last kept fix.
 * Were the first fix the glitch, every later fix would look like a jump; so the first fix is dropped
 * instead when it cannot reach its successor while that successor and the next agree.
 */
function dropImpossibleJumps(points: readonly TrackPoint[], drop: (reason: string) => void): TrackPoint[] {
  const kept: TrackPoint[] = [];
  points.forEach((point, index) => {
    const previous = kept.at(-1);
    const reachable =
      previous === undefined ? !isFirstFixGlitch(point, points[index + 1], points[index + 2]) : isReachable(previous, point);
    if (reachable) kept.push(point);
    else drop("impossible jump");
  });
  return kept;
}

function isFirstFixGlitch(first: TrackPoint, second: TrackPoint | undefined, third: TrackPoint | undefined): boolean {
  return second !== undefined && third !== undefined && !isReachable(first, second) && isReachable(second, third);
}

interface Position {
  timeMs: number;
  lat: number;
  lon: number;
}

function smoothPositions(fixes: readonly TrackPoint[]): Position[] {
  return fixes.map((fix, index) => {
    let weightSum = 0;
    let latSum = 0;
    let lonOffsetSum = 0;
    for (const neighbour of symmetricNeighbours(fixes, index, SMOOTHING_HALF_WINDOW_MS)) {
      const weight = 1 - Math.abs(neighbour.timeMs - fix.timeMs) / SMOOTHING_HALF_WINDOW_MS;
      weightSum += weight;
      latSum += weight * neighbour.lat;
      lonOffsetSum += weight * angleDifferenceDegrees(fix.lon, neighbour.lon);
    }
    return {
      timeMs: fix.timeMs,
      lat: latSum / weightSum,
      lon: normalizeLongitude(fix.lon + lonOffsetSum / weightSum),
    };
  });
}

/**
 * The fix itself and its neighbours less than `windowMs` away, without crossing a gap in the track. Near either end
 * of a stretch the window shrinks to stay symmetric: a one-sided average would pull the end fixes inwards.
 */
function symmetricNeighbours(fixes: readonly TrackPoint[], index: number, windowMs: number): TrackPoint[] {
  const centreMs = fixes[index]!.timeMs;
  let first = index;
  while (first > 0 && isBridged(fixes, first - 1) && centreMs - fixes[first - 1]!.timeMs < windowMs) first--;
  let last = index;
  while (last + 1 < fixes.length && isBridged(fixes, last) && fixes[last + 1]!.timeMs - centreMs < windowMs) last++;
  const stretchStartsInside = first === 0 || !isBridged(fixes, first - 1);
  const stretchEndsInside = last === fixes.length - 1 || !isBridged(fixes, last);
  const reachMs = Math.min(
    stretchStartsInside ? centreMs - fixes[first]!.timeMs : windowMs,
    stretchEndsInside ? fixes[last]!.timeMs - centreMs : windowMs,
  );
  return fixes.slice(first, last + 1).filter((fix) => Math.abs(fix.timeMs - centreMs) <= reachMs);
}

/** The receiver's speed when it gave one, else the distance between the neighbouring fixes over their time apart. */
function speedAt(raw: readonly TrackPoint[], smoothed: readonly Position[], index: number): number {
  const reported = raw[index]!.speedMps;
  if (reported !== undefined && Number.isFinite(reported) && reported >= 0) return reported;
  const [before, after] = adjacentFixes(smoothed, index);
  return after.timeMs > before.timeMs ? haversineDistanceMeters(before, after) / ((after.timeMs - before.timeMs) / 1000) : 0;
}

/** The fixes on either side of `index` within its stretch of track (the fix itself at a stretch's end). */
function adjacentFixes<T extends { timeMs: number }>(fixes: readonly T[], index: number): [T, T] {
  const before = index > 0 && isBridged(fixes, index - 1) ? fixes[index - 1]! : fixes[index]!;
  const after = isBridged(fixes, index) ? fixes[index + 1]! : fixes[index]!;
  return [before, after];
}

/**
 * A moving fix takes the receiver's course when it gave one, else the bearing from the previous to the next fix.
 * A standing vehicle keeps the heading it last had (or, before it first moves, the one it sets off with),
 * within its stretch of track: after a gap nothing is known about where it turned.
 */
function assignHeadings(fixes: CleanFix[], raw: readonly TrackPoint[]): void {
  fixes.forEach((fix, index) => {
    if (fix.speedMps < STATIONARY_SPEED_MPS) return;
    const course = raw[index]!.headingDegrees;
    const [before, after] = adjacentFixes(fixes, index);
    if (course !== undefined && Number.isFinite(course)) fix.headingDegrees = normalizeDegrees(course);
    else if (after !== before) fix.headingDegrees = initialBearingDegrees(before, after);
  });
  for (let index = 1; index < fixes.length; index++) {
    if (fixes[index]!.headingDegrees === null && isBridged(fixes, index - 1)) {
      fixes[index]!.headingDegrees = fixes[index - 1]!.headingDegrees;
    }
  }
  for (let index = fixes.length - 2; index >= 0; index--) {
    if (fixes[index]!.headingDegrees === null && isBridged(fixes, index)) {
      fixes[index]!.headingDegrees = fixes[index + 1]!.headingDegrees;
    }
  }
}
