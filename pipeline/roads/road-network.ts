/**
 * The municipality's road network as WGS84 GeoJSON lines, held in memory for the map's background: the page
 * shows roads from our own server, so it works with no internet connection and no basemap tiles.
 */
import { InputError } from "../errors.js";
import type { GeoBounds } from "../geo/bounds.js";
import { EARTH_RADIUS_METERS, type LatLon } from "../geo/geodesy.js";
import type { LineCoordinates } from "./wkb.js";

/** A layer of line features in some CRS, as the GeoPackage reader gives it. */
export interface RoadLayer {
  crs: string;
  features: readonly { fid: number; properties: Record<string, string | number | null>; lines: readonly LineCoordinates[] }[];
}

export interface RoadProperties {
  id: number;
  /** the value of the network's class field, e.g. the road authority "Off. kommunevej"; null when it has none */
  roadClass: string | null;
}

export interface RoadFeature {
  type: "Feature";
  id: number;
  geometry: { type: "LineString"; coordinates: [number, number][] };
  properties: RoadProperties;
}

export interface RoadCollection {
  type: "FeatureCollection";
  features: RoadFeature[];
}

/** [x, y] in the layer's CRS to [lon, lat] */
export type ToWgs84 = (xy: readonly [number, number]) => [number, number];

/** One LineString feature per line of the layer; a MultiLineString's parts keep their feature's id. */
export function roadFeaturesFromLayer(layer: RoadLayer, toWgs84: ToWgs84, classField: string): RoadFeature[] {
  return layer.features.flatMap((feature) => {
    const value = feature.properties[classField];
    const properties: RoadProperties = { id: feature.fid, roadClass: value === null || value === undefined ? null : String(value) };
    return feature.lines
      .filter((line) => line.length >= 2)
      .map((line): RoadFeature => ({
        type: "Feature",
        id: feature.fid,
        geometry: { type: "LineString", coordinates: line.map((xy) => toWgs84(xy)) },
        properties,
      }));
  });
}

/**
 * A GeoJSON FeatureCollection of LineStrings and MultiLineStrings as a layer in EPSG:4326, as RFC 7946 has it, or in
 * the CRS named by a 2008-style "crs" member, which QGIS still writes when it exports in e.g. EPSG:25832.
 * Features without a numeric id are numbered from 1 in file order.
 */
export function roadLayerFromGeoJson(file: string, json: unknown): RoadLayer {
  if (!isRecord(json) || json.type !== "FeatureCollection" || !Array.isArray(json.features)) {
    throw new InputError(file, "not a GeoJSON FeatureCollection");
  }
  const features = json.features.map((feature: unknown, index) => {
    const geometry = isRecord(feature) && isRecord(feature.geometry) ? feature.geometry : null;
    const lines =
      geometry?.type === "LineString" ? [geometry.coordinates] : geometry?.type === "MultiLineString" ? geometry.coordinates : null;
    if (!Array.isArray(lines) || !lines.every(isLine)) {
      throw new InputError(file, `feature ${index + 1} is not a LineString or MultiLineString with [lon, lat] positions`);
    }
    const source = isRecord(feature) ? feature : {};
    const properties = isRecord(source.properties) ? scalarProperties(source.properties) : {};
    return { fid: typeof source.id === "number" ? source.id : index + 1, properties, lines: lines.map((line) => line.map(([x, y]) => [x, y] as [number, number])) };
  });
  return { crs: namedCrs(json.crs) ?? "EPSG:4326", features };
}

