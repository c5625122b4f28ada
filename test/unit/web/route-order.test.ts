import { describe, expect, it } from "vitest";
import { destinationPoint, type LatLon } from "../../../pipeline/geo/geodesy.js";
import { orderAlongRoute, routeLengthMeters } from "../../../web/dispatch/route-order.js";
import { seededRandom } from "../../support/seeded-random.js";

const faxe = { lat: 55.2557, lon: 12.1192 };

interface Stop extends LatLon {
  name: string;
}

/** Stops every 200 m along a road heading east from Faxe, named by their place along it. */
function roadEast(count: number): Stop[] {
  return Array.from({ length: count }, (_, i) => ({ ...destinationPoint(faxe, 90, i * 200), name: `km ${(i * 0.2).toFixed(1)}` }));
}


function scatteredStops(count: number, seed: number): Stop[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    ...destinationPoint(destinationPoint(faxe, 0, next() * 5000), 90, next() * 5000),
    name: `stop ${i}`,
  }));
}

/** Whether segment ab crosses segment cd, in plain lat/lon (enough to see crossings a few km across). */
function segmentsCross(a: LatLon, b: LatLon, c: LatLon, d: LatLon): boolean {
  const side = (p: LatLon, q: LatLon, r: LatLon) => Math.sign((q.lon - p.lon) * (r.lat - p.lat) - (q.lat - p.lat) * (r.lon - p.lon));
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
}

describe("orderAlongRoute", () => {
  it("leaves no stop and a single stop as they are", () => {
    expect(orderAlongRoute([], faxe)).toEqual([]);
    const [only] = roadEast(1);
    expect(orderAlongRoute([only!], faxe)).toEqual([only]);
  });

  it("drives along a road from the depot at its west end, whatever order the stops came in", () => {
    const road = roadEast(9);
    const shuffled = [road[4]!, road[8]!, road[0]!, road[6]!, road[2]!, road[7]!, road[1]!, road[5]!, road[3]!];
    const depot = destinationPoint(faxe, 270, 1000);
    expect(orderAlongRoute(shuffled, depot).map((stop) => stop.name)).toEqual(road.map((stop) => stop.name));
  });

  it("without a depot starts at one end of the road rather than in the middle", () => {
    const road = roadEast(7);
    const names = orderAlongRoute([road[3]!, road[0]!, road[6]!, road[5]!, road[1]!, road[2]!, road[4]!], null).map((stop) => stop.name);
    const along = road.map((stop) => stop.name);
    expect([along, [...along].reverse()]).toContainEqual(names);
  });

  it("visits every stop once and leaves no crossing in the route", () => {
    for (const seed of [1, 2, 3]) {
      const stops = scatteredStops(60, seed);
      const route = orderAlongRoute(stops, faxe);
      expect(new Set(route)).toEqual(new Set(stops));
      expect(route).toHaveLength(stops.length);
      const points = [faxe, ...route];
      for (let i = 0; i + 1 < points.length; i++) {
        for (let j = i + 2; j + 1 < points.length; j++) {
          expect(segmentsCross(points[i]!, points[i + 1]!, points[j]!, points[j + 1]!), `seed ${seed}: legs ${i} and ${j} cross`).toBe(false);
        }
      }
    }
  });

  it("is far shorter than visiting the stops in the order they were found", () => {
    const stops = scatteredStops(80, 7);
    const ordered = routeLengthMeters(orderAlongRoute(stops, faxe), faxe);
    expect(ordered).toBeLessThan(routeLengthMeters(stops, faxe) / 3);
  });
});

describe("routeLengthMeters", () => {
  it("adds up the legs from the depot", () => {
    const road = roadEast(4);
    expect(routeLengthMeters(road, null)).toBeCloseTo(600, 0);
    expect(routeLengthMeters(road, destinationPoint(faxe, 270, 100))).toBeCloseTo(700, 0);
  });
});
