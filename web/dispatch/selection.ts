/**
 * The area a foreman draws on the map: a GeoJSON Polygon (a lasso, holes allowed), a circle given by centre and
 * radius, or a MultiPolygon of several shapes added with Shift (circles among them as the rings the page drew).
 * The server decides from the shape itself which defects lie inside, never from ids the page sends.
 */
import { booleanPointInPolygon } from "@turf/boolean-point-in-polygon";
import { z } from "zod";
import { boundsAround, type GeoBounds } from "../../pipeline/geo/bounds.js";
import { haversineDistanceMeters, type LatLon } from "../../pipeline/geo/geodesy.js";

/** far more than a hand-drawn lasso has, few enough that testing a point stays fast */
const MAX_RING_POSITIONS = 10_000;
const MAX_RINGS = 50;
/** far more shapes than a foreman adds by hand */
const MAX_POLYGONS = 50;
/** a circle wider than the municipality is a mistake */
const MAX_CIRCLE_RADIUS_METERS = 50_000;

/** [longitude, latitude], GeoJSON's order */
export const positionSchema = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

const ringSchema = z
  .array(positionSchema)
  .min(4, "a ring needs at least 4 positions (a triangle and its first position again)")
  .max(MAX_RING_POSITIONS)
  .refine((ring) => samePosition(ring[0]!, ring.at(-1)!), "a ring must end at the position it starts from");

/** the outer ring, then holes */
const polygonRingsSchema = z.array(ringSchema).min(1).max(MAX_RINGS);

const polygonSelectionSchema = z.object({
  type: z.literal("Polygon"),
  coordinates: polygonRingsSchema,
});

const multiPolygonSelectionSchema = z.object({
  type: z.literal("MultiPolygon"),
  /** one polygon per shape; shapes may overlap */
  coordinates: z.array(polygonRingsSchema).min(1, "a MultiPolygon needs at least one polygon").max(MAX_POLYGONS),
});

const circleSelectionSchema = z.object({
  type: z.literal("Circle"),
  center: positionSchema,
  radiusMeters: z.number().positive().max(MAX_CIRCLE_RADIUS_METERS),
});

export const selectionSchema = z.discriminatedUnion("type", [polygonSelectionSchema, multiPolygonSelectionSchema, circleSelectionSchema]);

export type Selection = z.infer<typeof selectionSchema>;

type Position = z.infer<typeof positionSchema>;
/** one polygon's rings: the outer ring, then holes */
type PolygonRings = Position[][];

/** A box holding the whole selection: the cheap first filter before the exact test. */
export function selectionBounds(selection: Selection): GeoBounds {
  if (selection.type === "Circle") {
    const [lon, lat] = selection.center;
    // boundsAround never comes out short; one point always gives a box
    return boundsAround([{ lat, lon }], selection.radiusMeters)!;
  }
  const boxes = polygonsOf(selection).map(outerRingBounds);
  return {
    minLat: Math.min(...boxes.map((box) => box.minLat)),
    maxLat: Math.max(...boxes.map((box) => box.maxLat)),
    minLon: Math.min(...boxes.map((box) => box.minLon)),
    maxLon: Math.max(...boxes.map((box) => box.maxLon)),
  };
}

/** The exact test: a point on a polygon's edge or the circle's rim counts as inside; in several shapes, inside any. */
export function selectionContains(selection: Selection): (point: LatLon) => boolean {
  if (selection.type === "Circle") {
    const [lon, lat] = selection.center;
    const center = { lat, lon };
    return (point) => haversineDistanceMeters(center, point) <= selection.radiusMeters;
  }
  const tests = polygonsOf(selection).map(polygonContains);
  return (point) => tests.some((contains) => contains(point));
}

function polygonsOf(selection: Exclude<Selection, { type: "Circle" }>): PolygonRings[] {
  return selection.type === "Polygon" ? [selection.coordinates] : selection.coordinates;
}

function polygonContains(rings: PolygonRings): (point: LatLon) => boolean {
  // handing turf each polygon's own box lets it reject far points without walking the rings
  const bounds = outerRingBounds(rings);
  const polygon = {
    type: "Polygon" as const,
    coordinates: rings,
    bbox: [bounds.minLon, bounds.minLat, bounds.maxLon, bounds.maxLat] as [number, number, number, number],
  };
  return (point) => booleanPointInPolygon([point.lon, point.lat], polygon);
}

/** Holes lie inside the outer ring, so its box is the polygon's. */
function outerRingBounds(rings: PolygonRings): GeoBounds {
  const outer = rings[0]!;
  return {
    minLat: Math.min(...outer.map(([, lat]) => lat)),
    maxLat: Math.max(...outer.map(([, lat]) => lat)),
    minLon: Math.min(...outer.map(([lon]) => lon)),
    maxLon: Math.max(...outer.map(([lon]) => lon)),
  };
}

function samePosition(a: readonly number[], b: readonly number[]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
