import { describe, expect, it } from "vitest";
import { corridorCredit, DEFAULT_CORRIDOR_OPTIONS } from "../../../pipeline/roads/corridor-credit.js";
import { coveredSegments } from "../../../pipeline/roads/drive-coverage.js";
import { LocalProjection, type XY } from "../../../pipeline/roads/local-projection.js";
import type { MatchedStep } from "../../../pipeline/roads/map-matcher.js";
import { RoadGraph } from "../../../pipeline/roads/road-graph.js";

/** Faxe town centre: segments are drawn in metres east and north of it */
const plane = new LocalProjection({ lat: 55.2557, lon: 12.1192 });

/** A graph of segments with ids 1, 2, ... in the order given; the first is the road driven. */
function graphOf(...lines: XY[][]): RoadGraph {
  return new RoadGraph(
    lines.map((points, i) => ({ id: i + 1, coordinates: points.map((xy) => plane.toLonLat(xy)) })),
    plane,
  );
}

/** Metres filmed of each segment (by id) when segment 1 is driven from `fromMeters` to `toMeters`. */
function filmedMeters(graph: RoadGraph, fromMeters: number, toMeters: number): Map<number, number> {
  const steps: MatchedStep[] = [{ segment: 0, fromMeters, toMeters, timeMs: 1000 }];
  const covered = coveredSegments(graph, [...steps, ...corridorCredit(graph, steps, DEFAULT_CORRIDOR_OPTIONS)]);
  return new Map(covered.map((segment) => [segment.segmentId, segment.coveredMeters]));
}

describe("corridorCredit", () => {
  it("credits a copy drawn alongside the road driven with the stretch filmed, whichever way it was drawn", () => {
    const road: XY[] = [[0, 0], [200, 0]];
    const cycleRoute: XY[] = [[200, 3], [120, 2], [0, 4]];

    const whole = filmedMeters(graphOf(road, cycleRoute), 0, 200);
    const half = filmedMeters(graphOf(road, cycleRoute), 200, 100);

    expect(whole.get(1)).toBeCloseTo(200, 6);
    expect(whole.get(2)).toBeGreaterThan(195);
    expect(whole.get(2)).toBeLessThanOrEqual(200.1);
    // the half of the copy beside the half driven, to a sample's spacing
    expect(Math.abs(half.get(2)! - 100)).toBeLessThanOrEqual(DEFAULT_CORRIDOR_OPTIONS.sampleSpacingMeters);
  });

  it("does not credit a road crossed, a side road met at a junction, or the road straight on where the drive ended", () => {
    const road: XY[] = [[0, 0], [200, 0]];
    const crossing: XY[] = [[100, -100], [100, 100]];
    const sideRoad: XY[] = [[200, 0], [260, 60]];
    const straightOn: XY[] = [[200, 0], [300, 0]];

    const filmed = filmedMeters(graphOf(road, crossing, sideRoad, straightOn), 0, 200);

    expect([...filmed.keys()]).toEqual([1]);
  });

  it("does not credit a parallel road 20 m away", () => {
    const filmed = filmedMeters(graphOf([[0, 0], [200, 0]], [[0, 20], [200, 20]]), 0, 200);

    expect(filmed.has(2)).toBe(false);
  });

  it("credits a copy that curves with the road, and only as far as it stays within the corridor", () => {
    // a quarter circle of radius 100 m, and a copy 4 m outside it that leaves for 30 m off halfway round
    const arc = (radius: number, fromDegrees: number, toDegrees: number): XY[] =>
      Array.from({ length: 19 }, (_, i) => {
        const radians = ((fromDegrees + ((toDegrees - fromDegrees) * i) / 18) * Math.PI) / 180;
        return [radius * Math.cos(radians), radius * Math.sin(radians)];
      });
    const road = arc(100, 0, 90);
    const copy = [...arc(104, 0, 45), ...arc(130, 50, 90)];
    const graph = graphOf(road, copy);
    const roadLength = graph.segments[0]!.line.lengthMeters;

    const filmed = filmedMeters(graph, 0, roadLength);

    // the copy's first 45°, 104 m × π/4 = 81.7 m, give or take a sample on the way out
    expect(Math.abs(filmed.get(2)! - (104 * Math.PI) / 4)).toBeLessThanOrEqual(2 * DEFAULT_CORRIDOR_OPTIONS.sampleSpacingMeters);
  });
});
