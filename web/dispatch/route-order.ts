/**
 * Puts a crew's stops in a sensible driving order: nearest neighbour from the start, then 2-opt (reverse a stretch of
 * the route whenever that shortens it) until no reversal helps.
 *
 * The route is open: it ends at the last stop, since a crew drives on to its next job rather than back along the
 * list. It starts at the depot when one is known; otherwise at the stop farthest from the stops' centre, so the route
 * sweeps from one edge of the area to the other instead of starting in the middle and doubling back.
 *
 * Distances are straight lines on an equirectangular projection around the stops: within a municipality that is
 * exact to well under a metre, and ordering stops needs no road network. A work order holds at most a few hundred
 * stops, so the full distance matrix (n² numbers) is small.
 */
import { EARTH_RADIUS_METERS, type LatLon } from "../../pipeline/geo/geodesy.js";

/** 2-opt rounds at most; each round that improves shortens the route, and a few dozen suffice in practice. */
const MAX_IMPROVEMENT_ROUNDS = 100;
/** smaller gains are rounding noise and could make 2-opt swap back and forth */
const MIN_GAIN_METERS = 1e-6;

/** The stops in visiting order (the same objects). */
export function orderAlongRoute<T extends LatLon>(stops: readonly T[], depot: LatLon | null): T[] {
  if (stops.length <= 1) return [...stops];
  const firstStop = depot === null ? farthestFromCentre(stops) : -1;
  const candidates = depot === null ? [stops[firstStop]!, ...stops.filter((_, i) => i !== firstStop)] : [...stops];
  // node 0 is where the route starts and stays: the depot, or the chosen first stop
  const nodes: LatLon[] = depot === null ? candidates : [depot, ...candidates];
  const distance = distanceMatrix(nodes);
  const route = improveByTwoOpt(nearestNeighbourRoute(distance, nodes.length), distance, nodes.length);
  return depot === null ? route.map((node) => candidates[node]!) : route.slice(1).map((node) => candidates[node - 1]!);
}

/** Length of the drive from the depot (when given) through the stops in the given order. */
export function routeLengthMeters(stops: readonly LatLon[], depot: LatLon | null): number {
  const points = depot === null ? stops : [depot, ...stops];
  const project = projection(points);
  let length = 0;
  for (let i = 1; i < points.length; i++) length += planarDistance(project(points[i - 1]!), project(points[i]!));
  return length;
}

function farthestFromCentre(stops: readonly LatLon[]): number {
  const project = projection(stops);
  const projected = stops.map(project);
  const centre = {
    x: projected.reduce((sum, p) => sum + p.x, 0) / projected.length,
    y: projected.reduce((sum, p) => sum + p.y, 0) / projected.length,
  };
  let farthest = 0;
  for (let i = 1; i < projected.length; i++) {
    if (planarDistance(projected[i]!, centre) > planarDistance(projected[farthest]!, centre)) farthest = i;
  }
  return farthest;
}

interface PlanarPoint {
  x: number;
  y: number;
}

/** Metres east and north, scaled for the points' mean latitude. */
function projection(points: readonly LatLon[]): (point: LatLon) => PlanarPoint {
  const meanLat = points.reduce((sum, p) => sum + p.lat, 0) / points.length;
  const metersPerDegree = (EARTH_RADIUS_METERS * Math.PI) / 180;
  const metersPerDegreeLon = metersPerDegree * Math.cos((meanLat * Math.PI) / 180);
  return (point) => ({ x: point.lon * metersPerDegreeLon, y: point.lat * metersPerDegree });
}

function planarDistance(a: PlanarPoint, b: PlanarPoint): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Row-major n × n. */
function distanceMatrix(nodes: readonly LatLon[]): Float64Array {
  const projected = nodes.map(projection(nodes));
  const n = nodes.length;
  const distance = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = planarDistance(projected[i]!, projected[j]!);
      distance[i * n + j] = d;
      distance[j * n + i] = d;
    }
  }
  return distance;
}

/** Node indices starting at node 0, each time going to the nearest node not yet visited. */
function nearestNeighbourRoute(distance: Float64Array, n: number): number[] {
  const visited = new Uint8Array(n);
  const route = [0];
  visited[0] = 1;
  for (let current = 0; route.length < n; ) {
    let nearest = -1;
    for (let candidate = 1; candidate < n; candidate++) {
      if (visited[candidate] === 0 && (nearest === -1 || distance[current * n + candidate]! < distance[current * n + nearest]!)) {
        nearest = candidate;
      }
    }
    visited[nearest] = 1;
    route.push(nearest);
    current = nearest;
  }
  return route;
}

/**
 * Reverses route[i+1..j] whenever that shortens the route; route[0] stays first. On an open route the last stretch
 * has no edge after it, so reversing a tail only swaps the edge into it.
 */
function improveByTwoOpt(route: number[], distance: Float64Array, n: number): number[] {
  const d = (a: number, b: number) => distance[route[a]! * n + route[b]!]!;
  const last = route.length - 1;
  for (let round = 0; round < MAX_IMPROVEMENT_ROUNDS; round++) {
    let improved = false;
    for (let i = 0; i < last - 1; i++) {
      for (let j = i + 2; j <= last; j++) {
        const before = d(i, i + 1) + (j < last ? d(j, j + 1) : 0);
        const after = d(i, j) + (j < last ? d(i + 1, j + 1) : 0);
        if (before - after > MIN_GAIN_METERS) {
          reverse(route, i + 1, j);
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  return route;
}

function reverse(items: number[], from: number, to: number): void {
  for (let a = from, b = to; a < b; a++, b--) [items[a], items[b]] = [items[b]!, items[a]!];
}
