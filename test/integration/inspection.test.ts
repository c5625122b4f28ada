/**
 * A processed video inspects the roads it drove: a short clip whose GPX follows a Faxe municipal road, through the
 * whole pipeline after the Faxe network was imported.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readGeoPackageLines } from "../../pipeline/adapters/geopackage.js";
import { projectorToWgs84 } from "../../pipeline/adapters/projection.js";
import type { CommandOutput } from "../../pipeline/cli/command-output.js";
import { runProcessCommand } from "../../pipeline/cli/process-command.js";
import { loadConfig } from "../../pipeline/config.js";
import { CoverageService } from "../../pipeline/coverage/coverage-service.js";
import { processingSettings } from "../../pipeline/processing/processing-service.js";
import { LocalProjection } from "../../pipeline/roads/local-projection.js";
import { Polyline } from "../../pipeline/roads/polyline.js";
import { importRoadNetwork } from "../../pipeline/roads/road-import.js";
import { JUNCTION_SNAP_METERS } from "../../pipeline/roads/road-segments.js";
import type { TrackPoint } from "../../pipeline/telemetry/track-point.js";
import { makeClip, makeSlideshowClip, toGpx } from "../support/make-clip.js";
import { seededRandom } from "../support/seeded-random.js";
import { withStorage } from "../support/storage.js";

const config = loadConfig();
const FAXE_ROADS = path.resolve(process.cwd(), "../shared/roads/faxe/vej_myndighed.gpkg");
const SLIDES = ["India_002185.jpg", "India_006590.jpg"].map((name) => path.resolve("sample-data/frames", name));
const RECORDED_AT = new Date("2026-11-17T09:15:00Z");
const SPEED_MPS = 10;
const CLIP_SECONDS = 24;

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-inspection-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** A straight municipal road of 300-800 m in Faxe, and its line in WGS84. */
function straightFaxeRoad(): { fid: number; coordinates: [number, number][] } {
  const layer = readGeoPackageLines(FAXE_ROADS);
  const toWgs84 = projectorToWgs84(layer.crs);
  const road = layer.features.find(({ properties, lines }) => {
    if (properties.type !== "Off. kommunevej" || lines.length !== 1) return false;
    const line = lines[0]!;
    const length = new Polyline(line).lengthMeters;
    const span = Math.hypot(line.at(-1)![0] - line[0]![0], line.at(-1)![1] - line[0]![1]);
    return length > 300 && length < 800 && span > 0.98 * length;
  })!;
  return { fid: road.fid, coordinates: road.lines[0]!.map((xy) => toWgs84(xy)) };
}

/** A fix every second along the road from its start at SPEED_MPS, off by up to a few metres as phone GPS is. */
function trackAlong(coordinates: [number, number][]): TrackPoint[] {
  const plane = LocalProjection.around(coordinates);
  const line = new Polyline(coordinates.map((position) => plane.toMeters(position)));
  const random = seededRandom(17);
  return Array.from({ length: CLIP_SECONDS + 1 }, (_, second) => {
    const [x, y] = line.pointAt(second * SPEED_MPS);
    const [lon, lat] = plane.toLonLat([x + 6 * (random() - 0.5), y + 6 * (random() - 0.5)]);
    return { timeMs: RECORDED_AT.getTime() + second * 1000, lat, lon };
  });
}

async function processNow(paths: string[], dataDir: string): Promise<{ exitCode: number; stdout: string }> {
  let stdout = "";
  const output: CommandOutput = { stdout: (text) => void (stdout += text), stderr: () => undefined };
  const settings = { ...processingSettings(config, dataDir), threads: 2, timeZone: "Europe/Copenhagen" };
  const exitCode = await runProcessCommand(paths, settings, { json: false, progress: "lines" }, output);
  return { exitCode, stdout };
}

