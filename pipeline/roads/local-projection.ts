/**
 * Metres on a plane around one municipality, for road geometry: lengths, distances to lines, splitting lines.
 *
 * A sinusoidal projection on the GRS80/WGS84 ellipsoid: x is the distance along the point's own parallel from the
 * origin's meridian, y the distance along the meridian from the origin's parallel. East-west and north-south lengths
 * are true everywhere; a slanted line 20 km from the origin's meridian is off by under 0.001 %. A spherical earth
 * (geo/geodesy.ts) would be 0.1-0.3 % short at Danish latitudes, which a network's total length would show.
 */
import type { LatLon } from "../geo/geodesy.js";

export type XY = readonly [number, number];

const SEMI_MAJOR_AXIS_METERS = 6_378_137;
const ECCENTRICITY_SQUARED = 0.006_694_380_022_9;
const RADIANS_PER_DEGREE = Math.PI / 180;

/** Radius of curvature along the meridian at a latitude in radians. */
function meridionalRadius(latRadians: number): number {
  const w = 1 - ECCENTRICITY_SQUARED * Math.sin(latRadians) ** 2;
  return (SEMI_MAJOR_AXIS_METERS * (1 - ECCENTRICITY_SQUARED)) / w ** 1.5;
}

/** Radius of curvature across the meridian (in the prime vertical) at a latitude in radians. */
function primeVerticalRadius(latRadians: number): number {
  return SEMI_MAJOR_AXIS_METERS / Math.sqrt(1 - ECCENTRICITY_SQUARED * Math.sin(latRadians) ** 2);
}

export class LocalProjection {
  private readonly originLat: number;
  private readonly originLon: number;

  constructor(readonly origin: LatLon) {
    this.originLat = origin.lat * RADIANS_PER_DEGREE;
    this.originLon = origin.lon * RADIANS_PER_DEGREE;
  }

  /** The projection centred on the middle of the positions' bounding box; an error for none. */
  static around(positions: Iterable<readonly [number, number]>): LocalProjection {
    let minLon = Infinity;
    let maxLon = -Infinity;
    let minLat = Infinity;
    let maxLat = -Infinity;
    for (const [lon, lat] of positions) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
    if (minLon > maxLon) throw new Error("a local projection needs at least one position");
    return new LocalProjection({ lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2 });
  }

  /** [lon, lat] in degrees to [x, y] in metres east and north of the origin. */
  toMeters([lon, lat]: readonly [number, number]): XY {
    const latRadians = lat * RADIANS_PER_DEGREE;
    const x = primeVerticalRadius(latRadians) * Math.cos(latRadians) * (lon * RADIANS_PER_DEGREE - this.originLon);
    // the meridian arc from the origin's parallel, by the midpoint rule: exact to micrometres over a municipality
    const y = meridionalRadius((latRadians + this.originLat) / 2) * (latRadians - this.originLat);
    return [x, y];
  }

  /** The inverse of toMeters: [x, y] in metres to [lon, lat] in degrees. */
  toLonLat([x, y]: XY): [number, number] {
    let latRadians = this.originLat + y / meridionalRadius(this.originLat);
    // the arc's radius depends on the latitude sought: three rounds settle it far below a millimetre
    for (let round = 0; round < 3; round++) latRadians = this.originLat + y / meridionalRadius((latRadians + this.originLat) / 2);
    const lonRadians = this.originLon + x / (primeVerticalRadius(latRadians) * Math.cos(latRadians));
    return [lonRadians / RADIANS_PER_DEGREE, latRadians / RADIANS_PER_DEGREE];
  }
}
