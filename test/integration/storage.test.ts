import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Kysely } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CAMERA_MODEL, groundToPixel, placeDetection } from "../../pipeline/defects/camera-model.js";
import { MERGEABLE_STATUSES, mergeSearchBounds, planMerge } from "../../pipeline/defects/merge.js";
import { destinationPoint, haversineDistanceMeters } from "../../pipeline/geo/geodesy.js";
import { DATABASE_FILE_NAME, openStorage, type Storage } from "../../pipeline/storage/database.js";
import type { NewDetection } from "../../pipeline/storage/detection-repository.js";
import { createSqliteDialect } from "../../pipeline/storage/dialect.js";
import type { NewFrame } from "../../pipeline/storage/frame-repository.js";
import { MediaStore, writeFileAtomic } from "../../pipeline/storage/media-store.js";
import { migrateToLatest } from "../../pipeline/storage/migrations.js";
import type { RoadwatchDatabase } from "../../pipeline/storage/schema.js";
import type { NewVideo } from "../../pipeline/storage/video-repository.js";

const tempDirs: string[] = [];
const opened: Storage[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-storage-"));
  tempDirs.push(dir);
  return dir;
}

async function open(dataDir: string): Promise<Storage> {
  const storage = await openStorage(dataDir);
  opened.push(storage);
  return storage;
}

function newVideo(hashDigit: string): NewVideo {
  return {
    contentHash: hashDigit.repeat(64),
    originalName: "VID_20250505_070000.mp4",
    storedPath: `media/videos/${hashDigit.repeat(2)}/${hashDigit.repeat(64)}`,
    sizeBytes: 5_000_000_000,
    deviceId: "phone-3",
    crew: "Vej og Park",
  };
}

const image = { width: 1920, height: 1080 };
const roadStart = { lat: 55.255, lon: 12.12 };

/** Frames every 0.5 s while driving north at 10 m/s from roadStart. */
function drive(videoId: number, startMs: number, count: number): NewFrame[] {
  return Array.from({ length: count }, (_, i) => ({
    videoId,
    frameTimeSeconds: i * 0.5,
    timeMs: startMs + i * 500,
    lat: roadStart.lat + (i * 5) / 111_195,
    lon: roadStart.lon,
    headingDegrees: 0,
    speedMps: 10,
    distanceMeters: i * 5,
    path: `media/frames/${videoId}/${String(i * 500).padStart(9, "0")}.jpg`,
  }));
}

describe("openStorage", () => {
  it("creates the data directory and its database file", async () => {
    const dataDir = path.join(await tempDir(), "nested", "data");
    await open(dataDir);
    expect(await readdir(dataDir)).toContain(DATABASE_FILE_NAME);
  });

  it("runs migrations again harmlessly, keeping the data", async () => {
    const dataDir = await tempDir();
    const first = await open(dataDir);
    const { video } = await first.videos.insertIfNew(newVideo("a"));
    await first.close();
    opened.splice(opened.indexOf(first), 1);

    const db = new Kysely<RoadwatchDatabase>({ dialect: createSqliteDialect(path.join(dataDir, DATABASE_FILE_NAME)) });
    try {
      await migrateToLatest(db);
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }

    const again = await open(dataDir);
    expect(await again.videos.get(video.id)).toEqual(video);
  });

  it("names the file when it is not a database", async () => {
    const dataDir = await tempDir();
    const file = path.join(dataDir, DATABASE_FILE_NAME);
    await writeFile(file, "these are not the bytes of an SQLite database ".repeat(100));
    await expect(openStorage(dataDir)).rejects.toThrow(`${file}: cannot open the database`);
  });
});

