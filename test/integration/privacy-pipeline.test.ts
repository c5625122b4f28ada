/**
 * The pipeline's own order, with the real models: a drive past a pothole with a person and a parked car in view
 * goes through `processVideos`, and every picture it stores (kept frames, evidence photos) has the face and the
 * plate obscured, with nothing unblurred left on disk.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRgb, encodeJpeg, type RawRgbImage } from "../../pipeline/adapters/image.js";
import { loadConfig } from "../../pipeline/config.js";
import { DEFAULT_CAMERA_PROFILES } from "../../pipeline/defects/camera-model.js";
import { DEFECT_STATUSES } from "../../pipeline/defects/defect.js";
import type { Box } from "../../pipeline/detector/box.js";
import { type ProcessingSummary, processingSettings, processVideos } from "../../pipeline/processing/processing-service.js";
import type { ProcessingProgress } from "../../pipeline/processing/progress.js";
import { detailInside } from "../support/image-detail.js";
import { driveTrack, FAXE, makeSlideshowClip, toGpx } from "../support/make-clip.js";
import { renderScene } from "../support/privacy-scene.js";
import { withStorage } from "../support/storage.js";

const config = loadConfig();
/** a 512 × 512 road photo whose pothole the damage model finds, in the lower right; sky and verge above */
const POTHOLE_PHOTO = path.resolve("sample-data/frames/India_002185.jpg");
const MAX_DETAIL_LEFT = 0.15;
const SILENT: ProcessingProgress = { videoStarted() {}, stageStarted() {}, framesDetected() {}, videoFinished() {}, note() {} };

let workDir: string;
let dataDir: string;
let scene: { image: RawRgbImage; truth: Box[] };
let summary: ProcessingSummary;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-privacy-"));
  scene = await renderScene({
    width: 512,
    height: 512,
    background: await readFile(POTHOLE_PHOTO),
    items: [
      { kind: "face", x: 400, y: 110, widthPixels: 56 },
      { kind: "plate", x: 20, y: 230, widthPixels: 110 },
    ],
  });
  const folder = path.join(workDir, "drive");
  await mkdir(folder);
  const slide = path.join(workDir, "slide.jpg");
  await writeFile(slide, await encodeJpeg(scene.image, 95));
  const recordedAt = new Date("2024-05-06T06:30:00Z");
  const video = path.join(folder, "drive.mp4");
  await makeSlideshowClip({
    outPath: video,
    slides: [slide],
    slideSeconds: 12,
    durationSeconds: 12,
    creationTime: recordedAt,
    ffmpegPath: config.ffmpegPath,
  });
  const track = driveTrack({ ...FAXE, timeMs: recordedAt.getTime(), bearingDegrees: 60 }, [{ seconds: 12, speedMps: 5 }]);
  await writeFile(path.join(folder, "drive.gpx"), toGpx(track));

  dataDir = path.join(workDir, "data");
  const settings = processingSettings({ ...config, threads: 2, defaultTimeZone: "UTC", retentionDays: 14, cameras: DEFAULT_CAMERA_PROFILES }, dataDir);
  summary = await processVideos([video], settings, SILENT);
}, 300_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The stored picture, decoded, with how much of the face's and the plate's detail is left in it. */
async function detailLeft(relativePath: string): Promise<{ face: number; plate: number }> {
  const stored = await decodeRgb(await readFile(path.join(dataDir, relativePath)));
  const [face, plate] = scene.truth as [Box, Box];
  return {
    face: detailInside(stored, face) / detailInside(scene.image, face),
    plate: detailInside(stored, plate) / detailInside(scene.image, plate),
  };
}

describe("a drive past a person and a parked car", () => {
  it("is processed with the face and the plate counted as blurred in the summary", () => {
    expect(summary.outcomes.map((outcome) => outcome.status)).toEqual(["processed"]);
    expect(summary.privacyEnabled).toBe(true);
    expect(summary.counts.detections).toBeGreaterThan(0);
    expect(summary.counts.facesBlurred).toBeGreaterThan(0);
    expect(summary.counts.platesBlurred).toBeGreaterThan(0);
  });

  it("keeps every frame with the face and the plate obscured", async () => {
    const frames = await withStorage(dataDir, (storage) => storage.frames.listForVideo(1));
    expect(frames.length).toBeGreaterThan(0);
    // one of each per kept frame
    expect(summary.counts.facesBlurred).toBe(frames.length);
    expect(summary.counts.platesBlurred).toBe(frames.length);
    for (const frame of frames) {
      const left = await detailLeft(frame.path);
      expect(left.face, frame.path).toBeLessThan(MAX_DETAIL_LEFT);
      expect(left.plate, frame.path).toBeLessThan(MAX_DETAIL_LEFT);
    }
  });

  it("makes the defects' evidence photos from the obscured frames", async () => {
    const everywhere = { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };
    const defects = await withStorage(dataDir, (storage) => storage.defects.findInBounds(everywhere, DEFECT_STATUSES));
    expect(defects.length).toBeGreaterThan(0);
    for (const defect of defects) {
      const left = await detailLeft(defect.media.photoPath!);
      expect(left.face).toBeLessThan(MAX_DETAIL_LEFT);
      expect(left.plate).toBeLessThan(MAX_DETAIL_LEFT);
    }
  });

  it("leaves no temporary or partial picture behind in the media store", async () => {
    const files = await readdir(path.join(dataDir, "media"), { recursive: true });
    expect(files.filter((name) => /\.(tmp|partial)$/.test(name))).toEqual([]);
  });
});
