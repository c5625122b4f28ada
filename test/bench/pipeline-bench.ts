/**
 * The nightly pipeline on a 60 s 1080p30 drive with stops: end-to-end rate and real-time factor, and whether
 * decoding and inference overlap. The same sampled frames are decoded without inference and run through the detector
 * without decoding; with full overlap the pipeline takes as long as the slower of the two (target: within 1.15 times).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { FfmpegAdapter } from "../../pipeline/adapters/ffmpeg.js";
import type { RawRgbImage } from "../../pipeline/adapters/image.js";
import { loadConfig } from "../../pipeline/config.js";
import { createDamageDetector } from "../../pipeline/detector/damage-detector.js";
import { decodeSampledFrames } from "../../pipeline/processing/decode-frames.js";
import { deliveredFrameSize } from "../../pipeline/processing/frame-size.js";
import { processingSettings, processVideos } from "../../pipeline/processing/processing-service.js";
import type { ProcessingProgress } from "../../pipeline/processing/progress.js";
import { readStageOutput } from "../../pipeline/processing/stage-results.js";
import { openStorage } from "../../pipeline/storage/database.js";
import type { JobStage } from "../../pipeline/storage/schema.js";
import { type FullHdDrive, writeFullHdDrive } from "../support/make-clip.js";

// 20 s at 10 m/s, 12 s at a junction, 13 s at 8 m/s, 5 s behind a bin lorry, 10 s at 10 m/s: 504 m
const DRIVE: FullHdDrive = {
  durationSeconds: 60,
  recordedAt: new Date("2024-05-06T06:30:00Z"),
  legs: [
    { seconds: 20, speedMps: 10 },
    { seconds: 12, speedMps: 0 },
    { seconds: 13, speedMps: 8, turnDegreesPerSecond: 3 },
    { seconds: 5, speedMps: 0 },
    { seconds: 10, speedMps: 10 },
  ],
};
/** decoded frames held at once while timing inference alone: 6 MB each */
const INFERENCE_BATCH_FRAMES = 16;
const MEMORY_SAMPLE_INTERVAL_MS = 20;

export async function benchPipeline(): Promise<Record<string, number | string>> {
  const config = loadConfig();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-pipeline-bench-"));
  try {
    const video = await writeFullHdDrive(workDir, DRIVE, config.ffmpegPath);

    const dataDir = path.join(workDir, "data");
    const settings = { ...processingSettings(config, dataDir), timeZone: "UTC" };
    const stageTimes = new StageTimes();
    const memory = new PeakMemory(MEMORY_SAMPLE_INTERVAL_MS);
    const started = performance.now();
    const summary = await processVideos([video], settings, stageTimes);
    const endToEndSeconds = (performance.now() - started) / 1000;
    const peakRssBytes = memory.stop();
    const outcome = summary.outcomes[0];
    if (outcome?.status !== "processed") throw new Error(`the bench drive was not processed: ${JSON.stringify(outcome)}`);

    const { decodeSeconds, inferenceSeconds, frames } = await timeDecodeAndInference(dataDir, video, config);
    const slowerSeconds = Math.max(decodeSeconds, inferenceSeconds);
    const detectStageSeconds = stageTimes.secondsOf("detect");
    return {
      "pipeline.clip": `${DRIVE.durationSeconds} s 1080p30 H.264, 17 s of stops, every 5 m, ${config.threads} threads`,
      "pipeline.model": path.basename(config.modelManifestPath),
      "pipeline.frames": frames,
      "pipeline.detections": summary.counts.detections,
      "pipeline.end_to_end_seconds": round(endToEndSeconds, 2),
      "pipeline.end_to_end_frames_per_second": round(frames / endToEndSeconds, 1),
      "pipeline.detect_stage_seconds": round(detectStageSeconds, 2),
      // hashing, probing and indexing the file, the track, placing, merging
      "pipeline.other_stages_seconds": round(endToEndSeconds - detectStageSeconds, 2),
      "pipeline.decode_only_frames_per_second": round(frames / decodeSeconds, 1),
      "pipeline.inference_only_frames_per_second": round(frames / inferenceSeconds, 1),
      "pipeline.ratio_detect_stage_to_slower": round(detectStageSeconds / slowerSeconds, 3),
      "pipeline.ratio_end_to_end_to_slower": round(endToEndSeconds / slowerSeconds, 3),
      "pipeline.peak_rss_mb": Math.round(peakRssBytes / 2 ** 20),
      "pipeline.real_time_factor": round(DRIVE.durationSeconds / endToEndSeconds, 2),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The processed video's sampled frames decoded alone, then run through the detector alone, a batch at a time. */
async function timeDecodeAndInference(
  dataDir: string,
  video: string,
  config: ReturnType<typeof loadConfig>,
): Promise<{ decodeSeconds: number; inferenceSeconds: number; frames: number }> {
  const storage = await openStorage(dataDir);
  const detector = await createDamageDetector(config.modelManifestPath, { threads: config.threads });
  try {
    const intact = await readStageOutput(storage.jobs, 1, "probe");
    const { samples } = await readStageOutput(storage.jobs, 1, "sample");
    const size = deliveredFrameSize(intact.probe);
    const ffmpeg = new FfmpegAdapter(config);

    let frames = 0;
    const decodeStart = performance.now();
    for await (const decoded of decodeSampledFrames(ffmpeg, video, intact, samples, size)) frames += decoded.image.data.length > 0 ? 1 : 0;
    const decodeSeconds = (performance.now() - decodeStart) / 1000;

    let inferenceMs = 0;
    let batch: RawRgbImage[] = [];
    const inferBatch = async () => {
      const batchStart = performance.now();
      for (const image of batch) await detector.detectImage(image);
      inferenceMs += performance.now() - batchStart;
      batch = [];
    };
    for await (const { image } of decodeSampledFrames(ffmpeg, video, intact, samples, size)) {
      batch.push(image);
      if (batch.length === INFERENCE_BATCH_FRAMES) await inferBatch();
    }
    await inferBatch();
    return { decodeSeconds, inferenceSeconds: inferenceMs / 1000, frames };
  } finally {
    await detector.close();
    await storage.close();
  }
}

/** Records when each stage started, to time the detect stage from outside. */
class StageTimes implements ProcessingProgress {
  private readonly startedMs = new Map<JobStage, number>();
  private endMs = 0;

  videoStarted(): void {}
  stageStarted(stage: JobStage): void {
    this.startedMs.set(stage, performance.now());
  }
  framesDetected(): void {}
  videoFinished(): void {
    this.endMs = performance.now();
  }
  note(): void {}

  secondsOf(stage: JobStage): number {
    const start = this.startedMs.get(stage);
    const next = [...this.startedMs.values()].filter((ms) => start !== undefined && ms > start).sort((a, b) => a - b)[0] ?? this.endMs;
    if (start === undefined) throw new Error(`stage ${stage} never started`);
    return (next - start) / 1000;
  }
}

/** The largest resident set size seen while it runs. */
class PeakMemory {
  private peakBytes = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs: number) {
    this.timer = setInterval(() => (this.peakBytes = Math.max(this.peakBytes, process.memoryUsage().rss)), intervalMs);
  }

  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peakBytes, process.memoryUsage().rss);
  }
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