/** "urn:ogc:def:crs:EPSG::25832" or "EPSG:25832" as "EPSG:25832"; OGC's CRS84 is EPSG:4326's axes in GeoJSON order. */
function namedCrs(crs: unknown): string | null {
  const name = isRecord(crs) && isRecord(crs.properties) ? crs.properties.name : undefined;
  if (typeof name !== "string") return null;
  if (/CRS84$/i.test(name)) return "EPSG:4326";
  const code = /EPSG:{1,2}(\d+)$/i.exec(name)?.[1];
  return code === undefined ? name : `EPSG:${code}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLine(value: unknown): value is number[][] {
  return (
    Array.isArray(value) &&
    value.every((position) => Array.isArray(position) && position.length >= 2 && position.every((n) => typeof n === "number" && Number.isFinite(n)))
  );
}

function scalarProperties(properties: Record<string, unknown>): Record<string, string | number | null> {
  return Object.fromEntries(
    Object.entries(properties).filter((entry): entry is [string, string | number | null] => {
      const value = entry[1];
      return typeof value === "string" || typeof value === "number" || value === null;
    }),
  );
}

/** The road lines in memory with each line's bounding box: a few thousand lines need no spatial tree. */
export class RoadNetwork {
  private readonly boxes: GeoBounds[];

  constructor(readonly features: readonly RoadFeature[]) {
    this.boxes = features.map((feature) => lineBounds(feature.geometry.coordinates));
  }

  /** The lines whose bounding box meets `bounds`, at most `limit` of them in the network's order. */
  linesIn(bounds: GeoBounds, limit: number): RoadCollection {
    const found: RoadFeature[] = [];
    for (let i = 0; i < this.features.length && found.length < limit; i++) {
      const box = this.boxes[i]!;
      const meets = box.minLon <= bounds.maxLon && box.maxLon >= bounds.minLon && box.minLat <= bounds.maxLat && box.maxLat >= bounds.minLat;
      if (meets) found.push(this.features[i]!);
    }
    return { type: "FeatureCollection", features: found };
  }

  /** The road whose line passes closest to `point`, or null when none comes within `maxDistanceMeters`. */
  nearestRoad(point: LatLon, maxDistanceMeters: number): NearestRoad | null {
    const reach = boundsAround(point, maxDistanceMeters);
    let nearest: NearestRoad | null = null;
    for (let i = 0; i < this.features.length; i++) {
      const box = this.boxes[i]!;
      const mayReach = box.minLon <= reach.maxLon && box.maxLon >= reach.minLon && box.minLat <= reach.maxLat && box.maxLat >= reach.minLat;
      if (!mayReach) continue;
      const feature = this.features[i]!;
      const distanceMeters = lineDistanceMeters(point, feature.geometry.coordinates);
      if (distanceMeters <= maxDistanceMeters && (nearest === null || distanceMeters < nearest.distanceMeters)) {
        nearest = { id: feature.properties.id, roadClass: feature.properties.roadClass, distanceMeters };
      }
    }
    return nearest;
  }
}

export interface NearestRoad {
  id: number;
  roadClass: string | null;
  distanceMeters: number;
}

const METERS_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_METERS;

/** The point's surroundings out to `distanceMeters`, so lines whose box misses it are skipped without measuring. */
function boundsAround(point: LatLon, distanceMeters: number): GeoBounds {
  const latDegrees = distanceMeters / METERS_PER_DEGREE;
  const lonDegrees = distanceMeters / (METERS_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180));
  return { minLat: point.lat - latDegrees, maxLat: point.lat + latDegrees, minLon: point.lon - lonDegrees, maxLon: point.lon + lonDegrees };
}

/**
 * Shortest distance from the point to the line, on a plane tangent at the point: over the tens of metres a road is
 * looked for in, the flattening error is millimetres.
 */
function lineDistanceMeters(point: LatLon, coordinates: readonly [number, number][]): number {
  const metersPerLonDegree = METERS_PER_DEGREE * Math.cos((point.lat * Math.PI) / 180);
  const local = coordinates.map(([lon, lat]): [number, number] => [(lon - point.lon) * metersPerLonDegree, (lat - point.lat) * METERS_PER_DEGREE]);
  let shortest = Infinity;
  for (let i = 1; i < local.length; i++) shortest = Math.min(shortest, originToSegmentMeters(local[i - 1]!, local[i]!));
  return shortest;
}

function originToSegmentMeters([ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const fraction = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / lengthSquared));
  return Math.hypot(ax + fraction * dx, ay + fraction * dy);
}

function lineBounds(coordinates: readonly [number, number][]): GeoBounds {
  const lons = coordinates.map(([lon]) => lon);
  const lats = coordinates.map(([, lat]) => lat);
  return { minLon: Math.min(...lons), maxLon: Math.max(...lons), minLat: Math.min(...lats), maxLat: Math.max(...lats) };
}
