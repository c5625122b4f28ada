/**
 * Segments filmed without being driven on: road registers and route layers draw the same stretch more than once (a
 * cycle route along a road, a road drawn twice), and the map matcher puts a drive on one copy only. The camera filmed
 * every copy, so each other segment lying alongside the driven path is credited with the stretch of it that does.
 *
 * Alongside means: a point of the segment within `corridorMeters` of an edge of the driven path, where the edge runs
 * within `maxAngleDegrees` of the segment's own direction, and the point lies beside the edge rather than beyond its
 * ends (seen from the edge's end, at most `maxAngleDegrees` from square to it). A road crossed or met at a junction is
 * near the path too, but across it; the road straight on where the drive turned off, or before where it turned on,
 * is in line with the path's edge there, but beyond its end. Neither was filmed along, and neither is credited.
 */
import type { XY } from "./local-projection.js";
import type { MatchedStep } from "./map-matcher.js";
import { Polyline } from "./polyline.js";
import { PolylineIndex } from "./polyline-index.js";
import type { RoadGraph } from "./road-graph.js";

export interface CorridorOptions {
  /** a segment this close to the driven path, on either side, lies alongside it */
  corridorMeters: number;
  /** and runs at most this far from the path's direction, either way along it */
  maxAngleDegrees: number;
  /** segments are tested at points this far apart at most, each standing for the stretch around it */
  sampleSpacingMeters: number;
}

/**
 * 8 m: a cycle route drawn on the road's centre line, or on a cycle track beside the carriageway, lies within 2-6 m
 * of the road's line; the next road over is rarely within 15 m. 25°: curves drawn with different vertices differ by
 * 10-15°, while side roads leave at 45° or more.
 */
export const DEFAULT_CORRIDOR_OPTIONS: CorridorOptions = { corridorMeters: 8, maxAngleDegrees: 25, sampleSpacingMeters: 5 };

/** One straight edge of the driven path. */
interface PathEdge {
  line: Polyline;
  /** the segment it was driven on: a segment is not credited along itself */
  segment: number;
  timeMs: number;
}

/**
 * The stretches of other segments that lie alongside the route `steps` drove, as steps of their own (the time of the
 * path beside them), one per sample point credited; the caller merges them per segment with the steps driven.
 */
export function corridorCredit(graph: RoadGraph, steps: readonly MatchedStep[], options: CorridorOptions = DEFAULT_CORRIDOR_OPTIONS): MatchedStep[] {
  const edges = pathEdges(graph, steps);
  if (edges.length === 0) return [];
  const edgeIndex = new PolylineIndex(edges.map((edge) => edge.line));
  const maxAngleRadians = (options.maxAngleDegrees * Math.PI) / 180;
  const maxOvershootPerMeterAside = Math.tan(maxAngleRadians);
  const credited: MatchedStep[] = [];
  for (const segment of segmentsNear(graph, edges, options)) {
    const line = graph.segments[segment]!.line;
    const cells = Math.max(1, Math.ceil(line.lengthMeters / options.sampleSpacingMeters));
    const cellMeters = line.lengthMeters / cells;
    for (let cell = 0; cell < cells; cell++) {
      const offsetMeters = (cell + 0.5) * cellMeters;
      const point = line.pointAt(offsetMeters);
      const direction = directionAt(line, offsetMeters, options.sampleSpacingMeters / 2);
      const beside = edgeIndex.near(point, options.corridorMeters).find((near) => {
        const edge = edges[near.lineIndex]!;
        if (edge.segment === segment) return false;
        const { alongMeters, asideMeters } = relativeTo(edge.line, point);
        const overshootMeters = Math.max(0, -alongMeters, alongMeters - edge.line.lengthMeters);
        if (overshootMeters > asideMeters * maxOvershootPerMeterAside) return false;
        return angleBetweenLines(direction, vector(edge.line.start, edge.line.end)) <= maxAngleRadians;
      });
      if (beside !== undefined) {
        credited.push({ segment, fromMeters: cell * cellMeters, toMeters: (cell + 1) * cellMeters, timeMs: edges[beside.lineIndex]!.timeMs });
      }
    }
  }
  return credited;
}

/** The stretches driven as straight edges. */
function pathEdges(graph: RoadGraph, steps: readonly MatchedStep[]): PathEdge[] {
  const edges: PathEdge[] = [];
  for (const step of steps) {
    const points = graph.segments[step.segment]!.line.slice(Math.min(step.fromMeters, step.toMeters), Math.max(step.fromMeters, step.toMeters));
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      if (a[0] !== b[0] || a[1] !== b[1]) edges.push({ line: new Polyline([a, b]), segment: step.segment, timeMs: step.timeMs });
    }
  }
  return edges;
}

/** Where a point lies seen from a straight edge: how far along its line from its start, and how far to one side. */
function relativeTo(edge: Polyline, point: XY): { alongMeters: number; asideMeters: number } {
  const [ux, uy] = vector(edge.start, edge.end).map((d) => d / edge.lengthMeters) as [number, number];
  const [dx, dy] = vector(edge.start, point);
  return { alongMeters: dx * ux + dy * uy, asideMeters: Math.abs(dx * uy - dy * ux) };
}

/** Segments with some point within the corridor of an edge: found from points along the edges, half a spacing apart. */
function segmentsNear(graph: RoadGraph, edges: readonly PathEdge[], options: CorridorOptions): Set<number> {
  const found = new Set<number>();
  const stepMeters = options.sampleSpacingMeters / 2;
  for (const { line } of edges) {
    const points = Math.ceil(line.lengthMeters / stepMeters);
    for (let i = 0; i <= points; i++) {
      for (const near of graph.near(line.pointAt((i * line.lengthMeters) / points), options.corridorMeters + stepMeters / 2)) found.add(near.lineIndex);
    }
  }
  return found;
}

/** The line's direction around an offset: from `halfSpanMeters` before it to as far after (clamped to the ends). */
function directionAt(line: Polyline, offsetMeters: number, halfSpanMeters: number): XY {
  return vector(line.pointAt(Math.max(0, offsetMeters - halfSpanMeters)), line.pointAt(Math.min(line.lengthMeters, offsetMeters + halfSpanMeters)));
}

function vector(from: XY, to: XY): XY {
  return [to[0] - from[0], to[1] - from[1]];
}

/** The angle between two undirected lines, 0 to π/2: a road drawn the other way round runs along the path too. */
function angleBetweenLines(a: XY, b: XY): number {
  const cosine = Math.abs(a[0] * b[0] + a[1] * b[1]) / (Math.hypot(a[0], a[1]) * Math.hypot(b[0], b[1]));
  return Math.acos(Math.min(1, cosine));
}
