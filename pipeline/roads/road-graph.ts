/**
 * Road segments as a graph for following a drive: segments are edges, their shared end positions are the junctions
 * (road-segments.ts makes roads that meet share them exactly). Every road is taken as two-way: a road-authority
 * register says who maintains a road, not which way it may be driven.
 */
import type { LatLon } from "../geo/geodesy.js";
import { LocalProjection, type XY } from "./local-projection.js";
import { Polyline } from "./polyline.js";
import { type NearLine, PolylineIndex } from "./polyline-index.js";

export interface GraphSegmentInput {
  id: number;
  /** [lon, lat] in WGS84 */
  coordinates: readonly (readonly [number, number])[];
}

export interface GraphSegment {
  id: number;
  line: Polyline;
  startNode: number;
  endNode: number;
}

/** A place on the network: `offsetMeters` along segment number `segment` (its position in the graph). */
export interface NetworkPosition {
  segment: number;
  offsetMeters: number;
}

/** A drive along part of one segment, from `fromMeters` to `toMeters` (either may be the larger). */
export interface RouteStep {
  segment: number;
  fromMeters: number;
  toMeters: number;
}

interface Link {
  segment: number;
  node: number;
}

export class RoadGraph {
  readonly segments: readonly GraphSegment[];
  private readonly links: Link[][];
  private readonly index: PolylineIndex;

  constructor(
    input: readonly GraphSegmentInput[],
    /** the plane the graph measures in; by default one centred on the segments */
    readonly projection: LocalProjection = LocalProjection.around(input.flatMap((segment) => segment.coordinates)),
  ) {
    const nodes = new Map<string, number>();
    const nodeOf = ([lon, lat]: readonly [number, number]): number => {
      const key = `${lon},${lat}`;
      let node = nodes.get(key);
      if (node === undefined) {
        node = nodes.size;
        nodes.set(key, node);
      }
      return node;
    };
    this.segments = input.map(({ id, coordinates }) => ({
      id,
      line: new Polyline(coordinates.map((position) => projection.toMeters(position))),
      startNode: nodeOf(coordinates[0]!),
      endNode: nodeOf(coordinates[coordinates.length - 1]!),
    }));
    this.links = Array.from({ length: nodes.size }, () => []);
    this.segments.forEach(({ startNode, endNode }, segment) => {
      this.links[startNode]!.push({ segment, node: endNode });
      this.links[endNode]!.push({ segment, node: startNode });
    });
    this.index = new PolylineIndex(this.segments.map((segment) => segment.line));
  }

  /** Segments within `radiusMeters` of a point in the graph's plane, nearest first (lineIndex is the segment's number). */
  near(point: XY, radiusMeters: number): NearLine[] {
    return this.index.near(point, radiusMeters);
  }

  /** Id of the segment nearest to a position, or null when none is within `withinMeters`. */
  segmentNear(position: LatLon, withinMeters: number): number | null {
    const nearest = this.index.near(this.projection.toMeters([position.lon, position.lat]), withinMeters)[0];
    return nearest === undefined ? null : this.segments[nearest.lineIndex]!.id;
  }

  /** The segments meeting at a junction, with the junction at their other end. */
  linksAt(node: number): readonly Link[] {
    return this.links[node] ?? [];
  }

  /** Shortest routes from `origin` to everything within `limitMeters` along the roads. */
  routesFrom(origin: NetworkPosition, limitMeters: number): RouteTree {
    return new RouteTree(this, origin, limitMeters);
  }
}

interface Reached {
  meters: number;
  /** the segment driven to get here and the junction it was entered from; null: straight off the origin's segment */
  via: Link | null;
}

/** Dijkstra from a position, bounded by a distance; then routes and distances to any position are read off it. */
export class RouteTree {
  private readonly reached = new Map<number, Reached>();

