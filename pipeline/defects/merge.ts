/**
 * Merges located detections into defects: the same pothole seen in consecutive frames of one drive, and again on
 * later drives, is one defect with many observations.
 *
 * A detection joins the nearest compatible defect (damage-classes.ts) within mergeRadiusMeters, else it starts a new
 * one. 8 m by default: phone GPS is off by ~5 m, the ground projection adds 1–3 m within the camera's range (see
 * camera-model.ts), and two potholes closer than that are one repair job anyway.
 *
 * Detections no existing defect takes are clustered among themselves: the best-scoring detection not yet covered
 * founds a new defect and covers every compatible detection within the radius; then each covered detection joins the
 * nearest compatible founder. Founding by score puts new defects where the detector was surest, and each step is a
 * KDBush radius query, O(n log n) overall (DBSCAN-style pairwise clustering is quadratic).
 *
 * Distances are measured on an equirectangular projection around the batch: across a municipality (≈ 50 km) its
 * error at an 8 m radius is millimetres.
 */
import KDBush from "kdbush";
import { boundsAround, type GeoBounds } from "../geo/bounds.js";
import { angleDifferenceDegrees, EARTH_RADIUS_METERS, type LatLon, normalizeLongitude } from "../geo/geodesy.js";
import { classesCompatible, defectClass } from "./damage-classes.js";
import type { DefectStatus, Sighting } from "./defect.js";
import {
  DEFAULT_SEVERITY_THRESHOLDS,
  gradeSeverity,
  maxWidthMeters,
  type SeverityGrade,
  type SeverityThresholds,
} from "./severity.js";

export const DEFAULT_MERGE_RADIUS_METERS = 8;

/**
 * Defects a new sighting may join. A verified repair is history: damage found there again is a new defect.
 * A sighting of a defect people closed (repaired, not found) joins it, which keeps it from being verified.
 */
export const MERGEABLE_STATUSES: readonly DefectStatus[] = ["open", "assigned", "repaired", "not_found", "not_seen_again"];

export interface MergeOptions {
  mergeRadiusMeters: number;
  severityThresholds: SeverityThresholds;
  /** road authority class at a point, when a road network is loaded; without it severity ignores the road */
  roadClassAt?: (point: LatLon) => string | null;
}

export const DEFAULT_MERGE_OPTIONS: MergeOptions = {
  mergeRadiusMeters: DEFAULT_MERGE_RADIUS_METERS,
  severityThresholds: DEFAULT_SEVERITY_THRESHOLDS,
};

/** A stored defect near the batch, with every sighting it was made from. */
export interface DefectSnapshot extends LatLon {
  id: number;
  classId: string;
  sightings: readonly Sighting[];
}

/** What a defect's row shows, recomputed from all its sightings. */
export interface DefectSummary extends LatLon {
  classId: string;
  firstSeenMs: number;
  lastSeenMs: number;
  observationCount: number;
  maxWidthMeters: number | null;
  /** the sighting with the highest score: its frame becomes the defect's photo */
  bestDetectionId: number;
  severity: SeverityGrade;
}

export interface NewDefectPlan<T extends Sighting> {
  summary: DefectSummary;
  /** seen first, first */
  observations: T[];
}

export interface DefectUpdatePlan<T extends Sighting> {
  defectId: number;
  summary: DefectSummary;
  /** only the observations to add, seen first, first */
  observations: T[];
}

/** Applied by storage in one transaction. */
export interface MergePlan<T extends Sighting> {
  newDefects: NewDefectPlan<T>[];
  updates: DefectUpdatePlan<T>[];
}

/** Where the defects a batch could merge into lie: pass the defects inside (with MERGEABLE_STATUSES) to planMerge. */
export function mergeSearchBounds(
  detections: readonly LatLon[],
  options: MergeOptions = DEFAULT_MERGE_OPTIONS,
): GeoBounds | null {
  return boundsAround(detections, options.mergeRadiusMeters);
}

export function planMerge<T extends Sighting>(
  detections: readonly T[],
  defects: readonly DefectSnapshot[],
  options: MergeOptions = DEFAULT_MERGE_OPTIONS,
): MergePlan<T> {
  const firstDetection = detections[0];
  if (firstDetection === undefined) return { newDefects: [], updates: [] };
  const projection = localProjection(firstDetection);
  const radius = options.mergeRadiusMeters;
  const detectionPoints = detections.map(projection);

  const joinedByDefect = new Map<number, T[]>();
  const unmatched: number[] = [];
  const defectPoints = defects.map(projection);
  const defectIndex = buildIndex(defectPoints);
  detections.forEach((detection, i) => {
    const point = detectionPoints[i] as Point;
    const defectAt = nearestCompatible(defectIndex, point, radius, (k) =>
      classesCompatible((defects[k] as DefectSnapshot).classId, detection.classId) ? (defectPoints[k] as Point) : null,
    );
    if (defectAt === null) unmatched.push(i);
    else appendTo(joinedByDefect, defectAt, detection);
  });

  const clusters = clusterUnmatched(
    unmatched.map((i) => detections[i] as T),
    unmatched.map((i) => detectionPoints[i] as Point),
    radius,
  );

  const summarize = (sightings: readonly Sighting[]) => summarizeDefect(sightings, options);
  return {
    newDefects: clusters.map((cluster) => {
      const observations = chronological(cluster);
      return { summary: summarize(observations), observations };
    }),
    updates: [...joinedByDefect].map(([k, joined]) => {
      const defect = defects[k] as DefectSnapshot;
      const observations = chronological(joined);
      return { defectId: defect.id, summary: summarize([...defect.sightings, ...observations]), observations };
    }),
  };
}

