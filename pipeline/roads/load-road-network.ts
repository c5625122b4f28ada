/** Reads a road network file once, at start-up: a GeoPackage, or GeoJSON when the name ends in .geojson or .json. */
import { readFile } from "node:fs/promises";
import { readGeoPackageLines } from "../adapters/geopackage.js";
import { projectorToWgs84 } from "../adapters/projection.js";
import { describeError, InputError } from "../errors.js";
import { type RoadLayer, RoadNetwork, roadFeaturesFromLayer, roadLayerFromGeoJson } from "./road-network.js";

export async function loadRoadNetwork(file: string, classField: string): Promise<RoadNetwork> {
  const layer = await readRoadLayer(file);
  let toWgs84;
  try {
    toWgs84 = projectorToWgs84(layer.crs);
  } catch (error) {
    throw new InputError(file, describeError(error));
  }
  return new RoadNetwork(roadFeaturesFromLayer(layer, toWgs84, classField));
}

/** The file's line features in the file's own CRS. */
export async function readRoadLayer(file: string): Promise<RoadLayer> {
  return /\.(geo)?json$/i.test(file) ? readGeoJsonLayer(file) : readGeoPackageLines(file);
}

async function readGeoJsonLayer(file: string): Promise<RoadLayer> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new InputError(file, `cannot read the GeoJSON (${describeError(error)})`);
  }
  return roadLayerFromGeoJson(file, json);
}
