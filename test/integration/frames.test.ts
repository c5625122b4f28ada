import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FfmpegAdapter } from "../../pipeline/adapters/ffmpeg.js";
import { runFramesCommand } from "../../pipeline/cli/frames-command.js";
import { loadConfig } from "../../pipeline/config.js";
import { haversineDistanceMeters } from "../../pipeline/geo/geodesy.js";
import type { FramesFeatureCollection } from "../../pipeline/ingest/frames-geojson.js";
import { FramesService, type FramesRequest, type VideoFramesResult } from "../../pipeline/ingest/frames-service.js";
import { driveTrack, FAXE, makeClip, toGpx, type DriveLeg } from "../support/make-clip.js";

const run = promisify(execFile);
const config = loadConfig();
const service = new FramesService(new FfmpegAdapter(config));
const goproDir = path.resolve(process.cwd(), "../shared/telemetry/gopro");

// 20 s: 8 s at 10 m/s, a 5 s stop, then 7 s at 10 m/s bending right; 150 m driven
const CLIP_SECONDS = 20;
const DRIVE: DriveLeg[] = [
  { seconds: 8, speedMps: 10 },
  { seconds: 5, speedMps: 0 },
  { seconds: 7, speedMps: 10, turnDegreesPerSecond: 6 },
];
const DRIVEN_METERS = 150;
const RECORDED_AT = new Date("2024-01-12T17:11:19Z");

let workDir: string;

function request(videos: string[], overrides: Partial<FramesRequest> = {}): FramesRequest {
  return { videos, outDir: path.join(workDir, "out"), everyMeters: 5, offsetSeconds: 0, timeZone: "Europe/Copenhagen", ...overrides };
}

async function readGeoJson(result: VideoFramesResult): Promise<FramesFeatureCollection> {
  return JSON.parse(await readFile(path.join(result.outputDir!, "frames.geojson"), "utf8")) as FramesFeatureCollection;
}

