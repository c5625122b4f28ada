import { describe, expect, it } from "vitest";
import { LocalProjection, type XY } from "../../../pipeline/roads/local-projection.js";
import { Polyline } from "../../../pipeline/roads/polyline.js";
import { JUNCTION_SNAP_METERS, type RoadLine, segmentRoadNetwork } from "../../../pipeline/roads/road-segments.js";

/** Faxe town centre: lines are drawn in metres east and north of it */
const plane = new LocalProjection({ lat: 55.2557, lon: 12.1192 });

function line(sourceId: number, points: XY[], roadClass: string | null = "Off. kommunevej", roadName: string | null = null): RoadLine {
  return { sourceId, roadClass, roadName, coordinates: points.map((xy) => plane.toLonLat(xy)) };
}

function lengthOf(coordinates: readonly [number, number][]): number {
  return new Polyline(coordinates.map((position) => plane.toMeters(position))).lengthMeters;
}

const options = { maxSegmentLengthMeters: 100, snapMeters: JUNCTION_SNAP_METERS };

describe("LocalProjection", () => {
  it("goes from degrees to metres and back to well under a millimetre, 20 km from its origin", () => {
    for (const xy of [[0, 0], [20_000, 15_000], [-18_000, -9_000]] as XY[]) {
      const [x, y] = plane.toMeters(plane.toLonLat(xy));
      expect(Math.hypot(x - xy[0], y - xy[1])).toBeLessThan(1e-4);
    }
  });

  // the meridian arc series 111,132.954 - 559.822 cos 2φ + 1.175 cos 4φ gives 111,328.1 m at 55.25° N
  it("measures a degree of latitude as the WGS84 ellipsoid has it at 55° N, not as the sphere's 111,195 m", () => {
    const [, south] = plane.toMeters([12.1192, 54.75]);
    const [, north] = plane.toMeters([12.1192, 55.75]);
    expect(north - south).toBeCloseTo(111_328.1, 0);
  });
});

describe("segmentRoadNetwork", () => {
  it("cuts a line into the fewest equal segments of at most the chosen length, keeping its length", () => {
    const { segments } = segmentRoadNetwork([line(1, [[0, 0], [150, 0], [150, 80]])], options);

    expect(segments).toHaveLength(3);
    for (const segment of segments) {
      expect(segment.lengthMeters).toBeCloseTo(230 / 3, 3);
      // stored positions are rounded to about a centimetre
      expect(lengthOf(segment.coordinates)).toBeCloseTo(230 / 3, 1);
      expect(segment).toMatchObject({ sourceId: 1, roadClass: "Off. kommunevej", roadName: null });
    }
    // consecutive segments meet on the very same position
    expect(segments[0]!.coordinates.at(-1)).toEqual(segments[1]!.coordinates[0]);
    expect(segments[1]!.coordinates.at(-1)).toEqual(segments[2]!.coordinates[0]);
  });

  it("cuts a through road where a side road ends on it, and moves the side road's end onto it", () => {
    const through = line(1, [[0, 0], [80, 0]]);
    // ends 1.5 m short of the through road, which has no vertex there
    const side = line(2, [[30, 60], [30, 1.5]]);

    const network = segmentRoadNetwork([through, side], options);

    expect(network.junctionsAdded).toBe(1);
    const throughSegments = network.segments.filter((segment) => segment.sourceId === 1);
    expect(throughSegments.map((segment) => segment.lengthMeters)).toEqual([expect.closeTo(30, 3), expect.closeTo(50, 3)]);
    const junction = throughSegments[0]!.coordinates.at(-1);
    expect(throughSegments[1]!.coordinates[0]).toEqual(junction);
    expect(network.segments.find((segment) => segment.sourceId === 2)!.coordinates.at(-1)).toEqual(junction);
  });

  it("joins line ends a little apart into one junction, but not roads that only pass close by", () => {
    const a = line(1, [[0, 0], [50, 0]]);
    const b = line(2, [[50.8, 0.5], [100, 0]]);
    // a bridge: crosses a's line 5 m above the snapping distance from any end
    const bridge = line(3, [[25, -40], [25, 40]]);

    const { segments, junctionsAdded } = segmentRoadNetwork([a, b, bridge], options);

    expect(junctionsAdded).toBe(0);
    const [aSegment, bSegment] = [segments.find((s) => s.sourceId === 1)!, segments.find((s) => s.sourceId === 2)!];
    expect(bSegment.coordinates[0]).toEqual(aSegment.coordinates.at(-1));
    const bridgeSegments = segments.filter((s) => s.sourceId === 3);
    expect(bridgeSegments).toHaveLength(1);
    expect(bridgeSegments[0]!.lengthMeters).toBeCloseTo(80, 3);
  });

  it("keys a segment by its geometry, class and name: the same whichever way it was drawn, another for another class", () => {
    const points: XY[] = [[0, 0], [40, 10], [90, 10]];
    const [forward] = segmentRoadNetwork([line(1, points)], options).segments;
    const [reversed] = segmentRoadNetwork([line(9, [...points].reverse())], options).segments;
    const [otherClass] = segmentRoadNetwork([line(1, points, "Privat fællesvej")], options).segments;
    const [named] = segmentRoadNetwork([line(1, points, "Off. kommunevej", "Torvegade")], options).segments;

    expect(reversed!.key).toBe(forward!.key);
    expect(new Set([forward!.key, otherClass!.key, named!.key]).size).toBe(3);
  });

  it("leaves out lines drawn twice and lines without two distinct positions, and counts them", () => {
    const road = line(1, [[0, 0], [60, 0]]);
    const network = segmentRoadNetwork([road, { ...road, sourceId: 2 }, line(3, [[10, 10], [10, 10]])], options);

    expect(network.segments).toHaveLength(1);
    expect(network.duplicateLines).toBe(1);
    expect(network.degenerateLines).toBe(1);
  });

  it("keeps one of two identical lines where a side road ends on them, though only one line is cut there", () => {
    const route = line(1, [[0, 0], [150, 0]], "Cykelrute");
    const sideRoad = line(3, [[60, 0], [60, 80]]);

    const network = segmentRoadNetwork([route, { ...route, sourceId: 2 }, sideRoad], options);

    const routeSegments = network.segments.filter((segment) => segment.roadClass === "Cykelrute");
    expect(routeSegments.reduce((total, segment) => total + lengthOf(segment.coordinates), 0)).toBeCloseTo(150, 2);
    expect(network.duplicateLines).toBe(1);
  });
});
