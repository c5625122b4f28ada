/**
 * The nightly pipeline: each video is registered by content hash and taken through its stages in order, each stage's
 * job recorded as it goes, so a run stopped at any moment resumes where it stopped. A video that fails is set aside in
 * quarantine with its reason and the run goes on with the others.
 */
import { stat } from "node:fs/promises";
import path from "node:path";
import { FfmpegAdapter } from "../adapters/ffmpeg.js";
import type { Config } from "../config.js";
import { type CameraProfiles, cameraForDevice } from "../defects/camera-model.js";
import { createDamageDetector, type DamageDetector } from "../detector/damage-detector.js";
import { describeError, InputError } from "../errors.js";
import { DEFAULT_EVERY_METERS } from "../ingest/sample-by-distance.js";
import { Anonymiser } from "../privacy/anonymiser.js";
import { openStorage, type Storage } from "../storage/database.js";
import { MediaStore } from "../storage/media-store.js";
import { JOB_STAGES, type JobStage } from "../storage/schema.js";
import type { Video } from "../storage/video-repository.js";
import { detectStage } from "./detect-stage.js";
import { MAX_FRAME_LONG_SIDE_PIXELS } from "./frame-size.js";
import { probeStage, sampleStage, telemetryStage } from "./ingest-stages.js";
import { inspectStage } from "./inspect-stage.js";
import { locateStage } from "./locate-stage.js";
import { mergeStage } from "./merge-stage.js";
import type { ProcessingProgress } from "./progress.js";
import { deleteExpiredRawVideos } from "./retention.js";
import type { RunCounts, Stage, StageContext, StageResult, StageSettings } from "./stage.js";
import { findVideoFiles, hashFile, quarantineRawVideo, storeRawVideo } from "./uploads.js";

const STAGES: { [S in JobStage]: Stage<S> } = {
  probe: probeStage,
  telemetry: telemetryStage,
  sample: sampleStage,
  detect: detectStage,
  locate: locateStage,
  merge: mergeStage,
  inspect: inspectStage,
};

/** Enough for ffmpeg to decode the next frames while the detector works, little enough to stay small (6 MB a frame). */
const READ_AHEAD_FRAMES = 4;

export interface ProcessingSettings {
  dataDir: string;
  modelManifestPath: string;
  /** onnxruntime and ffmpeg decoder threads */
  threads: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** IANA zone of local times in dashcam file names */
  timeZone: string;
  retentionDays: number;
  /** faces and number plates obscured in every kept frame, unless switched off */
  privacy: Config["privacy"];
  cameras: CameraProfiles;
  /** the phone or dashcam that recorded this run's videos; its camera profile places the detections */
  deviceId: string | null;
}

/** The pipeline's settings from the start-up configuration, on the data directory the command was given. */
export function processingSettings(config: Config, dataDir: string, deviceId: string | null = null): ProcessingSettings {
  return {
    dataDir,
    modelManifestPath: config.modelManifestPath,
    threads: config.threads,
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
    timeZone: config.defaultTimeZone,
    retentionDays: config.retentionDays,
    privacy: config.privacy,
    cameras: config.cameras,
    deviceId,
  };
}

export type VideoOutcome =
  | { file: string; status: "processed"; videoId: number; counts: RunCounts; warnings: string[] }
  /** the same content was processed, or set aside, before: nothing new happened */
  | { file: string; status: "unchanged"; videoId: number; reason: string }
  | { file: string; status: "quarantined"; videoId: number; problem: string }
  /** never got into the pipeline, e.g. a file that cannot be read */
  | { file: string; status: "failed"; problem: string };

export interface ProcessingSummary {
  outcomes: VideoOutcome[];
  /** summed over the processed videos */
  counts: RunCounts;
  rawVideosDeleted: number;
  /** false: kept frames were stored without obscuring faces and number plates */
  privacyEnabled: boolean;
}

/** Opens the data directory and the detector, processes the videos among `paths`, applies retention and closes all. */
export async function processVideos(
  paths: readonly string[],
  settings: ProcessingSettings,
  progress: ProcessingProgress,
): Promise<ProcessingSummary> {
  const { videos, problems } = await findVideoFiles(paths);
  const storage = await openStorage(settings.dataDir);
  try {
    const media = new MediaStore(settings.dataDir);
    const outcomes: VideoOutcome[] = problems.map(({ file, problem }) => ({ file, status: "failed", problem }));
    // a nightly run over an empty inbox only applies retention: no model to load
    if (videos.length > 0) outcomes.push(...(await processFiles(videos, { storage, media, progress }, settings)));
    const retention = { retentionDays: settings.retentionDays, nowMs: Date.now() };
    const rawVideosDeleted = await deleteExpiredRawVideos(storage, media, retention, (message) => progress.note(message));
    return { outcomes, counts: sumCounts(outcomes), rawVideosDeleted, privacyEnabled: settings.privacy.enabled };
  } finally {
    await storage.close();
  }
}

async function processFiles(
  videos: readonly string[],
  { storage, media, progress }: Pick<ProcessingDependencies, "storage" | "media" | "progress">,
  settings: ProcessingSettings,
): Promise<VideoOutcome[]> {
  const detector = await createDamageDetector(settings.modelManifestPath, { threads: settings.threads });
  let anonymiser: Anonymiser | null = null;
  try {
    if (settings.privacy.enabled) anonymiser = await Anonymiser.load({ ...settings.privacy, threads: settings.threads });
    const service = new ProcessingService(
      { storage, media, ffmpeg: new FfmpegAdapter(settings), detector, anonymiser, progress },
      {
        everyMeters: DEFAULT_EVERY_METERS,
        timeZone: settings.timeZone,
        camera: cameraForDevice(settings.cameras, settings.deviceId),
        deviceId: settings.deviceId,
        readAheadFrames: READ_AHEAD_FRAMES,
        maxFrameLongSidePixels: MAX_FRAME_LONG_SIDE_PIXELS,
      },
    );
    const outcomes: VideoOutcome[] = [];
    for (const [index, video] of videos.entries()) outcomes.push(await service.processFile(video, index, videos.length));
    return outcomes;
  } finally {
    await Promise.all([detector.close(), anonymiser?.close()]);
  }
}