/** Class from the most severe sighting, position as the score-weighted mean, the rest as the row shows them. */
function summarizeDefect(sightings: readonly Sighting[], options: MergeOptions): DefectSummary {
  const first = sightings[0];
  if (first === undefined) throw new Error("a defect needs at least one sighting");
  let weightSum = 0;
  let latSum = 0;
  let lonOffsetSum = 0;
  let best = first;
  let firstSeenMs = first.seenAtMs;
  let lastSeenMs = first.seenAtMs;
  for (const sighting of sightings) {
    // a zero score would otherwise drop a sighting out of a mean it is the only member of
    const weight = Math.max(sighting.score, 1e-6);
    weightSum += weight;
    latSum += weight * sighting.lat;
    lonOffsetSum += weight * angleDifferenceDegrees(first.lon, sighting.lon);
    if (sighting.score > best.score) best = sighting;
    firstSeenMs = Math.min(firstSeenMs, sighting.seenAtMs);
    lastSeenMs = Math.max(lastSeenMs, sighting.seenAtMs);
  }
  const position = { lat: latSum / weightSum, lon: normalizeLongitude(first.lon + lonOffsetSum / weightSum) };
  return {
    ...position,
    classId: defectClass(sightings),
    firstSeenMs,
    lastSeenMs,
    observationCount: sightings.length,
    maxWidthMeters: maxWidthMeters(sightings),
    bestDetectionId: best.detectionId,
    severity: gradeSeverity({ sightings, roadClass: options.roadClassAt?.(position) ?? null }, options.severityThresholds),
  };
}

interface Point {
  x: number;
  y: number;
}

/** Founders by score, then every member to its nearest compatible founder (see the header). */
function clusterUnmatched<T extends Sighting>(detections: readonly T[], points: readonly Point[], radius: number): T[][] {
  const index = buildIndex(points);
  const covered = new Uint8Array(detections.length);
  const founders: number[] = [];
  const byScore = detections.map((_, i) => i).sort((a, b) => (detections[b] as T).score - (detections[a] as T).score);
  for (const i of byScore) {
    if (covered[i] === 1) continue;
    founders.push(i);
    const { x, y } = points[i] as Point;
    const founderClass = (detections[i] as T).classId;
    for (const j of index.within(x, y, radius)) {
      if (classesCompatible(founderClass, (detections[j] as T).classId)) covered[j] = 1;
    }
  }

  const founderIndex = buildIndex(founders.map((i) => points[i] as Point));
  const clusters: T[][] = founders.map(() => []);
  detections.forEach((detection, i) => {
    const cluster = nearestCompatible(founderIndex, points[i] as Point, radius, (k) => {
      const founder = founders[k] as number;
      return classesCompatible((detections[founder] as T).classId, detection.classId) ? (points[founder] as Point) : null;
    });
    // every detection was covered by a compatible founder within the radius, so a cluster is always found
    if (cluster === null) throw new Error("merge: a detection lost its founder");
    clusters[cluster]?.push(detection);
  });
  return clusters;
}

/** Item of the index nearest to `point` within `radius` for which `positionIfCompatible` gives a position. */
function nearestCompatible(
  index: KDBush,
  point: Point,
  radius: number,
  positionIfCompatible: (item: number) => Point | null,
): number | null {
  let nearest: number | null = null;
  let nearestDistanceSquared = Infinity;
  for (const item of index.within(point.x, point.y, radius)) {
    const position = positionIfCompatible(item);
    if (position === null) continue;
    const distanceSquared = (position.x - point.x) ** 2 + (position.y - point.y) ** 2;
    if (distanceSquared < nearestDistanceSquared) {
      nearest = item;
      nearestDistanceSquared = distanceSquared;
    }
  }
  return nearest;
}

function buildIndex(points: readonly Point[]): KDBush {
  const index = new KDBush(points.length);
  for (const { x, y } of points) index.add(x, y);
  return index.finish();
}

/** Metres east and north of `origin`. */
function localProjection(origin: LatLon): (point: LatLon) => Point {
  const metersPerDegree = (EARTH_RADIUS_METERS * Math.PI) / 180;
  const metersPerDegreeLon = metersPerDegree * Math.cos((origin.lat * Math.PI) / 180);
  return (point) => ({
    x: angleDifferenceDegrees(origin.lon, point.lon) * metersPerDegreeLon,
    y: (point.lat - origin.lat) * metersPerDegree,
  });
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function chronological<T extends Sighting>(sightings: readonly T[]): T[] {
  return [...sightings].sort((a, b) => a.seenAtMs - b.seenAtMs || a.detectionId - b.detectionId);
}
