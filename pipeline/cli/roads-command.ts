import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { KNOWN_CRS } from "../adapters/projection.js";
import type { Config } from "../config.js";
import { DEFAULT_CORRIDOR_OPTIONS } from "../roads/corridor-credit.js";
import { importRoadNetwork, type RoadImportOptions, type RoadImportSummary } from "../roads/road-import.js";
import { DEFAULT_SEGMENT_LENGTH_METERS, JUNCTION_SNAP_METERS } from "../roads/road-segments.js";
import { openStorage } from "../storage/database.js";
import { type CommandOutput, processOutput } from "./command-output.js";

export interface RoadsImportRequest extends RoadImportOptions {
  dataDir: string;
  /** imported together as one network */
  files: string[];
  json: boolean;
}

/** The road network coverage is measured on. */
export function roadsCommand(config: Config): Command {
  const roads = new Command("roads").description("The road network inspections are recorded on.");
  roads
    .command("import")
    .description("Import a road network from one or more files (GeoPackage or GeoJSON), replacing the one before")
    .argument("<files...>", ".gpkg GeoPackages, or .geojson/.json FeatureCollections of lines, e.g. the roads and the cycle routes")
    .option("--crs <EPSG:code>", `the file's coordinate system when it does not say, or says wrongly (${KNOWN_CRS.join(", ")})`, crsCode)
    .option("--class-field <name>", "the field holding each road's class, e.g. the road authority", config.roadsClassField)
    .option("--name-field <name>", "the field holding each road's name; without it roads are known by feature id")
    .option("--segment-length <metres>", "longest segment coverage is measured in", positiveMeters, DEFAULT_SEGMENT_LENGTH_METERS)
    .option("--data <dir>", "data directory", config.dataDir)
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      [
        "",
        "The files' lines form one network, each file read with the same options (so each needs the --class-field).",
        "Lines are cut where another line ends on them and into equal segments no longer than --segment-length.",
        "Importing again replaces the network: segments with the same geometry, class and name keep their id and",
        "inspection history; the others are removed with theirs. Detections and defects are put on their segments again.",
        "Matching drives to the roads happens as videos are processed (roadwatch process, the nightly run); a segment",
        `lying alongside the roads driven (within ${DEFAULT_CORRIDOR_OPTIONS.corridorMeters} m and ${DEFAULT_CORRIDOR_OPTIONS.maxAngleDegrees}°, e.g. a cycle route drawn along a road) is filmed too.`,
        "",
        "Example: roadwatch roads import vej_myndighed.gpkg rute_cykel.gpkg",
      ].join("\n"),
    )
    .action(
      async (
        files: string[],
        options: { crs?: string; classField: string; nameField?: string; segmentLength: number; data: string; json?: boolean },
      ) => {
        const request: RoadsImportRequest = {
          dataDir: path.resolve(options.data),
          files: files.map((file) => path.resolve(file)),
          crs: options.crs ?? null,
          classField: options.classField,
          nameField: options.nameField ?? null,
          maxSegmentLengthMeters: options.segmentLength,
          snapMeters: JUNCTION_SNAP_METERS,
          json: options.json === true,
        };
        process.exitCode = await runRoadsImport(request, processOutput);
      },
    );
  return roads;
}

export async function runRoadsImport(request: RoadsImportRequest, output: CommandOutput): Promise<number> {
  const storage = await openStorage(request.dataDir);
  try {
    const summary = await importRoadNetwork(storage, request.files, request);
    output.stdout(request.json ? `${JSON.stringify(summary, null, 2)}\n` : importText(summary, request.maxSegmentLengthMeters));
    return 0;
  } finally {
    await storage.close();
  }
}

function importText(summary: RoadImportSummary, maxSegmentLengthMeters: number): string {
  const lines = [
    ...summary.files.map((file) => `${file.file}: ${file.linesRead} lines read (${file.featureCount} features, ${file.crs})`),
    `${summary.segments} segments written, ${(summary.totalLengthMeters / 1000).toFixed(3)} km in all (at most ${maxSegmentLengthMeters} m each; ` +
      `${summary.junctionsAdded} junctions added where a road ends on another)`,
    `${summary.unchanged} unchanged, ${summary.added} added, ${summary.removed} removed`,
    `${summary.defectsOnRoads} defects and ${summary.detectionsOnRoads} detections lie on a road segment`,
  ];
  if (summary.degenerateLines > 0) lines.push(`skipped ${summary.degenerateLines} lines with fewer than two distinct positions`);
  if (summary.duplicateLines > 0) lines.push(`skipped ${summary.duplicateLines} lines drawn twice with the same class and name`);
  if (summary.duplicateSegments > 0) lines.push(`skipped ${summary.duplicateSegments} segments drawn twice with the same class and name`);
  return `${lines.join("\n")}\n`;
}

function crsCode(value: string): string {
  const crs = value.toUpperCase();
  if (!(KNOWN_CRS as readonly string[]).includes(crs)) throw new InvalidArgumentError(`expected one of ${KNOWN_CRS.join(", ")}`);
  return crs;
}

function positiveMeters(value: string): number {
  const meters = Number(value);
  if (!Number.isFinite(meters) || meters < 10 || meters > 10_000) throw new InvalidArgumentError("expected metres from 10 to 10000");
  return meters;
}
