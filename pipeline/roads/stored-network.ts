/**
 * The imported road network as the pipeline uses it: a road graph of the stored segments around a drive, and the
 * segment each detection and defect lies on.
 */
import { type GeoBounds } from "../geo/bounds.js";
import type { LatLon } from "../geo/geodesy.js";
import type { PlacedPoint, RoadSegmentRepository } from "../storage/road-segment-repository.js";
import { RoadGraph } from "./road-graph.js";

/**
 * How far a detection or defect may lie from a segment's centre line and still be on it: half a wide road's
 * carriageway, plus phone GPS error (5-10 m) and the error of placing the damage from the photo (a few metres).
 */
export const ON_ROAD_METERS = 25;

/** The stored segments meeting `bounds` (the whole network for null) as a graph; null when none are stored. */
export async function loadRoadGraph(segments: RoadSegmentRepository, bounds: GeoBounds | null): Promise<RoadGraph | null> {
  const stored = await segments.list(bounds);
  return stored.length === 0 ? null : new RoadGraph(stored);
}

/**
 * The road class at a point, from the stored segments meeting `bounds`, for grading a defect by the road it lies on;
 * null when no segment is stored there.
 */
export async function roadClassLookup(segments: RoadSegmentRepository, bounds: GeoBounds): Promise<((point: LatLon) => string | null) | null> {
  const stored = await segments.list(bounds);
  if (stored.length === 0) return null;
  const graph = new RoadGraph(stored);
  const classById = new Map(stored.map((segment) => [segment.id, segment.roadClass]));
  return (point) => {
    const segmentId = graph.segmentNear(point, ON_ROAD_METERS);
    return segmentId === null ? null : (classById.get(segmentId) ?? null);
  };
}

interface PointsToPlace {
  detections: readonly PlacedPoint[];
  defects: readonly PlacedPoint[];
}

/** Puts each point on its nearest segment within ON_ROAD_METERS (or none); returns how many lie on a road now. */
export async function placeOnRoads(
  segments: RoadSegmentRepository,
  graph: RoadGraph,
  points: PointsToPlace,
): Promise<{ detections: number; defects: number }> {
  const place = (list: readonly PlacedPoint[]) => list.map((point) => ({ point, segmentId: graph.segmentNear(point, ON_ROAD_METERS) }));
  const detections = place(points.detections);
  const defects = place(points.defects);
  const changed = (placed: typeof detections) =>
    placed.filter(({ point, segmentId }) => point.segmentId !== segmentId).map(({ point, segmentId }) => ({ id: point.id, segmentId }));
  await segments.placeDetections(changed(detections));
  await segments.placeDefects(changed(defects));
  const onRoad = (placed: typeof detections) => placed.filter(({ segmentId }) => segmentId !== null).length;
  return { detections: onRoad(detections), defects: onRoad(defects) };
}