describe("a drive along a Faxe road, processed after the road network was imported", () => {
  let dataDir: string;
  let road: ReturnType<typeof straightFaxeRoad>;
  let run: Awaited<ReturnType<typeof processNow>>;

  beforeAll(async () => {
    road = straightFaxeRoad();
    const folder = path.join(workDir, "drive");
    await mkdir(folder, { recursive: true });
    const video = path.join(folder, "drive.mp4");
    await makeSlideshowClip({
      outPath: video,
      slides: SLIDES,
      slideSeconds: 2,
      durationSeconds: CLIP_SECONDS,
      creationTime: RECORDED_AT,
      ffmpegPath: config.ffmpegPath,
    });
    await writeFile(path.join(folder, "drive.gpx"), toGpx(trackAlong(road.coordinates)));
    dataDir = path.join(workDir, "data");
    await withStorage(dataDir, (storage) =>
      importRoadNetwork(storage, [FAXE_ROADS], { classField: "type", nameField: null, crs: null, maxSegmentLengthMeters: 100, snapMeters: JUNCTION_SNAP_METERS }),
    );
    run = await processNow([video], dataDir);
  }, 300_000);

  it("records the road's segments it drove along as inspected on the drive's date, and no others", async () => {
    expect(run.exitCode).toBe(0);
    await withStorage(dataDir, async (storage) => {
      const [video] = await storage.videos.listByStatus(["processed"]);
      const inspections = await storage.inspections.listForVideo(video!.id);
      const segments = new Map((await storage.roadSegments.listSummaries()).map((segment) => [segment.id, segment]));
      const inspected = inspections.filter(({ segmentId, coveredMeters }) => coveredMeters >= 0.5 * segments.get(segmentId)!.lengthMeters);

      // 240 m driven from the road's start: its first segments, up to 100 m each
      const drivenMeters = inspected.reduce((total, inspection) => total + inspection.coveredMeters, 0);
      expect(drivenMeters).toBeGreaterThan(180);
      expect(drivenMeters).toBeLessThan(250);
      expect(inspected.every(({ segmentId }) => segments.get(segmentId)!.sourceId === road.fid)).toBe(true);
      expect(new Set(inspections.map((inspection) => inspection.inspectedOn))).toEqual(new Set(["2026-11-17"]));
      const elsewhere = inspections.filter(({ segmentId }) => segments.get(segmentId)!.sourceId !== road.fid);
      expect(elsewhere.reduce((total, inspection) => total + inspection.coveredMeters, 0)).toBeLessThan(20);
    });
  });

  it("puts the drive's detections and defects on the road's segments", async () => {
    await withStorage(dataDir, async (storage) => {
      const [video] = await storage.videos.listByStatus(["processed"]);
      const detections = await storage.roadSegments.locatedDetections(video!.id);
      const defects = await storage.roadSegments.defectPoints();
      const roadSegmentIds = new Set((await storage.roadSegments.listSummaries()).filter((s) => s.sourceId === road.fid).map((s) => s.id));
      expect(detections.length).toBeGreaterThan(0);
      expect(defects.length).toBeGreaterThan(0);
      expect(detections.every((detection) => roadSegmentIds.has(detection.segmentId!))).toBe(true);
      expect(defects.every((defect) => roadSegmentIds.has(defect.segmentId!))).toBe(true);
    });
  });

  it("counts the inspected kilometres towards the road class's coverage from that day", async () => {
    const summary = await withStorage(dataDir, (storage) =>
      new CoverageService(storage, { defaultIntervals: { "Off. kommunevej": 28 }, timeZone: "Europe/Copenhagen" }).summary("2026-11-20"),
    );
    const municipal = summary.classes.find((row) => row.roadClass === "Off. kommunevej")!;
    // whole segments count: 240 m driven, and the last segment driven more than half of
    expect(municipal.withinPolicyKm).toBeGreaterThan(0.18);
    expect(municipal.withinPolicyKm).toBeLessThan(0.3);
    expect(summary.weekly.at(-1)).toMatchObject({ weekStart: "2026-11-16" });
    expect(summary.weekly.at(-1)!.inspectedKm).toBeCloseTo(municipal.withinPolicyKm, 6);
  });
});

describe("a drive processed before any road network was imported", () => {
  it("is processed, with a warning that its roads were not recorded", async () => {
    const folder = path.join(workDir, "no-network");
    await mkdir(folder, { recursive: true });
    const video = path.join(folder, "drive.mp4");
    await makeClip({ outPath: video, durationSeconds: 6, width: 320, height: 240, creationTime: RECORDED_AT, ffmpegPath: config.ffmpegPath });
    await writeFile(path.join(folder, "drive.gpx"), toGpx(trackAlong(straightFaxeRoad().coordinates).slice(0, 7)));

    const { exitCode, stdout } = await processNow([video], path.join(workDir, "no-network-data"));

    expect(exitCode).toBe(0);
    expect(stdout).toContain("warning: no road network imported (roadwatch roads import): the drive's roads were not recorded");
  });
});
