/**
 * A small road register written as a municipality exports it (GeoJSON lines, the road authority in "type", the name
 * in "navn") and imported the way `roadwatch roads import --class-field type --name-field navn` imports it.
 */
import { writeFile } from "node:fs/promises";
import { importRoadNetwork, type RoadImportSummary } from "../../pipeline/roads/road-import.js";
import { DEFAULT_SEGMENT_LENGTH_METERS, JUNCTION_SNAP_METERS } from "../../pipeline/roads/road-segments.js";
import type { Storage } from "../../pipeline/storage/database.js";

export interface RegisterRoad {
  name: string;
  roadClass: string;
  /** [lon, lat] in WGS84 */
  coordinates: readonly (readonly [number, number])[];
}

/** Writes `roads` to `file` as GeoJSON and imports them into `storage`. */
export async function importRoadRegister(storage: Storage, file: string, roads: readonly RegisterRoad[]): Promise<RoadImportSummary> {
  const features = roads.map(({ name, roadClass, coordinates }) => ({
    type: "Feature",
    properties: { type: roadClass, navn: name },
    geometry: { type: "LineString", coordinates },
  }));
  await writeFile(file, JSON.stringify({ type: "FeatureCollection", features }));
  return importRoadNetwork(storage, [file], {
    classField: "type",
    nameField: "navn",
    crs: null,
    maxSegmentLengthMeters: DEFAULT_SEGMENT_LENGTH_METERS,
    snapMeters: JUNCTION_SNAP_METERS,
  });
}