/** A clip with the drive's GPX beside it (same name), recorded at `creationTime`. */
async function clipWithSidecar(name: string, creationTime: Date): Promise<string> {
  const folder = path.join(workDir, name);
  await mkdir(folder);
  const video = path.join(folder, `${name}.mp4`);
  await makeClip({ outPath: video, durationSeconds: CLIP_SECONDS, creationTime, ffmpegPath: config.ffmpegPath });
  const track = driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 60 }, DRIVE);
  await writeFile(path.join(folder, `${name}.gpx`), toGpx(track));
  return video;
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-frames-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("frames from a clip with a GPX beside it", () => {
  let video: string;
  let result: VideoFramesResult;

  beforeAll(async () => {
    video = await clipWithSidecar("drive", RECORDED_AT);
    const summary = await service.run(request([video]));
    expect(summary.errors).toEqual([]);
    result = summary.videos[0]!;
  });

  it("keeps one frame every 5 m driven, timed by creation_time", async () => {
    expect(result.startTimeSource).toBe("creation-time");
    expect(result.startTime).toBe(RECORDED_AT.toISOString());
    expect(result.frames).toBeGreaterThanOrEqual(DRIVEN_METERS / 5 - 1);
    expect(result.frames).toBeLessThanOrEqual(DRIVEN_METERS / 5 + 2);
    expect(result.gpsCoveredSeconds).toBeCloseTo(CLIP_SECONDS, 0);
    // smoothing (±2 s) blurs the abrupt stop of this simulated drive by about a second at either end
    expect(result.stationarySkippedSeconds).toBeGreaterThan(2.5);
    expect(result.stationarySkippedSeconds).toBeLessThan(5.5);
    expect(result.warnings).toEqual([]);
  });

  it("writes no frame during the stop and spaces the others about 5 m apart", async () => {
    const features = (await readGeoJson(result)).features;
    expect(features).toHaveLength(result.frames);
    // the stop lasts from 8 s to 13 s; with fixes once a second, where it starts and ends is known to a second
    const inStop = features.filter((f) => f.properties.frameTime > 8 && f.properties.frameTime < 13);
    expect(inStop.filter((f) => f.properties.frameTime > 9 && f.properties.frameTime < 12)).toEqual([]);
    expect(inStop.length).toBeLessThanOrEqual(1);
    for (let i = 1; i < features.length; i++) {
      const [lon1, lat1] = features[i - 1]!.geometry.coordinates;
      const [lon2, lat2] = features[i]!.geometry.coordinates;
      expect(haversineDistanceMeters({ lat: lat1, lon: lon1 }, { lat: lat2, lon: lon2 })).toBeCloseTo(5, 0);
      expect(features[i]!.properties.distanceMeters - features[i - 1]!.properties.distanceMeters).toBeCloseTo(5, 0);
    }
  });

  it("describes every frame in frames.geojson and writes it as a JPEG", async () => {
    const features = (await readGeoJson(result)).features;
    const first = features[0]!;
    expect(first.properties).toMatchObject({ video: "drive.mp4", file: "drive_000000.jpg", frameTime: 0, distanceMeters: 0 });
    expect(first.properties.time).toBe(RECORDED_AT.toISOString());
    expect(first.properties.heading).toBeCloseTo(60, 0);
    expect(first.properties.speedMps).toBeCloseTo(10, 0);
    expect(haversineDistanceMeters({ lat: first.geometry.coordinates[1], lon: first.geometry.coordinates[0] }, FAXE)).toBeLessThan(1);
    const last = features.at(-1)!;
    expect(last.properties.heading).toBeGreaterThan(90);
    expect(new Date(last.properties.time).getTime() - RECORDED_AT.getTime()).toBeCloseTo(last.properties.frameTime * 1000, -1);

    const files = (await readdir(result.outputDir!)).sort();
    expect(files).toEqual([...features.map((f) => f.properties.file), "frames.geojson"].sort());
    const jpeg = await readFile(path.join(result.outputDir!, last.properties.file));
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it("writes the very frame shown at each frameTime", async () => {
    const features = (await readGeoJson(result)).features;
    for (const feature of [features[0]!, features[17]!, features.at(-1)!]) {
      const reference = path.join(workDir, "reference.jpg");
      // ffmpeg's accurate seek outputs the first frame at or after -ss; frameTime is rounded to the millisecond
      const seekSeconds = String(feature.properties.frameTime - 0.002);
      await run(config.ffmpegPath, ["-v", "error", "-y", "-ss", seekSeconds, "-i", video, "-frames:v", "1", "-q:v", "2", reference]);
      const extracted = await readFile(path.join(result.outputDir!, feature.properties.file));
      expect(extracted.equals(await readFile(reference))).toBe(true);
    }
  });

  it("decodes less than the whole clip: the stop is skipped", () => {
    expect(result.decodedSeconds).toBeGreaterThan(0);
    expect(result.decodedSeconds).toBeLessThan(CLIP_SECONDS - 2);
  });

  it("replaces the frames of an earlier run and leaves no temporary folder", async () => {
    const again = await service.run(request([video], { everyMeters: 10 }));
    expect(again.errors).toEqual([]);
    const files = await readdir(again.videos[0]!.outputDir!);
    expect(files.filter((name) => name.endsWith(".jpg"))).toHaveLength(again.videos[0]!.frames);
    expect(again.videos[0]!.frames).toBeLessThan(result.frames);
    expect((await readdir(path.join(workDir, "out"))).filter((name) => name.startsWith("."))).toEqual([]);
  });
});

describe("start time", () => {
  it("recognises a creation_time stamped at the end of the recording", async () => {
    const video = await clipWithSidecar("end-stamped", new Date(RECORDED_AT.getTime() + CLIP_SECONDS * 1000));
    const [result] = (await service.run(request([video]))).videos;
    expect(result!.error).toBeUndefined();
    expect(result!.startTimeSource).toBe("creation-time-end");
    expect(result!.startTime).toBe(RECORDED_AT.toISOString());
    expect(result!.warnings.join()).toMatch(/looks like the end of the recording/);
    expect(result!.frames).toBeGreaterThanOrEqual(DRIVEN_METERS / 5 - 1);
  });

  it("reads a dashcam file name in the given zone when the clip has no creation_time, and --offset shifts it", async () => {
    const folder = path.join(workDir, "dashcam");
    await mkdir(folder);
    // 18:11:19 in Copenhagen in January is 17:11:19 UTC, the drive's start
    const video = path.join(folder, "20240112181119_180.MP4");
    await makeClip({ outPath: video, durationSeconds: CLIP_SECONDS, ffmpegPath: config.ffmpegPath });
    const track = path.join(folder, "drive.gpx");
    await writeFile(track, toGpx(driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime() - 10_000, bearingDegrees: 0 }, DRIVE)));

    const [result] = (await service.run(request([video], { trackPath: track, offsetSeconds: -10 }))).videos;
    expect(result!.error).toBeUndefined();
    expect(result!.startTimeSource).toBe("file-name");
    expect(result!.timeZone).toBe("Europe/Copenhagen");
    expect(result!.startTime).toBe(new Date(RECORDED_AT.getTime() - 10_000).toISOString());
    expect(result!.frames).toBeGreaterThanOrEqual(DRIVEN_METERS / 5 - 1);
  });
});

