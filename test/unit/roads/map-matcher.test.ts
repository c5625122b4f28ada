import { describe, expect, it } from "vitest";
import { coveredSegments } from "../../../pipeline/roads/drive-coverage.js";
import { LocalProjection, type XY } from "../../../pipeline/roads/local-projection.js";
import { type MatchPoint, matchDrive } from "../../../pipeline/roads/map-matcher.js";
import { Polyline } from "../../../pipeline/roads/polyline.js";
import { RoadGraph } from "../../../pipeline/roads/road-graph.js";
import { seededRandom } from "../../support/seeded-random.js";

const plane = new LocalProjection({ lat: 55.2557, lon: 12.1192 });

/**
 * A main road west-east in three 100 m segments (1-3) turning north at its end (4-6); a crossroads at x = 200 with a
 * road south (7, 8) and north (9, 10); and a road 40 m north of the main road (11-13), joined to it only at x = 0 (14).
 *
 *              9,10 |              | 4-6
 *   14 ----- 11 --- 12 ------ 13 --+ (300, 40)
 *    |              |              |
 *   (0,0) -- 1 --- 2 --+-- 3 ------+ (300, 0)
 *                      | 7, 8
 */
const SEGMENTS: [number, XY[]][] = [
  [1, [[0, 0], [100, 0]]],
  [2, [[100, 0], [200, 0]]],
  [3, [[200, 0], [300, 0]]],
  [4, [[300, 0], [300, 100]]],
  [5, [[300, 100], [300, 200]]],
  [6, [[300, 200], [300, 300]]],
  [7, [[200, 0], [200, -100]]],
  [8, [[200, -100], [200, -200]]],
  [9, [[200, 0], [200, 100]]],
  [10, [[200, 100], [200, 200]]],
  [11, [[0, 40], [100, 40]]],
  [12, [[100, 40], [190, 40]]],
  [13, [[190, 40], [290, 40]]],
  [14, [[0, 0], [0, 40]]],
];

// the north road crosses the parallel road without a junction (a bridge): 9 passes over 12/13 at (200, 40)
const graph = new RoadGraph(
  SEGMENTS.map(([id, points]) => ({ id, coordinates: points.map((xy) => plane.toLonLat(xy)) })),
  plane,
);

/** Positions every second along `path` at `speedMps`, each off by Gaussian noise of `sigmaMeters` on both axes. */
function drive(path: XY[], { speedMps = 12, sigmaMeters = 8, seed = 1 } = {}): MatchPoint[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const line = new Polyline(path);
  const points: MatchPoint[] = [];
  for (let second = 0; second * speedMps <= line.lengthMeters; second++) {
    const [x, y] = line.pointAt(second * speedMps);
    points.push({ xy: [x + sigmaMeters * gaussian(), y + sigmaMeters * gaussian()], timeMs: second * 1000 });
  }
  return points;
}

function coveredMeters(points: MatchPoint[]): Map<number, number> {
  const { steps } = matchDrive(graph, points);
  return new Map(coveredSegments(graph, steps).map((segment) => [segment.segmentId, segment.coveredMeters]));
}

describe("RoadGraph routes", () => {
  it("follows the roads from a place on one segment to a place on another, step by step", () => {
    const index = (id: number) => graph.segments.findIndex((segment) => segment.id === id);
    const tree = graph.routesFrom({ segment: index(1), offsetMeters: 50 }, 1000);
    const target = { segment: index(5), offsetMeters: 50 };

    expect(tree.distanceTo(target)).toBeCloseTo(400, 3);
    expect(tree.routeTo(target)!.map((step) => [graph.segments[step.segment]!.id, Math.round(step.fromMeters), Math.round(step.toMeters)])).toEqual([
      [1, 50, 100],
      [2, 0, 100],
      [3, 0, 100],
      [4, 0, 100],
      [5, 0, 50],
    ]);
    // back along the same segment is a route too (a U-turn)
    expect(tree.distanceTo({ segment: index(1), offsetMeters: 20 })).toBeCloseTo(30, 3);
    // beyond the limit there is none
    expect(graph.routesFrom({ segment: index(1), offsetMeters: 50 }, 300).distanceTo(target)).toBe(Infinity);
  });
});

describe("matchDrive", () => {
  it("puts a noisy drive along the main road and round the corner on those roads, not on the parallel one 40 m away", () => {
    // starting 30 m from the junction with 14: a first position at a junction may belong to either road
    const covered = coveredMeters(drive([[30, 0], [300, 0], [300, 300]], { sigmaMeters: 10 }));

    for (const id of [2, 3, 4, 5]) expect(covered.get(id), `segment ${id}`).toBeGreaterThan(95);
    // the first and last positions are off along the road too
    expect(covered.get(1)).toBeGreaterThan(55);
    expect(covered.get(6)).toBeGreaterThan(75);
    for (const id of [7, 8, 9, 10, 11, 12, 13, 14]) expect(covered.get(id) ?? 0, `segment ${id}`).toBeLessThan(5);
  });

  it("gives a road driven across, not along, no length", () => {
    // from the south road straight over the crossroads onto the north road
    const covered = coveredMeters(drive([[200, -200], [200, 200]], { sigmaMeters: 6, seed: 3 }));

    for (const id of [7, 8, 9, 10]) expect(covered.get(id), `segment ${id}`).toBeGreaterThan(85);
    for (const id of [2, 3]) expect(covered.get(id) ?? 0, `segment ${id}`).toBeLessThan(5);
    // over the bridge: the parallel road beneath is not driven either
    for (const id of [12, 13]) expect(covered.get(id) ?? 0, `segment ${id}`).toBeLessThan(5);
  });

  it("starts afresh after positions with no road near, and counts them", () => {
    const onRoad = drive([[0, 0], [150, 0]], { sigmaMeters: 3 });
    const farAway: MatchPoint[] = [0, 1, 2].map((i) => ({ xy: [150, 500 + 15 * i], timeMs: 20_000 + 1000 * i }));
    const backOnRoad = drive([[150, 0], [300, 0]], { sigmaMeters: 3 }).map((point) => ({ ...point, timeMs: point.timeMs + 30_000 }));

    const match = matchDrive(graph, [...onRoad, ...farAway, ...backOnRoad]);

    expect(match.offRoadPoints).toBe(3);
    const covered = new Map(coveredSegments(graph, match.steps).map((segment) => [segment.segmentId, segment.coveredMeters]));
    expect(covered.get(1)).toBeGreaterThan(90);
    expect(covered.get(3)).toBeGreaterThan(90);
  });

  it("fills a stretch without positions with the route along the roads between them", () => {
    const points = drive([[0, 0], [300, 0], [300, 300]], { sigmaMeters: 3 }).filter((point) => point.timeMs < 12_000 || point.timeMs > 34_000);

    const covered = coveredMeters(points);

    // the corner at (300, 0) fell in the gap: the route through it is still driven
    for (const id of [3, 4]) expect(covered.get(id), `segment ${id}`).toBeGreaterThan(99);
  });
});
