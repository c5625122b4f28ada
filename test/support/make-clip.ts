/**
 * Test material made on the spot: an H.264 clip from ffmpeg's lavfi test pattern, and the GPS track of a
 * simulated drive (near Faxe) to go with it, as points and as GPX.
 */
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { destinationPoint, type LatLon } from "../../pipeline/geo/geodesy.js";
import type { TrackPoint } from "../../pipeline/telemetry/track-point.js";

const run = promisify(execFile);

/** Faxe town centre */
export const FAXE: LatLon = { lat: 55.2557, lon: 12.1192 };

export interface ClipOptions {
  outPath: string;
  durationSeconds: number;
  width?: number;
  height?: number;
  framesPerSecond?: number;
  /** keyframe interval in frames; phones use about one second */
  keyframeInterval?: number;
  /** written as the MP4 creation_time tag */
  creationTime?: Date;
  /** moov index before the media data (-movflags +faststart), as streaming-friendly cameras write it */
  indexAtFront?: boolean;
  ffmpegPath?: string;
}

export async function makeClip(options: ClipOptions): Promise<void> {
  const { width = 640, height = 360, framesPerSecond = 30 } = options;
  const keyframeInterval = options.keyframeInterval ?? framesPerSecond;
  const args = [
    ...["-v", "error", "-y", "-f", "lavfi", "-i", `testsrc2=size=${width}x${height}:rate=${framesPerSecond}`],
    ...["-t", String(options.durationSeconds), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"],
    ...["-g", String(keyframeInterval)],
    ...(options.creationTime === undefined ? [] : ["-metadata", `creation_time=${options.creationTime.toISOString()}`]),
    ...(options.indexAtFront === true ? ["-movflags", "+faststart"] : []),
    options.outPath,
  ];
  await run(options.ffmpegPath ?? "ffmpeg", args);
}

export interface SlideshowOptions {
  outPath: string;
  /** image files, shown in turn and repeated until the clip is long enough */
  slides: readonly string[];
  slideSeconds: number;
  durationSeconds: number;
  framesPerSecond?: number;
  /** x264 constant rate factor: higher is smaller */
  quality?: number;
  creationTime?: Date;
  ffmpegPath?: string;
}

/** An H.264 clip of still photos, each on screen for `slideSeconds`: real road images in a video. */
export async function makeSlideshowClip(options: SlideshowOptions): Promise<void> {
  const { framesPerSecond = 30 } = options;
  const slideCount = Math.ceil(options.durationSeconds / options.slideSeconds);
  const slides = Array.from({ length: slideCount }, (_, i) => options.slides[i % options.slides.length]!);
  // the concat demuxer takes the last file's duration only when the file is listed once more
  const list = [...slides.map((slide) => `file '${slide}'\nduration ${options.slideSeconds}`), `file '${slides.at(-1)}'`].join("\n");
  const listPath = `${options.outPath}.slides.txt`;
  await writeFile(listPath, `${list}\n`);
  try {
    await run(options.ffmpegPath ?? "ffmpeg", [
      ...["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", listPath, "-vf", `fps=${framesPerSecond},format=yuv420p`],
      ...["-t", String(options.durationSeconds), "-c:v", "libx264", "-preset", "veryfast", "-g", String(framesPerSecond)],
      ...(options.quality === undefined ? [] : ["-crf", String(options.quality), "-tune", "stillimage"]),
      ...(options.creationTime === undefined ? [] : ["-metadata", `creation_time=${options.creationTime.toISOString()}`]),
      options.outPath,
    ]);
  } finally {
    await rm(listPath, { force: true });
  }
}

export interface DriveLeg {
  seconds: number;
  /** 0 for a stop */
  speedMps: number;
  /** positive turns right */
  turnDegreesPerSecond?: number;
}

export interface DriveStart extends LatLon {
  timeMs: number;
  bearingDegrees: number;
}

/** Fixes every `intervalMs` along the legs, from the start through the end of the last leg (speed included). */
export function driveTrack(start: DriveStart, legs: readonly DriveLeg[], intervalMs = 1000): TrackPoint[] {
  const totalMs = legs.reduce((total, leg) => total + leg.seconds * 1000, 0);
  const points: TrackPoint[] = [];
  let position: LatLon = { lat: start.lat, lon: start.lon };
  let bearing = start.bearingDegrees;
  for (let elapsedMs = 0; elapsedMs <= totalMs; elapsedMs += intervalMs) {
    const leg = legAt(legs, elapsedMs);
    points.push({ timeMs: start.timeMs + elapsedMs, ...position, speedMps: leg.speedMps });
    position = destinationPoint(position, bearing, (leg.speedMps * intervalMs) / 1000);
    bearing += ((leg.turnDegreesPerSecond ?? 0) * intervalMs) / 1000;
  }
  return points;
}

function legAt(legs: readonly DriveLeg[], elapsedMs: number): DriveLeg {
  let legEndMs = 0;
  for (const leg of legs) {
    legEndMs += leg.seconds * 1000;
    if (elapsedMs < legEndMs) return leg;
  }
  return legs.at(-1)!;
}

/** GPX 1.1 with one track segment and, as most phone loggers write it, no speed: roadwatch derives it. */
export function toGpx(points: readonly TrackPoint[]): string {
  const trackPoints = points.map(
    (point) =>
      `      <trkpt lat="${point.lat.toFixed(8)}" lon="${point.lon.toFixed(8)}">` +
      `<time>${new Date(point.timeMs).toISOString()}</time></trkpt>`,
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<gpx version="1.1" creator="roadwatch tests" xmlns="http://www.topografix.com/GPX/1/1">`,
    `  <trk><trkseg>`,
    ...trackPoints,
    `  </trkseg></trk>`,
    `</gpx>`,
    ``,
  ].join("\n");
}

export interface FullHdDrive {
  durationSeconds: number;
  recordedAt: Date;
  legs: readonly DriveLeg[];
}

/**
 * The drive as a 1080p30 phone-style clip, drive.mp4, with its GPX beside it (drive.gpx), heading north-east
 * from Faxe; returns the clip's path.
 */
export async function writeFullHdDrive(workDir: string, drive: FullHdDrive, ffmpegPath: string): Promise<string> {
  const video = path.join(workDir, "drive.mp4");
  await makeClip({
    outPath: video,
    durationSeconds: drive.durationSeconds,
    width: 1920,
    height: 1080,
    framesPerSecond: 30,
    creationTime: drive.recordedAt,
    ffmpegPath,
  });
  const start = { ...FAXE, timeMs: drive.recordedAt.getTime(), bearingDegrees: 45 };
  await writeFile(path.join(workDir, "drive.gpx"), toGpx(driveTrack(start, drive.legs)));
  return video;
}
