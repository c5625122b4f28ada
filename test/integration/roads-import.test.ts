import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGeoPackageLines } from "../../pipeline/adapters/geopackage.js";
import type { CommandOutput } from "../../pipeline/cli/command-output.js";
import { type RoadsImportRequest, runRoadsImport } from "../../pipeline/cli/roads-command.js";
import type { RoadImportSummary } from "../../pipeline/roads/road-import.js";
import { JUNCTION_SNAP_METERS } from "../../pipeline/roads/road-segments.js";
import type { Storage } from "../../pipeline/storage/database.js";
import { withStorage } from "../support/storage.js";

const FAXE_ROADS = path.resolve(process.cwd(), "../shared/roads/faxe/vej_myndighed.gpkg");
const FAXE_CYCLE_ROUTES = path.resolve(process.cwd(), "../shared/roads/faxe/rute_cykel.gpkg");
const faxeLayer = readGeoPackageLines(FAXE_ROADS);

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-roads-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function importRoads(dataDir: string, files: string[], options: Partial<RoadsImportRequest> = {}) {
  let stdout = "";
  const output: CommandOutput = { stdout: (text) => void (stdout += text), stderr: () => undefined };
  const request: RoadsImportRequest = {
    dataDir,
    files,
    crs: null,
    classField: "type",
    nameField: null,
    maxSegmentLengthMeters: 100,
    snapMeters: JUNCTION_SNAP_METERS,
    json: true,
    ...options,
  };
  const startedMs = performance.now();
  const exitCode = await runRoadsImport(request, output);
  return { exitCode, summary: JSON.parse(stdout) as RoadImportSummary, elapsedMs: performance.now() - startedMs };
}

/** Length in the file's own CRS: EPSG:25832's metres on its plane, computed without roadwatch's geometry. */
function planarMeters(lines: readonly (readonly [number, number][])[]): number {
  let total = 0;
  for (const line of lines) for (let i = 1; i < line.length; i++) total += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return total;
}

/** Each line once, whichever way it was drawn: the cycle-route file draws three routes again where they share a path. */
function distinctLines(lines: readonly (readonly [number, number][])[]): (readonly [number, number][])[] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    const keys = [JSON.stringify(line), JSON.stringify([...line].reverse())];
    if (keys.some((key) => seen.has(key))) return false;
    seen.add(keys[0]!);
    return true;
  });
}

/** A video to hang inspections on, as the pipeline would have stored it. */
async function storedVideo(storage: Storage, name: string): Promise<number> {
  const { video } = await storage.videos.insertIfNew({
    contentHash: name.padEnd(64, "0"),
    originalName: `${name}.mp4`,
    storedPath: `videos/${name}.mp4`,
    sizeBytes: 1,
    deviceId: null,
    crew: null,
  });
  return video.id;
}

