import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../pipeline/errors.js";
import { MAX_GPS_PRECISION_DOP100, parseGpmfPayload } from "../../pipeline/telemetry/gpmf.js";
import { readEmbeddedTrack } from "../../pipeline/telemetry/index.js";
import { writeCammMp4, type CammTestPacket } from "../support/camm-mp4-writer.js";

const goproDir = path.resolve(process.cwd(), "../shared/telemetry/gopro");
const rawFile = (name: string) => path.join(goproDir, "raw", name);

describe("GoPro GPMF in MP4", () => {
  // all 11 payloads have GPSF 3 (3D fix) and GPSP 154–177 (DOP 1.5–1.8), so all 191 GPS5 fixes pass the filter
  it("reads all 191 fixes of max-heromode.mp4", async () => {
    const track = await readEmbeddedTrack(path.join(goproDir, "max-heromode.mp4"));
    expect(track?.format).toBe("gpmf");
    expect(track?.points).toHaveLength(191);
    expect(track?.skipped).toEqual({});
    const points = track!.points;
    // the walk was filmed on 2019-11-18 around 23:45:14 UTC (GPSU) and lasts the clip's 10.5 s
    expect(new Date(points[0]!.timeMs).toISOString()).toBe("2019-11-18T23:45:14.000Z");
    // the first payload starts the GPMF track, so its first fix was recorded as the video began
    expect(track?.videoTimeAnchor).toEqual({ timeMs: points[0]!.timeMs, videoTimeSeconds: 0 });
    expect(points.at(-1)!.timeMs - points[0]!.timeMs).toBeGreaterThan(10_000);
    expect(points.at(-1)!.timeMs - points[0]!.timeMs).toBeLessThan(13_000);
    for (const point of points) {
      expect(point.fix).toBe("3d");
      expect(point.horizontalAccuracyMeters).toBeLessThanOrEqual((MAX_GPS_PRECISION_DOP100 / 100) * 5);
    }
    expect(points.every((point, i) => i === 0 || point.timeMs >= points[i - 1]!.timeMs)).toBe(true);
  });

  it("answers karma.mp4, which has GPMF telemetry but no GPS, with a clear InputError", async () => {
    const karma = path.join(goproDir, "karma.mp4");
    await expect(readEmbeddedTrack(karma)).rejects.toThrow(InputError);
    await expect(readEmbeddedTrack(karma)).rejects.toThrow(/karma\.mp4: GoPro telemetry has no GPS \(no GPS5\/GPS9\)/);
  });
});

describe("raw GPMF payloads", () => {
  const parseRaw = async (name: string) => parseGpmfPayload(await readFile(rawFile(name)), name);

  it("reads the 308 GPS5 fixes of a HERO7 (17 payloads, all 3D with DOP under 2)", async () => {
    const track = await parseRaw("hero7.raw");
    expect(track.points).toHaveLength(308);
    expect(track.skipped).toEqual({});
    expect(new Date(track.points[0]!.timeMs).toISOString()).toBe("2019-01-03T16:33:34.094Z");
  });

  it("reads the 110 GPS9 fixes of a HERO11 with their own times, ignoring the GPS5 copy beside them", async () => {
    const track = await parseRaw("hero11.raw");
    expect(track.points).toHaveLength(110);
    // GPS9 time: 8298 days after 2000-01-01 and 48576.899 s into the day
    expect(new Date(track.points[0]!.timeMs).toISOString()).toBe("2022-09-20T13:29:36.899Z");
    expect(track.points.every((point) => point.fix === "3d")).toBe(true);
  });

  it.each([
    ["hero5.raw", { "precision above DOP 5": 18 }],
    ["Fusion.raw", { "precision above DOP 5": 19 }],
    ["hero6.raw", { "no fix": 17 }],
    ["hero6+ble.raw", { "no fix": 18 }],
  ])("drops every fix of %s (no lock or DOP above 5) and says why", async (name, skipped) => {
    const reasons = Object.entries(skipped).map(([reason, count]) => `${count} ${reason}`);
    await expect(parseRaw(name)).rejects.toThrow(`${name}: no valid track points (skipped: ${reasons.join(", ")})`);
  });

  it("says a Karma payload has no GPS", async () => {
    await expect(parseRaw("karma.raw")).rejects.toThrow("karma.raw: GoPro telemetry has no GPS (no GPS5/GPS9)");
  });
});

