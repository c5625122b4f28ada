import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FfmpegAdapter } from "../../pipeline/adapters/ffmpeg.js";
import { readImageSize } from "../../pipeline/adapters/image.js";
import type { CommandOutput } from "../../pipeline/cli/command-output.js";
import { runProcessCommand } from "../../pipeline/cli/process-command.js";
import { loadConfig } from "../../pipeline/config.js";
import { DEFECT_STATUSES } from "../../pipeline/defects/defect.js";
import { haversineDistanceMeters } from "../../pipeline/geo/geodesy.js";
import { DEFAULT_CAMERA_PROFILES } from "../../pipeline/defects/camera-model.js";
import { type ProcessingSettings, processingSettings } from "../../pipeline/processing/processing-service.js";
import { deleteExpiredRawVideos } from "../../pipeline/processing/retention.js";
import { MediaStore } from "../../pipeline/storage/media-store.js";
import { driveTrack, FAXE, makeSlideshowClip, toGpx, type DriveLeg } from "../support/make-clip.js";
import { withStorage } from "../support/storage.js";

const run = promisify(execFile);
const config = loadConfig();

const MODEL_MANIFEST = path.resolve("models/damage/roadwatch-damage.manifest.json");

const SLIDES = ["India_002185.jpg", "India_006590.jpg"].map((name) => path.resolve("sample-data/frames", name));
const SLIDE_SECONDS = 2;
// 10 s at 5 m/s, a 4 s stop, 10 s at 5 m/s bending right: 100 m, a frame every 5 m, each slide in two or three of them
const CLIP_SECONDS = 24;
const DRIVE: DriveLeg[] = [
  { seconds: 10, speedMps: 5 },
  { seconds: 4, speedMps: 0 },
  { seconds: 10, speedMps: 5, turnDegreesPerSecond: 3 },
];
const DAY_ONE = new Date("2024-05-06T06:30:00Z");
const DAY_TWO = new Date("2024-05-07T07:10:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-process-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/**
 * FOLDER/drive.mp4, road photos with potholes shown two seconds each as a 512×512 30 fps H.264 clip recorded at
 * `recordedAt`, and FOLDER/drive.gpx with the drive of the same moment.
 */
async function driveClip(folderName: string, recordedAt: Date, clipSeconds = CLIP_SECONDS, drive = DRIVE): Promise<string> {
  const folder = path.join(workDir, folderName);
  await mkdir(folder, { recursive: true });
  const video = path.join(folder, "drive.mp4");
  await makeSlideshowClip({
    outPath: video,
    slides: SLIDES,
    slideSeconds: SLIDE_SECONDS,
    durationSeconds: clipSeconds,
    creationTime: recordedAt,
    ffmpegPath: config.ffmpegPath,
  });
  const track = driveTrack({ ...FAXE, timeMs: recordedAt.getTime(), bearingDegrees: 60 }, drive);
  await writeFile(path.join(folder, "drive.gpx"), toGpx(track));
  return video;
}

function settings(dataDir: string): ProcessingSettings {
  const testConfig = { ...config, modelManifestPath: MODEL_MANIFEST, threads: 2, defaultTimeZone: "UTC", retentionDays: 14, cameras: DEFAULT_CAMERA_PROFILES };
  return processingSettings(testConfig, dataDir);
}

interface JsonSummary {
  videos: number;
  frames: number;
  detections: number;
  defects: { created: number; updated: number };
  errors: Array<{ file: string; problem: string }>;
  quarantined: number;
  unchanged: Array<{ file: string; reason: string }>;
  rawVideosDeleted: number;
}

async function processNow(paths: string[], dataDir: string): Promise<{ exitCode: number; summary: JsonSummary; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const output: CommandOutput = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
  const exitCode = await runProcessCommand(paths, settings(dataDir), { json: true, progress: "lines" }, output);
  return { exitCode, summary: JSON.parse(stdout) as JsonSummary, stderr };
}

/** Everything the pipeline stored about its videos' findings, in a form two runs can be compared by. */
async function findings(dataDir: string) {
  return withStorage(dataDir, async (storage) => {
    const videos = await storage.videos.listByStatus(["queued", "processing", "processed", "quarantined", "deleted"]);
    const frames = (await Promise.all(videos.map((video) => storage.frames.listForVideo(video.id)))).flat();
    const detections = (await Promise.all(videos.map((video) => storage.detections.listForVideo(video.id)))).flat();
    const everywhere = { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };
    const defects = await storage.defects.findInBounds(everywhere, DEFECT_STATUSES);
    const frameTimeById = new Map(frames.map((frame) => [frame.id, frame.frameTimeSeconds]));
    return {
      videos,
      frames,
      detections,
      defects,
      observations: defects.reduce((total, defect) => total + defect.observationCount, 0),
      /** what was found where, without database ids */
      detectionKeys: detections.map((d) => `${frameTimeById.get(d.frameId)} ${d.classId} ${d.box.join(",")} ${d.score}`).sort(),
    };
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

describe("a night's run over a folder with a drive and a corrupt file", () => {
  let dataDir: string;
  let folder: string;
  let video: string;
  let corrupt: string;
  let first: Awaited<ReturnType<typeof processNow>>;
  let afterFirst: Awaited<ReturnType<typeof findings>>;

  beforeAll(async () => {
    video = await driveClip("night", DAY_ONE);
    folder = path.dirname(video);
    corrupt = path.join(folder, "corrupt.mp4");
    await writeFile(corrupt, Buffer.from("this is no video, just bytes that were uploaded under a video's name\n".repeat(200)));
    dataDir = path.join(workDir, "night-data");
    first = await processNow([folder], dataDir);
    afterFirst = await findings(dataDir);
  }, 180_000);

  it("processes the drive: a frame every 5 m through the detector, placed detections, defects with evidence", async () => {
    expect(first.summary).toMatchObject({ videos: 1, quarantined: 1 });
    // 100 m driven: a frame every 5 m, none in the stop
    expect(first.summary.frames).toBeGreaterThanOrEqual(19);
    expect(first.summary.frames).toBeLessThanOrEqual(22);
    const { frames, detections, defects } = afterFirst;
    expect(first.summary.detections).toBe(detections.length);
    expect(first.summary.defects).toEqual({ created: defects.length, updated: 0 });
    expect(detections.length).toBeGreaterThan(0);
    expect(defects.length).toBeGreaterThan(0);
    // each pothole slide is on screen for two or three sampled frames: its sightings merge into one defect
    expect(defects.length).toBeLessThan(detections.length);
    expect(Math.max(...defects.map((defect) => defect.observationCount))).toBeGreaterThanOrEqual(2);

    // only frames with detections are kept, each as its JPEG
    const framesWithDetections = new Set(detections.map((detection) => detection.frameId));
    const ascending = (a: number, b: number) => a - b;
    expect(frames.map((frame) => frame.id).sort(ascending)).toEqual([...framesWithDetections].sort(ascending));
    for (const frame of frames) {
      expect(await readImageSize(path.join(dataDir, frame.path))).toEqual({ width: 512, height: 512 });
    }
    for (const defect of defects) {
      expect(defect.observationCount).toBeGreaterThan(0);
      const { photoPath, cropPath, thumbnailPath } = defect.media;
      expect(await readImageSize(path.join(dataDir, photoPath!))).toEqual({ width: 512, height: 512 });
      const crop = await readImageSize(path.join(dataDir, cropPath!));
      expect(crop.width).toBeLessThanOrEqual(512);
      expect(crop.height).toBeGreaterThan(0);
      expect(await readImageSize(path.join(dataDir, thumbnailPath!))).toEqual({ width: 320, height: 320 });
    }
  });

  it("puts each defect where its detections were placed: within the camera's range of the drive", async () => {
    const { defects } = afterFirst;
    const track = driveTrack({ ...FAXE, timeMs: DAY_ONE.getTime(), bearingDegrees: 60 }, DRIVE);
    for (const defect of defects) {
      const nearestMeters = Math.min(...track.map((point) => haversineDistanceMeters(point, defect)));
      expect(nearestMeters).toBeLessThan(35);
    }
  });

  it("sets the corrupt file aside in quarantine with the reason, and says so", async () => {
    expect(first.exitCode).toBe(1);
    expect(first.summary.errors).toEqual([{ file: corrupt, problem: expect.stringMatching(/^not a readable video/) }]);
    expect(first.stderr).toMatch(/corrupt\.mp4: not a readable video/);
    const quarantined = afterFirst.videos.find((v) => v.originalName === "corrupt.mp4")!;
    expect(quarantined.status).toBe("quarantined");
    expect(quarantined.quarantineReason).toMatch(/^not a readable video/);
    const setAside = path.join(dataDir, "quarantine", `${quarantined.contentHash}.mp4`);
    expect((await readFile(setAside)).equals(await readFile(corrupt))).toBe(true);
    expect(await readFile(path.join(dataDir, "quarantine", `${quarantined.contentHash}.txt`), "utf8")).toMatch(/corrupt\.mp4/);
  });

  it("keeps the raw video in the media store under its content hash", async () => {
    const processed = afterFirst.videos.find((v) => v.originalName === "drive.mp4")!;
    expect(processed.status).toBe("processed");
    const bytes = await readFile(video);
    expect(processed.contentHash).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect((await readFile(path.join(dataDir, processed.storedPath))).equals(bytes)).toBe(true);
  });

  it("does nothing new when the same files come again, and says so", async () => {
    const again = await processNow([folder], dataDir);
    expect(again.exitCode).toBe(0);
    expect(again.summary).toMatchObject({ videos: 0, frames: 0, detections: 0, defects: { created: 0, updated: 0 }, errors: [] });
    expect(again.summary.unchanged).toEqual([
      { file: corrupt, reason: expect.stringMatching(/^in quarantine since an earlier run: not a readable video/) },
      { file: video, reason: expect.stringMatching(/^already processed as video \d+: nothing new$/) },
    ]);
    const afterAgain = await findings(dataDir);
    expect(afterAgain.detectionKeys).toEqual(afterFirst.detectionKeys);
    expect(afterAgain.frames).toHaveLength(afterFirst.frames.length);
    expect(afterAgain.defects).toEqual(afterFirst.defects);
  });

  it("adds the next day's drive of the same road as observations of the same defects", async () => {
    const nextDay = await driveClip("next-day", DAY_TWO);
    const result = await processNow([nextDay], dataDir);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ videos: 1, defects: { created: 0 } });
    expect(result.summary.defects.updated).toBeGreaterThan(0);
    const afterNextDay = await findings(dataDir);
    expect(afterNextDay.defects.map((defect) => defect.id)).toEqual(afterFirst.defects.map((defect) => defect.id));
    // the same frames at the same places: each placed detection of the first day has its twin on the second
    expect(afterNextDay.observations).toBe(2 * afterFirst.observations);
    for (const defect of afterNextDay.defects) {
      expect(defect.firstSeenMs).toBeLessThan(DAY_TWO.getTime());
      const passes = await withStorage(dataDir, (storage) => storage.passes.listForDefect(defect.id));
      expect(passes[0]).toMatchObject({ seen: true });
      expect(passes.length).toBeLessThanOrEqual(2);
    }
    expect(afterNextDay.defects.filter((defect) => defect.lastSeenMs >= DAY_TWO.getTime())).toHaveLength(result.summary.defects.updated);
  });

  it("deletes raw videos processed longer ago than the retention period, keeping the defects' frames", async () => {
    const media = new MediaStore(dataDir);
    const notes: string[] = [];
    const note = (message: string) => void notes.push(message);
    const deletedAfter = (days: number) =>
      withStorage(dataDir, (storage) =>
        deleteExpiredRawVideos(storage, media, { retentionDays: 14, nowMs: Date.now() + days * DAY_MS }, note),
      );
    expect(await deletedAfter(13)).toBe(0);
    expect(await deletedAfter(15)).toBe(2);
    expect(await deletedAfter(15)).toBe(0);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^deleted the raw video of drive\.mp4 \(video \d+, processed \d{4}-\d{2}-\d{2}\): older than 14 days$/);
    const audit = await withStorage(dataDir, (storage) => storage.audit.list({ action: "footage.deleted", limit: 10, offset: 0 }));
    expect(audit.entries.map((entry) => [entry.actor, entry.action])).toEqual([
      ["retention", "footage.deleted"],
      ["retention", "footage.deleted"],
    ]);
    const { videos, frames, defects } = await findings(dataDir);
    for (const processed of videos.filter((v) => v.status === "processed")) {
      expect(processed.rawDeletedAtMs).not.toBeNull();
      expect(await exists(path.join(dataDir, processed.storedPath))).toBe(false);
    }
    for (const frame of frames) expect(await exists(path.join(dataDir, frame.path))).toBe(true);
    for (const defect of defects) expect(await exists(path.join(dataDir, defect.media.photoPath!))).toBe(true);
    // the quarantined file stays for a person to look at
    const quarantined = videos.find((v) => v.status === "quarantined")!;
    expect(quarantined.rawDeletedAtMs).toBeNull();
    expect(await exists(path.join(dataDir, "quarantine", `${quarantined.contentHash}.mp4`))).toBe(true);
  });
});

describe("a run killed in the middle of a video", () => {
  const KILL_CLIP_SECONDS = 40;
  const KILL_DRIVE: DriveLeg[] = [{ seconds: 40, speedMps: 5 }];
  let video: string;
  let killedSignal: NodeJS.Signals | null;
  let framesDoneWhenKilled: number;
  let restart: Awaited<ReturnType<typeof processNow>>;
  let resumed: Awaited<ReturnType<typeof findings>>;
  let uninterruptedRun: Awaited<ReturnType<typeof processNow>>;
  let uninterrupted: Awaited<ReturnType<typeof findings>>;

  beforeAll(async () => {
    // the child runs the compiled pipeline: type checking is the typecheck step's business, not this build's
    await run("npx", ["tsc", "-p", "tsconfig.build.json", "--noCheck"]);
    video = await driveClip("long-drive", DAY_ONE, KILL_CLIP_SECONDS, KILL_DRIVE);

    const killedDir = path.join(workDir, "killed-data");
    const script = path.join(workDir, "process-child.mjs");
    const dist = (file: string) => pathToFileURL(path.resolve("dist", file)).href;
    await writeFile(
      script,
      [
        `import { runProcessCommand } from "${dist("pipeline/cli/process-command.js")}";`,
        `import { processOutput } from "${dist("pipeline/cli/command-output.js")}";`,
        `const [settings, paths] = process.argv.slice(2).map((arg) => JSON.parse(arg));`,
        `process.exitCode = await runProcessCommand(paths, settings, { json: true, progress: "lines" }, processOutput);`,
      ].join("\n"),
    );
    const child = spawn(process.execPath, [script, JSON.stringify(settings(killedDir)), JSON.stringify([video])], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    framesDoneWhenKilled = 0;
    createInterface({ input: child.stderr }).on("line", (line) => {
      const progress = /: detect (\d+)\/(\d+) frames/.exec(line);
      if (progress === null || framesDoneWhenKilled > 0) return;
      const [done, total] = [Number(progress[1]), Number(progress[2])];
      if (done >= total * 0.3 && done < total) {
        framesDoneWhenKilled = done;
        child.kill("SIGKILL");
      }
    });
    killedSignal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));

    restart = await processNow([video], killedDir);
    resumed = await findings(killedDir);
    const uninterruptedDir = path.join(workDir, "uninterrupted-data");
    uninterruptedRun = await processNow([video], uninterruptedDir);
    uninterrupted = await findings(uninterruptedDir);
  }, 300_000);

  it("was stopped while the detector was working through the video", () => {
    expect(killedSignal).toBe("SIGKILL");
    expect(framesDoneWhenKilled).toBeGreaterThan(0);
  });

  it("goes on from where it stopped instead of starting the video over", () => {
    expect(restart.exitCode).toBe(0);
    expect(restart.summary.videos).toBe(1);
    // the frames done before the kill are not done again
    expect(restart.summary.frames).toBeLessThanOrEqual(uninterruptedRun.summary.frames - framesDoneWhenKilled);
    expect(restart.summary.frames).toBeGreaterThan(0);
  });

  it("ends with the same frames, detections and defects as a run that was never stopped, none twice", () => {
    expect(resumed.detections.length).toBeGreaterThan(0);
    expect(resumed.detectionKeys).toEqual(uninterrupted.detectionKeys);
    expect(new Set(resumed.detectionKeys).size).toBe(resumed.detectionKeys.length);
    expect(resumed.frames.map((frame) => frame.frameTimeSeconds)).toEqual(uninterrupted.frames.map((frame) => frame.frameTimeSeconds));
    expect(resumed.defects.length).toBe(uninterrupted.defects.length);
    expect(resumed.observations).toBe(uninterrupted.observations);
    expect(resumed.defects.map(({ lat, lon, classId, observationCount }) => ({ lat, lon, classId, observationCount }))).toEqual(
      uninterrupted.defects.map(({ lat, lon, classId, observationCount }) => ({ lat, lon, classId, observationCount })),
    );
  });
});