/** The Faxe layer as GeoJSON in its own EPSG:25832 coordinates; with `crsMember`, saying so as QGIS does. */
async function faxeGeoJson(name: string, keep: (fid: number) => boolean, crsMember: boolean): Promise<string> {
  const file = path.join(workDir, name);
  const features = faxeLayer.features
    .filter((feature) => keep(feature.fid))
    .map((feature) => ({ type: "Feature", id: feature.fid, properties: feature.properties, geometry: { type: "MultiLineString", coordinates: feature.lines } }));
  const crs = crsMember ? { crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::25832" } } } : {};
  await writeFile(file, JSON.stringify({ type: "FeatureCollection", ...crs, features }));
  return file;
}

describe("roadwatch roads import of the Faxe road-authority layer", () => {
  let dataDir: string;
  let first: Awaited<ReturnType<typeof importRoads>>;

  beforeAll(async () => {
    dataDir = path.join(workDir, "faxe");
    first = await importRoads(dataDir, [FAXE_ROADS]);
  }, 120_000);

  it("reads the 2,603 lines in EPSG:25832 and writes segments of at most 100 m, as long in all as the file's lines", async () => {
    expect(first.exitCode).toBe(0);
    expect(first.summary).toMatchObject({ files: [{ file: FAXE_ROADS, crs: "EPSG:25832", featureCount: 2603, linesRead: 2603 }], unchanged: 0, removed: 0 });
    expect(first.summary.added).toBe(first.summary.segments);

    const fileMeters = planarMeters(faxeLayer.features.flatMap((feature) => feature.lines));
    const segments = await withStorage(dataDir, (storage) => storage.roadSegments.listSummaries());
    const importedMeters = segments.reduce((total, segment) => total + segment.lengthMeters, 0);
    console.log(
      `roads import: ${first.summary.files[0]!.linesRead} lines → ${segments.length} segments, ${(importedMeters / 1000).toFixed(3)} km ` +
        `(file ${(fileMeters / 1000).toFixed(3)} km in EPSG:25832, ${((100 * (importedMeters - fileMeters)) / fileMeters).toFixed(3)} %), ` +
        `${first.summary.junctionsAdded} junctions added, ${Math.round(first.elapsedMs)} ms`,
    );
    expect(segments).toHaveLength(first.summary.segments);
    expect(importedMeters).toBeCloseTo(first.summary.totalLengthMeters, 3);
    expect(Math.abs(importedMeters - fileMeters) / fileMeters).toBeLessThan(0.005);
    expect(Math.max(...segments.map((segment) => segment.lengthMeters))).toBeLessThanOrEqual(100.001);

    // per road authority too: 793 km of municipal roads (shared/README.md)
    for (const roadClass of ["Off. kommunevej", "Privat fællesvej", "Privat vej", "Off. statsvej"]) {
      const classFileMeters = planarMeters(faxeLayer.features.filter((f) => f.properties.type === roadClass).flatMap((f) => f.lines));
      const classMeters = segments.filter((s) => s.roadClass === roadClass).reduce((total, s) => total + s.lengthMeters, 0);
      expect(Math.abs(classMeters - classFileMeters) / classFileMeters, roadClass).toBeLessThan(0.005);
    }
  });

  it("stores the segments in WGS84 inside Faxe Kommune, joined at shared end points", async () => {
    const segments = await withStorage(dataDir, (storage) => storage.roadSegments.list(null));
    const lons = segments.flatMap((segment) => segment.coordinates.map(([lon]) => lon));
    const lats = segments.flatMap((segment) => segment.coordinates.map(([, lat]) => lat));
    expect(Math.min(...lats)).toBeGreaterThan(55.1);
    expect(Math.max(...lats)).toBeLessThan(55.45);
    expect(Math.min(...lons)).toBeGreaterThan(11.8);
    expect(Math.max(...lons)).toBeLessThan(12.4);
    // nearly every segment end is shared with another segment: the network is a connected graph, not 2,603 loose lines
    const endCounts = new Map<string, number>();
    for (const { coordinates } of segments) {
      for (const end of [coordinates[0]!, coordinates.at(-1)!]) endCounts.set(end.join(), (endCounts.get(end.join()) ?? 0) + 1);
    }
    const deadEnds = [...endCounts.values()].filter((count) => count === 1).length;
    expect(deadEnds / endCounts.size).toBeLessThan(0.15);
  });

  it("keeps every segment, its id and its inspections when the same file is imported again", async () => {
    const before = await withStorage(dataDir, async (storage) => {
      const videoId = await storedVideo(storage, "same-file");
      const [a, b] = await storage.roadSegments.listSummaries();
      await storage.inspections.replaceForVideo(videoId, [
        { segmentId: a!.id, inspectedOn: "2026-11-02", coveredMeters: a!.lengthMeters },
        { segmentId: b!.id, inspectedOn: "2026-11-02", coveredMeters: 12 },
      ]);
      return { videoId, ids: (await storage.roadSegments.listSummaries()).map((s) => s.id), inspections: await storage.inspections.listForVideo(videoId) };
    });

    const again = await importRoads(dataDir, [FAXE_ROADS]);

    expect(again.summary).toMatchObject({ unchanged: first.summary.segments, added: 0, removed: 0 });
    await withStorage(dataDir, async (storage) => {
      expect((await storage.roadSegments.listSummaries()).map((s) => s.id)).toEqual(before.ids);
      expect(await storage.inspections.listForVideo(before.videoId)).toEqual(before.inspections);
    });
  });

  it("replaces a changed network: a removed road loses its segments and their history, roads far from it keep theirs", async () => {
    // the file's first road, and a road more than 5 km from it
    const removedFid = 1;
    const removedStart = faxeLayer.features.find((f) => f.fid === removedFid)!.lines[0]![0]!;
    const farFid = faxeLayer.features.find((f) => Math.hypot(f.lines[0]![0]![0] - removedStart[0], f.lines[0]![0]![1] - removedStart[1]) > 5000)!.fid;
    const { videoId, removedIds, farId } = await withStorage(dataDir, async (storage) => {
      const segments = await storage.roadSegments.listSummaries();
      const removedIds = segments.filter((s) => s.sourceId === removedFid).map((s) => s.id);
      const farId = segments.find((s) => s.sourceId === farFid)!.id;
      const videoId = await storedVideo(storage, "changed-network");
      await storage.inspections.replaceForVideo(videoId, [
        { segmentId: removedIds[0]!, inspectedOn: "2026-11-03", coveredMeters: 50 },
        { segmentId: farId, inspectedOn: "2026-11-03", coveredMeters: 50 },
      ]);
      return { videoId, removedIds, farId };
    });
    const changed = await faxeGeoJson("faxe-without-one-road.geojson", (fid) => fid !== removedFid, true);

    const { summary } = await importRoads(dataDir, [changed]);

    expect(summary.files).toEqual([{ file: changed, crs: "EPSG:25832", featureCount: 2602, linesRead: 2602 }]);
    expect(summary.removed).toBeGreaterThanOrEqual(removedIds.length);
    // only the neighbours of the removed road are cut differently
    expect(summary.removed).toBeLessThan(removedIds.length + 50);
    expect(summary.unchanged).toBeGreaterThan(first.summary.segments - 100);
    await withStorage(dataDir, async (storage) => {
      expect(await storage.inspections.listForVideo(videoId)).toEqual([{ segmentId: farId, inspectedOn: "2026-11-03", coveredMeters: 50 }]);
      const ids = new Set((await storage.roadSegments.listSummaries()).map((s) => s.id));
      expect(removedIds.some((id) => ids.has(id))).toBe(false);
    });
  });
});

describe("roadwatch roads import of Faxe's roads and cycle routes together", () => {
  it("stores both files' lines as one network, as long as both files' own lines, the cycle routes as class Cykelrute", async () => {
    const cycleLayer = readGeoPackageLines(FAXE_CYCLE_ROUTES);
    const dataDir = path.join(workDir, "roads-and-cycle-routes");

    const { exitCode, summary } = await importRoads(dataDir, [FAXE_ROADS, FAXE_CYCLE_ROUTES]);

    expect(exitCode).toBe(0);
    expect(summary.files).toEqual([
      { file: FAXE_ROADS, crs: "EPSG:25832", featureCount: 2603, linesRead: 2603 },
      { file: FAXE_CYCLE_ROUTES, crs: "EPSG:25832", featureCount: cycleLayer.features.length, linesRead: expect.any(Number) },
    ]);
    const roadMeters = planarMeters(faxeLayer.features.flatMap((feature) => feature.lines));
    const cycleLines = cycleLayer.features.flatMap((feature) => feature.lines);
    const cycleMeters = planarMeters(distinctLines(cycleLines));
    const segments = await withStorage(dataDir, (storage) => storage.roadSegments.listSummaries());
    const importedMeters = segments.reduce((total, segment) => total + segment.lengthMeters, 0);
    const cycleRouteMeters = segments.filter((s) => s.roadClass === "Cykelrute").reduce((total, s) => total + s.lengthMeters, 0);
    console.log(
      `roads import of two files: ${segments.length} segments, ${(importedMeters / 1000).toFixed(3)} km against ` +
        `${(roadMeters / 1000).toFixed(3)} + ${(cycleMeters / 1000).toFixed(3)} km in the files (cycle routes drawn twice counted once; ` +
        `${(planarMeters(cycleLines) / 1000).toFixed(3)} km with them), ${(cycleRouteMeters / 1000).toFixed(3)} km of Cykelrute`,
    );
    expect(cycleLayer.features.length).toBe(396);
    // the road file adds a few lines drawn twice to within the key's 10 cm
    expect(summary.duplicateLines).toBeGreaterThanOrEqual(cycleLines.length - distinctLines(cycleLines).length);
    expect(Math.abs(importedMeters - (roadMeters + cycleMeters)) / (roadMeters + cycleMeters)).toBeLessThan(0.005);
    expect(Math.abs(cycleRouteMeters - cycleMeters) / cycleMeters).toBeLessThan(0.005);
    expect(new Set(segments.map((s) => s.roadClass))).toEqual(new Set(["Off. kommunevej", "Privat fællesvej", "Privat vej", "Off. statsvej", "Cykelrute"]));
  }, 120_000);
});

describe("roadwatch roads import of files that need help", () => {
  it("reads a GeoJSON without a CRS as WGS84, says its positions are off the earth, and imports it with --crs", async () => {
    const file = await faxeGeoJson("three-roads-25832.geojson", (fid) => fid <= 3, false);
    const dataDir = path.join(workDir, "crs-option");

    await expect(importRoads(dataDir, [file])).rejects.toThrow(new RegExp(`${file}: feature 1 lies outside the earth when read as EPSG:4326.*pass --crs`));

    const { summary } = await importRoads(dataDir, [file], { crs: "EPSG:25832" });
    expect(summary.files).toMatchObject([{ crs: "EPSG:25832", linesRead: 3 }]);
    const fileMeters = planarMeters(faxeLayer.features.filter((f) => f.fid <= 3).flatMap((f) => f.lines));
    expect(Math.abs(summary.totalLengthMeters - fileMeters) / fileMeters).toBeLessThan(0.005);
  });

  it("names the file and the fields it has when the class field is not one of them", async () => {
    await expect(importRoads(path.join(workDir, "no-field"), [FAXE_ROADS], { classField: "vejklasse" })).rejects.toThrow(
      `${FAXE_ROADS}: no field 'vejklasse' (--class-field); the features have: gruppe, type`,
    );
  });
});