describe("CAMM round trip through a written MP4", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-camm-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const gpsSecondsAt = (isoTime: string) => (Date.parse(isoTime) - Date.UTC(1980, 0, 6)) / 1000 + 18;
  const fullGps = (isoTime: string, lat: number, lon: number): CammTestPacket => ({
    type: 6,
    gpsTimeSeconds: gpsSecondsAt(isoTime),
    fixType: 3,
    lat,
    lon,
    altitudeMeters: 42.5,
    horizontalAccuracyMeters: 3,
    verticalAccuracyMeters: 5,
    velocityEastMps: 10,
    velocityNorthMps: 0,
    velocityUpMps: 0,
    speedAccuracyMps: 0.5,
  });
  const gyro: CammTestPacket = { type: 2, gyroRadiansPerSecond: [0.1, 0.2, 0.3] };

  it("writes a file ffprobe accepts and reads its type 6 GPS back", async () => {
    const file = path.join(dir, "full.mp4");
    await writeCammMp4(
      file,
      [fullGps("2024-05-02T08:00:00Z", 55.25, 12.1), gyro, gyro, fullGps("2024-05-02T08:00:01Z", 55.25, 12.10016)],
      { sampleDurationSeconds: 0.5 },
    );
    // ffprobe exits non-zero on a malformed MP4; it should also see the four samples of a 'camm' data stream
    const probe = await promisify(execFile)("ffprobe", [
      "-v",
      "error",
      "-show_entries",
      "stream=codec_type,codec_tag_string,nb_frames",
      "-of",
      "csv=p=0",
      file,
    ]);
    expect(probe.stdout.trim()).toBe("data,camm,4");

    const track = await readEmbeddedTrack(file);
    expect(track?.format).toBe("camm");
    expect(track?.points).toHaveLength(2);
    expect(track?.videoTimeAnchor).toEqual({ timeMs: Date.parse("2024-05-02T08:00:00Z"), videoTimeSeconds: 0 });
    expect(track?.points[0]).toMatchObject({
      timeMs: Date.parse("2024-05-02T08:00:00Z"),
      lat: 55.25,
      lon: 12.1,
      altitudeMeters: 42.5,
      horizontalAccuracyMeters: 3,
      speedMps: 10,
      headingDegrees: 90,
      fix: "3d",
    });
  });

  it("times type 5 GPS from the video's creation time and warns about it", async () => {
    const file = path.join(dir, "minimal.mp4");
    const packets = [0, 1, 2].map((i): CammTestPacket => ({ type: 5, lat: 55.3, lon: 12.2 + i * 1e-4, altitudeMeters: 10 }));
    await writeCammMp4(file, packets, { sampleDurationSeconds: 1, creationTime: new Date("2024-05-02T08:00:00Z") });

    const track = await readEmbeddedTrack(file);
    expect(track?.points.map((point) => new Date(point.timeMs).toISOString())).toEqual([
      "2024-05-02T08:00:00.000Z",
      "2024-05-02T08:00:01.000Z",
      "2024-05-02T08:00:02.000Z",
    ]);
    expect(track?.warnings.join(" ")).toMatch(/creation time/);
  });

  it("answers a CAMM track without GPS packets with 'no GPS'", async () => {
    const file = path.join(dir, "imu-only.mp4");
    await writeCammMp4(file, [gyro, gyro], { sampleDurationSeconds: 0.01 });
    await expect(readEmbeddedTrack(file)).rejects.toThrow(/imu-only\.mp4: CAMM telemetry has no GPS/);
  });
});

describe("MP4 files without usable telemetry", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-mp4-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("returns null for a video with neither GPMF nor CAMM", async () => {
    const file = path.join(dir, "plain.mp4");
    await promisify(execFile)("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-t", "1", file]);
    await expect(readEmbeddedTrack(file)).resolves.toBeNull();
  });

  it("rejects a file that is not an MP4", async () => {
    const file = path.join(dir, "notes.mp4");
    await writeFile(file, "these are not video frames\n");
    await expect(readEmbeddedTrack(file)).rejects.toThrow(/notes\.mp4: not an MP4\/MOV file/);
  });

  it("rejects an MP4 cut off before its index", async () => {
    const file = path.join(dir, "cut.mp4");
    await writeCammMp4(file, [{ type: 5, lat: 55.3, lon: 12.2, altitudeMeters: 10 }], { sampleDurationSeconds: 1 });
    const { size } = await stat(file);
    await truncate(file, size - 20);
    await expect(readEmbeddedTrack(file)).rejects.toThrow(/cut\.mp4: truncated MP4/);
  });

  it("rejects a missing video", async () => {
    await expect(readEmbeddedTrack(path.join(dir, "gone.mp4"))).rejects.toThrow(/gone\.mp4: file not found/);
  });
});