describe("other containers", () => {
  it("takes frames from a Matroska clip with a track beside it, and says 'no GPS' for one without", async () => {
    const folder = path.join(workDir, "matroska");
    await mkdir(folder);
    const video = path.join(folder, "drive.mkv");
    await makeClip({ outPath: video, durationSeconds: CLIP_SECONDS, creationTime: RECORDED_AT, ffmpegPath: config.ffmpegPath });
    await writeFile(path.join(folder, "drive.gpx"), toGpx(driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 0 }, DRIVE)));
    const lonely = path.join(workDir, "lonely.mkv");
    await makeClip({ outPath: lonely, durationSeconds: 2, ffmpegPath: config.ffmpegPath });

    const [withTrack, withoutTrack] = (await service.run(request([video, lonely]))).videos;
    expect(withTrack).toMatchObject({ startTimeSource: "creation-time", startTime: RECORDED_AT.toISOString() });
    expect(withTrack!.frames).toBeGreaterThanOrEqual(DRIVEN_METERS / 5 - 1);
    expect(withoutTrack!.error).toBe(`${lonely}: no GPS: no --track given, no track file beside the video, and no GPS telemetry inside it`);
  });
});

describe("GoPro with embedded GPS", () => {
  it("samples the walk in max-heromode.mp4 every 2 m, timed by its GPS", async () => {
    const summary = await service.run(request([path.join(goproDir, "max-heromode.mp4")], { everyMeters: 2 }));
    expect(summary.errors).toEqual([]);
    const result = summary.videos[0]!;
    expect(result.startTimeSource).toBe("embedded-telemetry");
    expect(result.startTime).toBe("2019-11-18T23:45:14.000Z");
    expect(result.frames).toBeGreaterThan(2);
    const features = (await readGeoJson(result)).features;
    expect(features).toHaveLength(result.frames);
    for (const feature of features) {
      expect(feature.properties.frameTime).toBeLessThan(10.6);
      expect(feature.properties.speedMps).toBeGreaterThanOrEqual(1);
    }
    const jpeg = await stat(path.join(result.outputDir!, features[0]!.properties.file));
    expect(jpeg.size).toBeGreaterThan(10_000);
  });
});

describe("bad input", () => {
  it("names each bad file and its problem, and still processes the good video of the same run", async () => {
    const folder = path.join(workDir, "bad");
    await mkdir(folder);
    const good = await clipWithSidecar("good", RECORDED_AT);

    const cutOff = path.join(folder, "cut-off.mp4");
    await copyFile(good, cutOff);
    await truncate(cutOff, (await stat(good)).size / 3); // loses the index (moov) written at the end
    const notVideo = path.join(folder, "notes.mp4");
    await writeFile(notVideo, "this is a shopping list, not a video\n");
    const empty = path.join(folder, "empty.mp4");
    await writeFile(empty, "");
    const missing = path.join(folder, "missing.mp4");
    const noGps = path.join(folder, "no-gps.mp4");
    await makeClip({ outPath: noGps, durationSeconds: 2, ffmpegPath: config.ffmpegPath });
    const karma = path.join(goproDir, "karma.mp4");

    const summary = await service.run(request([cutOff, notVideo, good, empty, missing, noGps, karma]));
    const errorOf = (file: string) => summary.videos.find((video) => video.file === file)?.error;
    expect(errorOf(cutOff)).toMatch(/cut-off\.mp4: not a readable video \(.*moov atom not found/);
    expect(errorOf(notVideo)).toMatch(/notes\.mp4: not a readable video/);
    expect(errorOf(empty)).toBe(`${empty}: the file is empty`);
    expect(errorOf(missing)).toBe(`${missing}: no such file`);
    expect(errorOf(noGps)).toMatch(/no-gps\.mp4: no GPS: no --track given, no track file beside the video/);
    expect(errorOf(karma)).toMatch(/karma\.mp4: GoPro telemetry has no GPS/);
    expect(summary.errors).toHaveLength(6);
    expect(errorOf(good)).toBeUndefined();
    expect(summary.frames).toBeGreaterThan(20);
  });

  it("finds a video whose data stops short of its stated duration truncated", async () => {
    const folder = path.join(workDir, "faststart");
    await mkdir(folder);
    const video = path.join(folder, "cut.mp4");
    // with the index at the front a cut-off file still opens, and claims its full duration
    await makeClip({ outPath: video, durationSeconds: CLIP_SECONDS, indexAtFront: true, ffmpegPath: config.ffmpegPath });
    await truncate(video, Math.round((await stat(video)).size / 2));
    const [result] = (await service.run(request([video]))).videos;
    expect(result!.error).toMatch(/cut\.mp4: truncated: video data ends at \d+\.\d s of 20\.0 s/);
  });

  it("rejects a GPX with garbage numbers and a track from another day, naming the file", async () => {
    const folder = path.join(workDir, "bad-tracks");
    await mkdir(folder);
    const video = path.join(folder, "clip.mp4");
    await makeClip({ outPath: video, durationSeconds: 5, creationTime: RECORDED_AT, ffmpegPath: config.ffmpegPath });
    const garbage = path.join(folder, "garbage.gpx");
    const validGpx = toGpx(driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 0 }, DRIVE));
    await writeFile(garbage, validGpx.replace(/lat="[^"]*"/g, 'lat="fifty-five"'));
    const otherDay = path.join(folder, "other-day.gpx");
    await writeFile(otherDay, toGpx(driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime() + 86_400_000, bearingDegrees: 0 }, DRIVE)));

    const [garbageResult] = (await service.run(request([video], { trackPath: garbage }))).videos;
    expect(garbageResult!.error).toMatch(/garbage\.gpx: no valid track points \(skipped: \d+ bad coordinates\)/);
    const [otherDayResult] = (await service.run(request([video], { trackPath: otherDay }))).videos;
    expect(otherDayResult!.error).toMatch(/clip\.mp4: the track .*other-day\.gpx .* does not overlap the video in time/);
  });
});

