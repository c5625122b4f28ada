/** The only module that talks to proj4: coordinates of a road network's CRS to WGS84 longitude/latitude. */
import proj4 from "proj4";

// Danish municipalities export in ETRS89 / UTM zone 32N; proj4 knows EPSG:4326 and 3857 by itself
proj4.defs("EPSG:25832", "+proj=utm +zone=32 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs");
proj4.defs("EPSG:25833", "+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs");

export const KNOWN_CRS = ["EPSG:4326", "EPSG:3857", "EPSG:25832", "EPSG:25833"] as const;

export type Projector = (xy: readonly [number, number]) => [number, number];

/** A function from `crs` coordinates to [lon, lat]; throws for a CRS proj4 has no definition of. */
export function projectorToWgs84(crs: string): Projector {
  if (!(KNOWN_CRS as readonly string[]).includes(crs)) {
    throw new Error(`unknown coordinate reference system ${crs} (known: ${KNOWN_CRS.join(", ")})`);
  }
  if (crs === "EPSG:4326") return ([x, y]) => [x, y];
  const converter = proj4(crs, "EPSG:4326");
  return ([x, y]) => converter.forward([x, y]) as [number, number];
}
