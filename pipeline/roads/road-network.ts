/**
 * The municipality's road network as WGS84 GeoJSON lines, held in memory for the map's background: the page
 * shows roads from our own server, so it works with no internet connection and no basemap tiles.
 */
import { InputError } from "../errors.js";
import type { GeoBounds } from "../geo/bounds.js";
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
 * A GeoJSON FeatureCollection of LineStrings and MultiLineStrings as a layer in EPSG:4326 (RFC 7946 has no other CRS).
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
  return { crs: "EPSG:4326", features };
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
}

function lineBounds(coordinates: readonly [number, number][]): GeoBounds {
  const lons = coordinates.map(([lon]) => lon);
  const lats = coordinates.map(([, lat]) => lat);
  return { minLon: Math.min(...lons), maxLon: Math.max(...lons), minLat: Math.min(...lats), maxLat: Math.max(...lats) };
}
