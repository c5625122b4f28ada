/**
 * `roadwatch roads import`: road network files (GeoPackage or GeoJSON, in any CRS proj4 is given), e.g. the road
 * register and the cycle routes, become one stored network of segments, replacing the one before without losing the
 * history of segments that did not change; then every located detection and every defect is put on its segment again.
 */
import { projectorToWgs84 } from "../adapters/projection.js";
import { describeError, InputError } from "../errors.js";
import type { Storage } from "../storage/database.js";
import { readRoadLayer } from "./load-road-network.js";
import type { RoadLayer } from "./road-network.js";
import { type RoadLine, segmentRoadNetwork } from "./road-segments.js";
import { loadRoadGraph, placeOnRoads } from "./stored-network.js";

export interface RoadFileOptions {
  /** the property holding each road's class, e.g. the road authority */
  classField: string;
  /** the property holding each road's name; null: roads are known by their feature id */
  nameField: string | null;
  /** the file's CRS, e.g. "EPSG:25832", over what the file says; null: the file's own */
  crs: string | null;
}

export interface RoadImportOptions extends RoadFileOptions {
  maxSegmentLengthMeters: number;
  snapMeters: number;
}

export interface RoadFile {
  crs: string;
  /** features read, a multi-line counting once */
  featureCount: number;
  lines: RoadLine[];
}

/** What was read from one of the files imported. */
export interface RoadFileSummary {
  file: string;
  crs: string;
  featureCount: number;
  linesRead: number;
}

export interface RoadImportSummary {
  /** in the order given */
  files: RoadFileSummary[];
  segments: number;
  totalLengthMeters: number;
  unchanged: number;
  added: number;
  removed: number;
  junctionsAdded: number;
  degenerateLines: number;
  duplicateLines: number;
  duplicateSegments: number;
  /** located detections and defects now on a segment */
  detectionsOnRoads: number;
  defectsOnRoads: number;
}

/** The file's lines in WGS84 with class and name; an InputError naming the file for a missing field or wrong CRS. */
export async function readRoadLines(file: string, options: RoadFileOptions): Promise<RoadFile> {
  const layer = await readRoadLayer(file);
  const crs = options.crs ?? layer.crs;
  let toWgs84;
  try {
    toWgs84 = projectorToWgs84(crs);
  } catch (error) {
    throw new InputError(file, `${describeError(error)}; pass --crs when the file names its CRS wrongly`);
  }
  requireField(file, layer, options.classField, "--class-field");
  if (options.nameField !== null) requireField(file, layer, options.nameField, "--name-field");
  const lines = layer.features.flatMap((feature) => {
    const roadClass = textOf(feature.properties[options.classField]);
    const roadName = options.nameField === null ? null : textOf(feature.properties[options.nameField]);
    return feature.lines.map((line): RoadLine => {
      const coordinates = line.map((xy) => toWgs84(xy));
      const outside = coordinates.find(([lon, lat]) => !(Math.abs(lon) <= 180 && Math.abs(lat) <= 90));
      if (outside !== undefined) {
        throw new InputError(file, `feature ${feature.fid} lies outside the earth when read as ${crs} (${outside.join(", ")}): pass --crs`);
      }
      return { sourceId: feature.fid, roadClass, roadName, coordinates };
    });
  });
  return { crs, featureCount: layer.features.length, lines };
}

/**
 * The files' lines, each read with the same options, segmented as one network: a road in one file and a route in
 * another meet at junctions like two roads of one file.
 */
export async function importRoadNetwork(storage: Storage, files: readonly string[], options: RoadImportOptions): Promise<RoadImportSummary> {
  if (files.length === 0) throw new Error("no road network files to import");
  const reads: RoadFileSummary[] = [];
  const lines: RoadLine[] = [];
  for (const file of files) {
    const read = await readRoadLines(file, options);
    reads.push({ file, crs: read.crs, featureCount: read.featureCount, linesRead: read.lines.length });
    lines.push(...read.lines);
  }
  const network = segmentRoadNetwork(lines, options);
  if (network.segments.length === 0) throw new InputError(files.join(", "), "no road lines with two or more distinct positions");
  const replacement = await storage.roadSegments.replaceNetwork(network.segments);
  const graph = await loadRoadGraph(storage.roadSegments, null);
  const onRoads =
    graph === null
      ? { detections: 0, defects: 0 }
      : await storage.transaction(async ({ roadSegments }) =>
          placeOnRoads(roadSegments, graph, { detections: await roadSegments.locatedDetections(), defects: await roadSegments.defectPoints() }),
        );
  return {
    files: reads,
    segments: network.segments.length,
    totalLengthMeters: network.segments.reduce((total, segment) => total + segment.lengthMeters, 0),
    ...replacement,
    junctionsAdded: network.junctionsAdded,
    degenerateLines: network.degenerateLines,
    duplicateLines: network.duplicateLines,
    duplicateSegments: network.duplicateSegments,
    detectionsOnRoads: onRoads.detections,
    defectsOnRoads: onRoads.defects,
  };
}

function requireField(file: string, layer: RoadLayer, field: string, option: string): void {
  if (layer.features.length === 0 || layer.features.some((feature) => field in feature.properties)) return;
  const known = Object.keys(layer.features[0]!.properties);
  throw new InputError(file, `no field '${field}' (${option}); the features have: ${known.join(", ") || "no fields"}`);
}

function textOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === "" ? null : text;
}
