/**
 * What decoding only the wanted frames saves: a 60 s 1080p30 H.264 clip (keyframe every second, as phones
 * write) of a drive with a 25 s stop, decoded whole by ffmpeg versus `roadwatch frames --every 5`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { FfmpegAdapter } from "../../pipeline/adapters/ffmpeg.js";
import { loadConfig } from "../../pipeline/config.js";
import { FramesService } from "../../pipeline/ingest/frames-service.js";
import { type FullHdDrive, writeFullHdDrive } from "../support/make-clip.js";

// 20 s at 10 m/s, 25 s standing at a junction, 15 s at 10 m/s: 350 m
const DRIVE: FullHdDrive = {
  durationSeconds: 60,
  recordedAt: new Date("2024-01-12T17:11:19Z"),
  legs: [
    { seconds: 20, speedMps: 10 },
    { seconds: 25, speedMps: 0 },
    { seconds: 15, speedMps: 10, turnDegreesPerSecond: 3 },
  ],
};
const EVERY_METERS = 5;

export async function benchFrames(): Promise<Record<string, number | string>> {
  const config = loadConfig();
  const ffmpeg = new FfmpegAdapter(config);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-frames-bench-"));
  try {
    const video = await writeFullHdDrive(workDir, DRIVE, config.ffmpegPath);

    const { seconds: plainDecodeSeconds } = await timed(() => ffmpeg.decodeAll(video));
    const { value: summary, seconds: extractionSeconds } = await timed(() =>
      new FramesService(ffmpeg).run({
        videos: [video],
        outDir: path.join(workDir, "frames"),
        everyMeters: EVERY_METERS,
        offsetSeconds: 0,
        timeZone: "UTC",
      }),
    );
    const result = summary.videos[0]!;
    if (result.error !== undefined) throw new Error(result.error);
    return {
      "frames.clip": `${DRIVE.durationSeconds} s 1080p30 H.264, 25 s stop, every ${EVERY_METERS} m, ${config.threads} threads`,
      "frames.extracted": result.frames,
      "frames.plain_decode_seconds": round(plainDecodeSeconds, 2),
      "frames.extraction_seconds": round(extractionSeconds, 2),
      "frames.extracted_per_second": round(result.frames / extractionSeconds, 1),
      "frames.time_ratio_extraction_to_decode": round(extractionSeconds / plainDecodeSeconds, 3),
      "frames.decoded_share": round(result.decodedSeconds / result.durationSeconds, 3),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await action();
  return { value, seconds: (performance.now() - started) / 1000 };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