describe("roadwatch frames command", () => {
  it("prints a JSON summary, reports each failure on stderr and exits with 1", async () => {
    const video = await clipWithSidecar("cli", RECORDED_AT);
    const missing = path.join(workDir, "nowhere.mp4");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await runFramesCommand(service, request([video, missing]), true, {
      stdout: (text) => stdout.push(text),
      stderr: (text) => stderr.push(text),
    });
    expect(exitCode).toBe(1);
    expect(stderr).toEqual([`${missing}: no such file\n`]);
    const summary = JSON.parse(stdout.join(""));
    expect(summary.frames).toBe(summary.videos[0].frames);
    expect(summary.videos[0]).toMatchObject({ file: video, startTimeSource: "creation-time", timeZone: null, warnings: [] });
    expect(summary.videos[0].gpsCoveredSeconds).toBe(20);
    expect(summary.videos[1]).toMatchObject({ file: missing, frames: 0, error: `${missing}: no such file` });
    expect(summary.errors).toEqual([`${missing}: no such file`]);

    const text: string[] = [];
    await runFramesCommand(service, request([video], { everyMeters: 10 }), false, { stdout: (line) => text.push(line), stderr: () => {} });
    const [header, details, total] = text.join("").split("\n");
    expect(header).toMatch(/cli\.mp4: \d+ frames → .*cli$/);
    expect(details).toMatch(/^ {2}start 2024-01-12T17:11:19\.000Z \(creation-time\); 20 of 20 s with GPS, [\d.]+ s standing still skipped/);
    expect(total).toMatch(/^\d+ frames from 1 of 1 videos$/);
  });
});

describe("a long continuous drive", () => {
  it("extracts well over a hundred frames of one drive without a stop, cut into several ffmpeg runs", async () => {
    // ffmpeg 5's select-expression parser gives up near 80 wanted frames per run: 150 frames needs the cutting
    const folder = path.join(workDir, "long");
    await mkdir(folder);
    const video = path.join(folder, "long.mp4");
    await makeClip({ outPath: video, durationSeconds: 30, width: 320, height: 180, creationTime: RECORDED_AT, ffmpegPath: config.ffmpegPath });
    const track = driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 90 }, [{ seconds: 30, speedMps: 10 }]);
    await writeFile(path.join(folder, "long.gpx"), toGpx(track));
    const summary = await service.run(request([video], { everyMeters: 2, outDir: path.join(workDir, "long-out") }));
    expect(summary.errors).toEqual([]);
    expect(summary.videos[0]!.frames).toBeGreaterThanOrEqual(145);
    const jpegs = (await readdir(summary.videos[0]!.outputDir!)).filter((name) => name.endsWith(".jpg"));
    expect(jpegs).toHaveLength(summary.videos[0]!.frames);
  });
});
