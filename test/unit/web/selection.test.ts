import { describe, expect, it } from "vitest";
import { destinationPoint } from "../../../pipeline/geo/geodesy.js";
import { type Selection, selectionBounds, selectionContains, selectionSchema } from "../../../web/dispatch/selection.js";

const faxe = { lat: 55.2557, lon: 12.1192 };

function ring(west: number, south: number, east: number, north: number): [number, number][] {
  return [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
    [west, south],
  ];
}

/** 12.10–12.14 E, 55.24–55.27 N, with a hole 12.115–12.125 E, 55.25–55.26 N */
const squareWithHoleRings = [ring(12.1, 55.24, 12.14, 55.27), ring(12.115, 55.25, 12.125, 55.26)];
const squareWithHole: Selection = { type: "Polygon", coordinates: squareWithHoleRings };

/** the square with its hole, a square 12.20–12.22 E, 55.30–55.31 N, and a third filling the first one's hole */
const threeShapes: Selection = {
  type: "MultiPolygon",
  coordinates: [squareWithHoleRings, [ring(12.2, 55.3, 12.22, 55.31)], [ring(12.115, 55.25, 12.125, 55.26)]],
};

describe("selectionSchema", () => {
  it("accepts a closed polygon with a hole, a circle, and several polygons", () => {
    expect(selectionSchema.safeParse(squareWithHole).success).toBe(true);
    expect(selectionSchema.safeParse({ type: "Circle", center: [12.12, 55.25], radiusMeters: 2000 }).success).toBe(true);
    expect(selectionSchema.safeParse(threeShapes).success).toBe(true);
  });

  it("names the part and the ring of a MultiPolygon that is not closed", () => {
    const openSecondRing = { type: "MultiPolygon", coordinates: [[ring(12.1, 55.24, 12.14, 55.27)], [ring(12.2, 55.3, 12.22, 55.31).slice(0, 4)]] };
    const parsed = selectionSchema.safeParse(openSecondRing);
    expect(parsed.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["coordinates.1.0", "a ring must end at the position it starts from"],
    ]);
  });

  it.each([
    ["an open ring", { type: "Polygon", coordinates: [ring(12.1, 55.24, 12.14, 55.27).slice(0, 4)] }, "must end at the position it starts from"],
    ["a ring of three positions", { type: "Polygon", coordinates: [[[12.1, 55.2], [12.2, 55.2], [12.1, 55.2]]] }, "at least 4 positions"],
    ["no ring at all", { type: "Polygon", coordinates: [] }, "Too small"],
    ["a latitude beyond the pole", { type: "Polygon", coordinates: [ring(12.1, 55.24, 12.14, 95)] }, "<=90"],
    ["a position with one number", { type: "Polygon", coordinates: [[[12.1], [12.2, 55.2], [12.2, 55.3], [12.1]]] }, "Too small"],
    ["a circle with no radius", { type: "Circle", center: [12.12, 55.25], radiusMeters: 0 }, ">0"],
    ["a circle wider than 50 km", { type: "Circle", center: [12.12, 55.25], radiusMeters: 60_000 }, "<=50000"],
    ["a MultiPolygon of no polygons", { type: "MultiPolygon", coordinates: [] }, "at least one polygon"],
    ["a MultiPolygon with a polygon of no rings", { type: "MultiPolygon", coordinates: [[ring(12.1, 55.24, 12.14, 55.27)], []] }, "Too small"],
    ["a MultiPolygon given as a Polygon's rings", { type: "MultiPolygon", coordinates: [ring(12.1, 55.24, 12.14, 55.27)] }, "expected tuple, received number"],
    ["another geometry", { type: "LineString", coordinates: [[12.1, 55.2], [12.2, 55.3]] }, "Invalid discriminator value"],
  ])("turns down %s", (_name, selection, reason) => {
    const parsed = selectionSchema.safeParse(selection);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message).join("; ")).toContain(reason);
  });
});

describe("selectionContains", () => {
  it("takes points inside the outer ring but not in its hole", () => {
    const contains = selectionContains(squareWithHole);
    expect(contains({ lat: 55.245, lon: 12.105 })).toBe(true);
    expect(contains({ lat: 55.255, lon: 12.12 })).toBe(false);
    expect(contains({ lat: 55.28, lon: 12.12 })).toBe(false);
    expect(contains({ lat: 55.255, lon: 12.09 })).toBe(false);
  });

  it("takes a point inside any polygon of a MultiPolygon, also in one polygon's hole that another covers", () => {
    const contains = selectionContains(threeShapes);
    expect(contains({ lat: 55.245, lon: 12.105 })).toBe(true);
    expect(contains({ lat: 55.305, lon: 12.21 })).toBe(true);
    expect(contains({ lat: 55.255, lon: 12.12 })).toBe(true);
    // between the shapes: inside their common box, outside both
    expect(contains({ lat: 55.29, lon: 12.17 })).toBe(false);
    expect(contains({ lat: 55.305, lon: 12.19 })).toBe(false);
  });

  it("takes a circle by distance on the ground from its centre", () => {
    const circle: Selection = { type: "Circle", center: [faxe.lon, faxe.lat], radiusMeters: 2000 };
    const contains = selectionContains(circle);
    for (const bearing of [0, 45, 90, 200, 315]) {
      expect(contains(destinationPoint(faxe, bearing, 1990)), `${bearing}° inside`).toBe(true);
      expect(contains(destinationPoint(faxe, bearing, 2010)), `${bearing}° outside`).toBe(false);
    }
  });
});

describe("selectionBounds", () => {
  it("holds the whole circle", () => {
    const bounds = selectionBounds({ type: "Circle", center: [faxe.lon, faxe.lat], radiusMeters: 2000 });
    for (const bearing of [0, 90, 180, 270]) {
      const rim = destinationPoint(faxe, bearing, 2000);
      expect(rim.lat).toBeGreaterThanOrEqual(bounds.minLat);
      expect(rim.lat).toBeLessThanOrEqual(bounds.maxLat);
      expect(rim.lon).toBeGreaterThanOrEqual(bounds.minLon);
      expect(rim.lon).toBeLessThanOrEqual(bounds.maxLon);
    }
    // and little more: the box's sides are within a few metres of the rim
    expect(bounds.maxLat - faxe.lat).toBeLessThan((2000 * 1.01) / 111_195);
  });

  it("is the outer ring's box for a polygon", () => {
    expect(selectionBounds(squareWithHole)).toEqual({ minLat: 55.24, maxLat: 55.27, minLon: 12.1, maxLon: 12.14 });
  });

  it("holds every polygon of a MultiPolygon", () => {
    expect(selectionBounds(threeShapes)).toEqual({ minLat: 55.24, maxLat: 55.31, minLon: 12.1, maxLon: 12.22 });
  });
});