describe("raw video frames from ffmpeg", () => {
  it("hands over the wanted frames as the same RGB pixels ffmpeg's own decoder gives, with their timestamps", async () => {
    const video = await driveClip("raw-frames", DAY_ONE, 6, [{ seconds: 6, speedMps: 5 }]);
    const ffmpeg = new FfmpegAdapter({ ...config, threads: 2 });
    const wantedSeconds = [0.5, 1, 3.2, 4.5];
    const frames = [];
    for await (const frame of ffmpeg.streamRawFrames(video, {
      seekSeconds: 0,
      frameSeconds: wantedSeconds,
      toleranceSeconds: 0.5 / 30,
      width: 256,
      height: 256,
    })) {
      frames.push(frame);
    }
    expect(frames.map((frame) => frame.timeSeconds)).toEqual(wantedSeconds.map((seconds) => expect.closeTo(seconds, 3)));
    for (const frame of frames) {
      const { stdout } = await run(
        config.ffmpegPath,
        [
          ...["-v", "error", "-ss", String(frame.timeSeconds - 0.002), "-i", video, "-frames:v", "1"],
          ...["-vf", "scale=256:256", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        ],
        { encoding: "buffer", maxBuffer: 1 << 20 },
      );
      expect(frame.image.width * frame.image.height * 3).toBe(stdout.length);
      expect(Buffer.from(frame.image.data).equals(stdout)).toBe(true);
    }
  });

  it("stops ffmpeg when the consumer stops early", async () => {
    const video = await driveClip("early-stop", DAY_ONE, 6, [{ seconds: 6, speedMps: 5 }]);
    const ffmpeg = new FfmpegAdapter({ ...config, threads: 2 });
    const request = { seekSeconds: 0, frameSeconds: [1, 2, 3, 4, 5], toleranceSeconds: 0.5 / 30, width: 512, height: 512 };
    let taken = 0;
    for await (const frame of ffmpeg.streamRawFrames(video, request)) {
      expect(await childProcessNames()).toContain("ffmpeg");
      expect(frame.image.data.length).toBe(512 * 512 * 3);
      taken += 1;
      if (taken === 2) break;
    }
    expect(taken).toBe(2);
    await expect.poll(childProcessNames, { timeout: 2000 }).not.toContain("ffmpeg");
  });
});

/** Names of this process's children that are still running (Linux /proc). */
async function childProcessNames(): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // pid (comm) state ppid ...: comm may hold spaces, so read from the last parenthesis
    const match = /^\d+ \((.*)\) (\S) (\d+)/s.exec(stat);
    if (match !== null && Number(match[3]) === process.pid && match[2] !== "Z") names.push(match[1]!);
  }
  return names;
}
