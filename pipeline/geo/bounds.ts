/** Latitude/longitude boxes for "what lies near these points" queries. */
import { EARTH_RADIUS_METERS, type LatLon } from "./geodesy.js";

/** Does not cross the antimeridian: roadwatch maps one municipality at a time. */
export interface GeoBounds {
  minLat: number;
  minLon: number;
  maxLat: number;
  maxLon: number;
}

const METERS_PER_DEGREE_LATITUDE = (EARTH_RADIUS_METERS * Math.PI) / 180;

/** The smallest box holding every point, widened by at least `marginMeters` on each side; null for no points. */
export function boundsAround(points: readonly LatLon[], marginMeters: number): GeoBounds | null {
  if (points.length === 0) return null;
  let minLat = Infinity;
  let minLon = Infinity;
  let maxLat = -Infinity;
  let maxLon = -Infinity;
  for (const { lat, lon } of points) {
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLon = Math.min(minLon, lon);
    maxLon = Math.max(maxLon, lon);
  }
  const marginLat = marginMeters / METERS_PER_DEGREE_LATITUDE;
  // a degree of longitude is shortest at the latitude farthest from the equator: use that one so the margin is never short
  const widestLat = Math.min(89, Math.max(Math.abs(minLat), Math.abs(maxLat)) + marginLat);
  const marginLon = marginMeters / (METERS_PER_DEGREE_LATITUDE * Math.cos((widestLat * Math.PI) / 180));
  return {
    minLat: minLat - marginLat,
    minLon: minLon - marginLon,
    maxLat: maxLat + marginLat,
    maxLon: maxLon + marginLon,
  };
}