  constructor(
    private readonly graph: RoadGraph,
    private readonly origin: NetworkPosition,
    private readonly limitMeters: number,
  ) {
    const { startNode, endNode, line } = graph.segments[origin.segment]!;
    const heap = new MinHeap();
    const settle = (node: number, meters: number, via: Link | null) => {
      const known = this.reached.get(node);
      if (meters > limitMeters || (known !== undefined && known.meters <= meters)) return;
      this.reached.set(node, { meters, via });
      heap.push(meters, node);
    };
    settle(startNode, origin.offsetMeters, null);
    settle(endNode, line.lengthMeters - origin.offsetMeters, null);
    for (let next = heap.pop(); next !== null; next = heap.pop()) {
      const [meters, node] = next;
      if (meters > this.reached.get(node)!.meters) continue;
      for (const link of graph.linksAt(node)) {
        settle(link.node, meters + graph.segments[link.segment]!.line.lengthMeters, { segment: link.segment, node });
      }
    }
  }

  /** Metres along the roads to `target`; Infinity beyond the limit. */
  distanceTo(target: NetworkPosition): number {
    return this.best(target).meters;
  }

  /** The steps from the origin to `target`, in driving order; null beyond the limit. */
  routeTo(target: NetworkPosition): RouteStep[] | null {
    const best = this.best(target);
    if (best.meters === Infinity) return null;
    if (best.entry === null) return [{ segment: target.segment, fromMeters: this.origin.offsetMeters, toMeters: target.offsetMeters }];
    const targetSegment = this.graph.segments[target.segment]!;
    const steps: RouteStep[] = [
      { segment: target.segment, fromMeters: best.entry === targetSegment.startNode ? 0 : targetSegment.line.lengthMeters, toMeters: target.offsetMeters },
    ];
    let node = best.entry;
    for (let reached = this.reached.get(node)!; reached.via !== null; reached = this.reached.get(node)!) {
      const segment = this.graph.segments[reached.via.segment]!;
      const forward = segment.startNode === reached.via.node;
      steps.push({ segment: reached.via.segment, fromMeters: forward ? 0 : segment.line.lengthMeters, toMeters: forward ? segment.line.lengthMeters : 0 });
      node = reached.via.node;
    }
    const originSegment = this.graph.segments[this.origin.segment]!;
    const exitsAtStart = node === originSegment.startNode && this.reached.get(node)!.meters === this.origin.offsetMeters;
    steps.push({ segment: this.origin.segment, fromMeters: this.origin.offsetMeters, toMeters: exitsAtStart ? 0 : originSegment.line.lengthMeters });
    return steps.reverse();
  }

  /** The shorter of staying on the origin's segment and entering the target's segment from either end. */
  private best(target: NetworkPosition): { meters: number; entry: number | null } {
    const { startNode, endNode, line } = this.graph.segments[target.segment]!;
    let best: { meters: number; entry: number | null } = { meters: Infinity, entry: null };
    if (target.segment === this.origin.segment) best = { meters: Math.abs(target.offsetMeters - this.origin.offsetMeters), entry: null };
    const viaStart = (this.reached.get(startNode)?.meters ?? Infinity) + target.offsetMeters;
    const viaEnd = (this.reached.get(endNode)?.meters ?? Infinity) + line.lengthMeters - target.offsetMeters;
    if (viaStart < best.meters) best = { meters: viaStart, entry: startNode };
    if (viaEnd < best.meters) best = { meters: viaEnd, entry: endNode };
    if (best.meters > this.limitMeters) return { meters: Infinity, entry: null };
    return best;
  }
}

/** A binary heap of (priority, value) pairs: the few dozen junctions of one Dijkstra need no library. */
class MinHeap {
  private readonly items: [number, number][] = [];

  push(priority: number, value: number): void {
    const items = this.items;
    items.push([priority, value]);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (items[parent]![0] <= items[i]![0]) break;
      [items[parent], items[i]] = [items[i]!, items[parent]!];
      i = parent;
    }
  }

  pop(): [number, number] | null {
    const items = this.items;
    const top = items[0];
    if (top === undefined) return null;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && items[left]![0] < items[smallest]![0]) smallest = left;
        if (right < items.length && items[right]![0] < items[smallest]![0]) smallest = right;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i]!, items[smallest]!];
        i = smallest;
      }
    }
    return top;
  }
}