describe("videos", () => {
  it("inserts a video once per content hash", async () => {
    const storage = await open(await tempDir());
    const first = await storage.videos.insertIfNew(newVideo("b"));
    const second = await storage.videos.insertIfNew({ ...newVideo("b"), originalName: "copy.mp4" });
    const other = await storage.videos.insertIfNew(newVideo("c"));
    expect(first.created).toBe(true);
    expect(first.video).toMatchObject({ status: "queued", sizeBytes: 5_000_000_000, originalName: "VID_20250505_070000.mp4" });
    expect(second).toEqual({ video: first.video, created: false });
    expect(other.created).toBe(true);
    expect(other.video.id).not.toBe(first.video.id);
  });

  it("records probe results and status changes", async () => {
    const storage = await open(await tempDir());
    const { video } = await storage.videos.insertIfNew(newVideo("d"));
    const recordedStartMs = Date.parse("2025-05-05T07:00:00.000Z");
    await storage.videos.recordProbe(video.id, { durationSeconds: 612.4, recordedStartMs });
    await storage.videos.setStatus(video.id, { status: "processing", error: "ffprobe timed out" });
    expect(await storage.videos.listByStatus(["processing"])).toMatchObject([{ id: video.id, error: "ffprobe timed out" }]);
    await storage.videos.setStatus(video.id, { status: "processed" });
    const processed = await storage.videos.get(video.id);
    expect(processed).toMatchObject({ status: "processed", error: null, durationSeconds: 612.4, recordedStartMs });
    expect(processed?.processedAtMs).not.toBeNull();
    await storage.videos.markRawDeleted(video.id);
    expect((await storage.videos.get(video.id))?.rawDeletedAtMs).not.toBeNull();
  });

  it("keeps one track per video, replaced when saved again", async () => {
    const storage = await open(await tempDir());
    const { video } = await storage.videos.insertIfNew(newVideo("7"));
    const points = [
      { timeMs: Date.parse("2025-05-05T07:00:00Z"), lat: 55.255, lon: 12.12, speedMps: 9.5, headingDegrees: 2 },
      { timeMs: Date.parse("2025-05-05T07:00:01Z"), lat: 55.25509, lon: 12.12 },
    ];
    await storage.tracks.save({ videoId: video.id, format: "gpx", points, gpsCoveredSeconds: 1 });
    await storage.tracks.save({ videoId: video.id, format: "camm", points, gpsCoveredSeconds: 1 });
    expect(await storage.tracks.get(video.id)).toEqual({ videoId: video.id, format: "camm", points, gpsCoveredSeconds: 1 });
    expect(await storage.tracks.get(video.id + 1)).toBeNull();
  });
});

describe("jobs", () => {
  it("counts attempts, keeps results and lists what is unfinished", async () => {
    const storage = await open(await tempDir());
    const { video } = await storage.videos.insertIfNew(newVideo("e"));
    await storage.jobs.enqueue(video.id, ["probe", "telemetry"]);
    await storage.jobs.markRunning(video.id, "probe");
    await storage.jobs.markFailed(video.id, "probe", "ffprobe timed out");
    const retry = await storage.jobs.markRunning(video.id, "probe");
    expect(retry).toMatchObject({ status: "running", attempts: 2, error: null });
    await storage.jobs.markDone(video.id, "probe", { durationSeconds: 612.4 });

    expect(await storage.jobs.get(video.id, "probe")).toMatchObject({ status: "done", result: { durationSeconds: 612.4 } });
    expect((await storage.jobs.listUnfinished()).map((job) => [job.stage, job.status])).toEqual([["telemetry", "pending"]]);
    await expect(storage.jobs.markDone(video.id, "telemetry", null)).rejects.toThrow("is not running");
  });
});

describe("frames and detections", () => {
  it("inserting the same frames and detections twice creates no duplicates", async () => {
    const storage = await open(await tempDir());
    const { video } = await storage.videos.insertIfNew(newVideo("f"));
    // more than one INSERT's worth of rows
    const frames = drive(video.id, Date.parse("2025-05-05T07:00:00Z"), 1_200);
    expect(await storage.frames.insertMany(frames)).toBe(1_200);
    expect(await storage.frames.insertMany(frames)).toBe(0);
    const stored = await storage.frames.listForVideo(video.id);
    expect(stored).toHaveLength(1_200);
    expect(stored[3]).toMatchObject({ ...frames[3], id: expect.any(Number) });

    const detections: NewDetection[] = stored.slice(0, 3).flatMap((frame) => [
      { frameId: frame.id, classId: "D40", score: 0.8, box: [900, 700, 1000, 760] },
      { frameId: frame.id, classId: "D00", score: 0.5, box: [900, 700, 980, 900] },
    ]);
    expect(await storage.detections.insertMany(detections)).toBe(6);
    expect(await storage.detections.insertMany(detections)).toBe(0);
    expect(await storage.detections.listForVideo(video.id)).toHaveLength(6);
  });
});