export interface ProcessingDependencies {
  storage: Storage;
  media: MediaStore;
  ffmpeg: FfmpegAdapter;
  detector: DamageDetector;
  /** null: privacy is switched off */
  anonymiser: Anonymiser | null;
  progress: ProcessingProgress;
}

export class ProcessingService {
  constructor(
    private readonly dependencies: ProcessingDependencies,
    private readonly settings: StageSettings,
  ) {}

  /** One video file, from registration through its last stage; `index` of `count` is for the progress display. */
  async processFile(file: string, index: number, count: number): Promise<VideoOutcome> {
    const { progress } = this.dependencies;
    progress.videoStarted(file, index, count);
    try {
      const video = await this.register(file);
      switch (video.status) {
        case "processed":
        case "deleted":
          return { file, status: "unchanged", videoId: video.id, reason: `already processed as video ${video.id}: nothing new` };
        case "quarantined":
          return { file, status: "unchanged", videoId: video.id, reason: `in quarantine since an earlier run: ${video.quarantineReason}` };
        default:
          return await this.runStages(video, file);
      }
    } catch (error) {
      // the file could not be read or stored, or the quarantine itself failed: the video stays as it was
      return { file, status: "failed", problem: problemOf(error, [file]) };
    } finally {
      progress.videoFinished();
    }
  }

  /** The video with the file's content, stored and queued now when it is new or was stopped before it was done. */
  private async register(file: string): Promise<Video> {
    const { storage, media } = this.dependencies;
    const [contentHash, stats] = await Promise.all([hashFile(file), stat(file)]);
    const { video } = await storage.videos.insertIfNew({
      contentHash,
      originalName: path.basename(file),
      storedPath: media.videoPath(contentHash),
      sizeBytes: stats.size,
      deviceId: this.settings.deviceId,
      crew: null,
    });
    if (video.status === "queued" || video.status === "processing") {
      // again after a stop between registering and storing: the stored file is named by its hash, so this is harmless
      await storeRawVideo(media, file, contentHash);
      await storage.jobs.enqueue(video.id, JOB_STAGES);
    }
    return video;
  }

  /** Runs the stages not done yet, in order; the first that fails sends the video to quarantine. */
  private async runStages(video: Video, originalPath: string): Promise<VideoOutcome> {
    const { storage, media, progress } = this.dependencies;
    const rawPath = media.absolutePath(video.storedPath);
    const context: StageContext = { ...this.dependencies, video, rawPath, originalPath, settings: this.settings };
    await storage.videos.setStatus(video.id, { status: "processing", error: null });
    const counts = noCounts();
    const warnings: string[] = [];
    for (const stage of JOB_STAGES) {
      if ((await storage.jobs.get(video.id, stage))?.status === "done") continue;
      progress.stageStarted(stage);
      await storage.jobs.markRunning(video.id, stage);
      const result = await runStage(STAGES[stage], context);
      if (result.status === "failed") {
        await storage.jobs.markFailed(video.id, stage, result.reason);
        await quarantineRawVideo(media.dataDir, rawPath, video, result.reason);
        await storage.videos.setStatus(video.id, { status: "quarantined", reason: result.reason });
        return { file: originalPath, status: "quarantined", videoId: video.id, problem: result.reason };
      }
      await storage.jobs.markDone(video.id, stage, result.status === "done" ? result.output : { skipped: result.reason });
      if (result.status === "done") {
        addCounts(counts, result.counts ?? {});
        warnings.push(...(result.warnings ?? []));
      }
    }
    await storage.videos.setStatus(video.id, { status: "processed" });
    return { file: originalPath, status: "processed", videoId: video.id, counts, warnings };
  }
}

/** A stage that throws has failed like one that says so. */
async function runStage(stage: Stage<JobStage>, context: StageContext): Promise<StageResult<unknown>> {
  try {
    return await stage(context);
  } catch (error) {
    return { status: "failed", reason: problemOf(error, [context.rawPath, context.originalPath]) };
  }
}

/** For the person who gave the file: a problem with the video itself (or its stored copy) needs no file name. */
function problemOf(error: unknown, videoPaths: readonly string[]): string {
  if (error instanceof InputError) return videoPaths.includes(error.file) ? error.problem : error.message;
  return describeError(error);
}

function noCounts(): RunCounts {
  return { frames: 0, detections: 0, defectsCreated: 0, defectsUpdated: 0, facesBlurred: 0, platesBlurred: 0, damageBlurred: 0 };
}

function addCounts(total: RunCounts, counts: Partial<RunCounts>): void {
  total.frames += counts.frames ?? 0;
  total.detections += counts.detections ?? 0;
  total.defectsCreated += counts.defectsCreated ?? 0;
  total.defectsUpdated += counts.defectsUpdated ?? 0;
  total.facesBlurred += counts.facesBlurred ?? 0;
  total.platesBlurred += counts.platesBlurred ?? 0;
  total.damageBlurred += counts.damageBlurred ?? 0;
}

function sumCounts(outcomes: readonly VideoOutcome[]): RunCounts {
  const total = noCounts();
  for (const outcome of outcomes) if (outcome.status === "processed") addCounts(total, outcome.counts);
  return total;
}
