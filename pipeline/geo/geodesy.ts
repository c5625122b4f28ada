/**
 * Spherical-earth geodesy for GPS fixes a few metres to a few kilometres apart.
 * The sphere's error (< 0.5 %) is far below phone GPS noise, and it needs no projection.
 */

export interface LatLon {
  lat: number;
  lon: number;
}

/** IUGG mean earth radius */
export const EARTH_RADIUS_METERS = 6_371_008.8;

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;
const toDegrees = (radians: number): number => (radians * 180) / Math.PI;

/** Maps any angle onto [0, 360). */
export function normalizeDegrees(degrees: number): number {
  const wrapped = degrees % 360;
  // "+ 0" turns -0 into 0, so callers never print "-0"
  return wrapped < 0 ? wrapped + 360 : wrapped + 0;
}

/** Signed difference b - a along the shorter arc, in (-180, 180]. */
export function angleDifferenceDegrees(a: number, b: number): number {
  const difference = normalizeDegrees(b - a);
  return difference > 180 ? difference - 360 : difference;
}

/** Interpolates between two headings along the shorter arc (350° → 10° passes through 0°). */
export function interpolateDegrees(a: number, b: number, fraction: number): number {
  return normalizeDegrees(a + angleDifferenceDegrees(a, b) * fraction);
}

export function haversineDistanceMeters(a: LatLon, b: LatLon): number {
  const dLat = toRadians(b.lat - a.lat);
  const dLon = toRadians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Direction of travel leaving `from` towards `to`, degrees clockwise from true north in [0, 360). */
export function initialBearingDegrees(from: LatLon, to: LatLon): number {
  const lat1 = toRadians(from.lat);
  const lat2 = toRadians(to.lat);
  const dLon = toRadians(to.lon - from.lon);
  const y = Math.sin(dLon) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
  return normalizeDegrees(toDegrees(Math.atan2(y, x)));
}

/** The point reached after travelling `distanceMeters` from `from` on a great circle with the given initial bearing. */
export function destinationPoint(from: LatLon, bearingDegrees: number, distanceMeters: number): LatLon {
  const angularDistance = distanceMeters / EARTH_RADIUS_METERS;
  const bearing = toRadians(bearingDegrees);
  const lat1 = toRadians(from.lat);
  const lon1 = toRadians(from.lon);
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angularDistance) + Math.cos(lat1) * Math.sin(angularDistance) * Math.cos(bearing),
  );
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(bearing) * Math.sin(angularDistance) * Math.cos(lat1),
      Math.cos(angularDistance) - Math.sin(lat1) * Math.sin(lat2),
    );
  return { lat: toDegrees(lat2), lon: normalizeLongitude(toDegrees(lon2)) };
}

/**
 * Point at `fraction` (0..1) of the way from a to b, linear in latitude and longitude.
 * Between neighbouring fixes (metres apart) this differs from the great circle by far less than GPS noise;
 * the longitude difference is taken across the antimeridian when that is shorter.
 */
export function interpolateLatLon(a: LatLon, b: LatLon, fraction: number): LatLon {
  const dLon = angleDifferenceDegrees(a.lon, b.lon);
  return {
    lat: a.lat + (b.lat - a.lat) * fraction,
    lon: normalizeLongitude(a.lon + dLon * fraction),
  };
}

/** Maps a longitude onto [-180, 180); one already there is returned untouched (shifting it would cost precision). */
export function normalizeLongitude(lon: number): number {
  return lon >= -180 && lon < 180 ? lon : normalizeDegrees(lon + 180) - 180;
}