describe("transactions", () => {
  it("leaves nothing behind when the work throws", async () => {
    const storage = await open(await tempDir());
    const failed = storage.transaction(async (tx) => {
      const { video } = await tx.videos.insertIfNew(newVideo("1"));
      await tx.frames.insertMany(drive(video.id, Date.now(), 10));
      throw new Error("disk full");
    });
    await expect(failed).rejects.toThrow("disk full");
    expect(await storage.videos.listByStatus(["queued"])).toEqual([]);
    // the same video can still be added: nothing of the failed attempt remains
    expect((await storage.videos.insertIfNew(newVideo("1"))).created).toBe(true);
  });

  it("keeps a merge plan that fails half-way from creating any defect", async () => {
    const storage = await open(await tempDir());
    const { video } = await storage.videos.insertIfNew(newVideo("2"));
    const mergeable = await locatedDetections(storage, video.id, Date.parse("2025-05-05T07:00:00Z"));
    const plan = planMerge(mergeable, []);
    const broken = { ...plan, updates: [{ ...plan.newDefects[0]!, defectId: 999, observations: [] }] };
    await expect(storage.defects.applyMergePlan(broken)).rejects.toThrow("defect 999");
    expect(await storage.defects.findInBounds(everywhere, MERGEABLE_STATUSES)).toEqual([]);
    expect(await storage.detections.listMergeable(video.id)).toHaveLength(mergeable.length);
  });
});

const everywhere = { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };

/** The box of a 0.4 m wide pothole seen `aheadMeters` ahead and 1.5 m right, from the camera model's own geometry. */
function potholeBox(aheadMeters: number): readonly [number, number, number, number] {
  const left = groundToPixel(DEFAULT_CAMERA_MODEL, image, { aheadMeters, lateralMeters: 1.3 });
  const right = groundToPixel(DEFAULT_CAMERA_MODEL, image, { aheadMeters, lateralMeters: 1.7 });
  if (left === null || right === null) throw new Error("the pothole must be in front of the camera");
  return [left.x, left.y - 30, right.x, right.y];
}

/** One pothole 40 m up the road, seen from 25, 20, 15 and 10 m away; returns the video's detections ready to merge. */
async function locatedDetections(storage: Storage, videoId: number, startMs: number) {
  await storage.frames.insertMany(drive(videoId, startMs, 10));
  const frames = await storage.frames.listForVideo(videoId);
  await storage.detections.insertMany(
    frames.slice(3, 7).map((frame) => ({
      frameId: frame.id,
      classId: "D40",
      score: 0.6 + frame.frameTimeSeconds / 10,
      box: potholeBox(40 - frame.distanceMeters),
    })),
  );
  const placements = (await storage.detections.listForVideo(videoId)).map((detection) => ({
    detectionId: detection.id,
    placement: placeDetection(DEFAULT_CAMERA_MODEL, image, { ...detection.frame, headingDegrees: 0 }, detection.box),
  }));
  await storage.detections.setPlacements(placements);
  return storage.detections.listMergeable(videoId);
}

describe("defects", () => {
  it("merges a first drive into a new defect and a second drive into the same one", async () => {
    const storage = await open(await tempDir());
    const monday = Date.parse("2025-05-05T07:00:00Z");
    const { video: first } = await storage.videos.insertIfNew(newVideo("3"));
    const mergeable = await locatedDetections(storage, first.id, monday);
    expect(mergeable).toHaveLength(4);

    const bounds = mergeSearchBounds(mergeable)!;
    const firstCandidates = await storage.defects.findMergeCandidates(bounds, MERGEABLE_STATUSES);
    expect(firstCandidates).toEqual([]);
    const applied = await storage.defects.applyMergePlan(planMerge(mergeable, firstCandidates));
    expect(applied.createdDefectIds).toHaveLength(1);
    expect(await storage.detections.listMergeable(first.id)).toEqual([]);

    const { video: second } = await storage.videos.insertIfNew(newVideo("4"));
    const tuesday = await locatedDetections(storage, second.id, monday + 86_400_000);
    const candidates = await storage.defects.findMergeCandidates(mergeSearchBounds(tuesday)!, MERGEABLE_STATUSES);
    expect(candidates.map((c) => c.sightings.length)).toEqual([4]);
    const secondApplied = await storage.defects.applyMergePlan(planMerge(tuesday, candidates));
    expect(secondApplied).toEqual({ createdDefectIds: [], updatedDefectIds: applied.createdDefectIds });

    const defect = await storage.defects.get(applied.createdDefectIds[0]!);
    expect(defect).toMatchObject({
      classId: "D40",
      status: "open",
      observationCount: 8,
      missedPasses: 0,
      firstSeenMs: monday + 1500,
    });
    expect(defect?.bestObservationId).not.toBeNull();
    const pothole = destinationPoint(destinationPoint(roadStart, 0, 40), 90, 1.5);
    expect(haversineDistanceMeters(pothole, defect!)).toBeLessThan(0.05);
    expect(defect?.maxWidthMeters).toBeCloseTo(0.4, 3);
    expect(defect?.severity.reasons.length).toBeGreaterThan(0);
    expect((await storage.defects.findMergeCandidates(bounds, MERGEABLE_STATUSES))[0]?.sightings).toHaveLength(8);

    const media = { photoPath: "media/defects/1/photo.jpg", cropPath: "media/defects/1/crop.jpg", thumbnailPath: null };
    await storage.defects.setMedia(defect!.id, media);
    expect((await storage.defects.get(defect!.id))?.media).toEqual(media);
  });

  it("stores passes once per video and the repair state derived from them", async () => {
    const storage = await open(await tempDir());
    const { video } = await storage.videos.insertIfNew(newVideo("5"));
    const mergeable = await locatedDetections(storage, video.id, Date.parse("2025-05-05T07:00:00Z"));
    const { createdDefectIds } = await storage.defects.applyMergePlan(planMerge(mergeable, []));
    const defectId = createdDefectIds[0]!;
    const { video: later } = await storage.videos.insertIfNew(newVideo("6"));

    await storage.passes.record([{ defectId, videoId: video.id, seen: true, passedAtMs: Date.parse("2025-05-05T07:00:02Z") }]);
    await storage.passes.record([{ defectId, videoId: later.id, seen: false, passedAtMs: Date.parse("2025-05-12T07:00:00Z") }]);
    await storage.passes.record([{ defectId, videoId: later.id, seen: false, passedAtMs: Date.parse("2025-05-12T07:00:00Z") }]);
    expect(await storage.passes.listForDefect(defectId)).toEqual([
      { seen: true, passedAtMs: Date.parse("2025-05-05T07:00:02Z") },
      { seen: false, passedAtMs: Date.parse("2025-05-12T07:00:00Z") },
    ]);

    await storage.defects.setRepairState(defectId, { status: "not_seen_again", missedPasses: 2 });
    expect(await storage.defects.get(defectId)).toMatchObject({ status: "not_seen_again", missedPasses: 2 });
    expect(await storage.defects.findInBounds(everywhere, ["open"])).toEqual([]);
  });
});

describe("media store", () => {
  it("writes files atomically, leaving no temporary file behind", async () => {
    const dataDir = await tempDir();
    const media = new MediaStore(dataDir);
    const photo = media.defectMediaPaths(12).photo;
    await media.write(photo, "first");
    await media.write(photo, "second");
    expect(await readFile(media.absolutePath(photo), "utf8")).toBe("second");
    expect(await readdir(path.dirname(media.absolutePath(photo)))).toEqual(["photo.jpg"]);
  });

  it("removes the temporary file when the rename fails", async () => {
    const dir = await tempDir();
    const target = path.join(dir, "occupied");
    await writeFileAtomic(path.join(target, "inner"), "a directory now sits where the file should go");
    await expect(writeFileAtomic(target, "data")).rejects.toThrow();
    expect(await readdir(dir)).toEqual(["occupied"]);
  });

  it("names files by hash and id, and refuses anything else", () => {
    const media = new MediaStore("/srv/roadwatch");
    expect(media.videoPath("ab".repeat(32))).toBe(path.join("media", "videos", "ab", "ab".repeat(32)));
    expect(media.framePath(7, 12.345)).toBe(path.join("media", "frames", "7", "000012345.jpg"));
    expect(() => media.videoPath("../../etc/passwd")).toThrow("not a lower-case hex sha256");
    expect(() => media.framePath(0, 1)).toThrow("video id must be a positive integer");
    expect(() => media.absolutePath("../outside.jpg")).toThrow("not inside");
  });
});
