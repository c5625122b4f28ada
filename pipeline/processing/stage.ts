/**
 * The pipeline's stages as typed jobs (after immich): each is a function of its context that stores what it produced
 * and returns a status; the service decides what happens next. A stage may run again after the process was stopped
 * in the middle of it, so each one either starts over harmlessly or carries on from what it recorded.
 */
import type { FfmpegAdapter } from "../adapters/ffmpeg.js";
import type { CameraModel } from "../defects/camera-model.js";
import type { DamageDetector } from "../detector/damage-detector.js";
import type { Anonymiser } from "../privacy/anonymiser.js";
import type { Storage } from "../storage/database.js";
import type { MediaStore } from "../storage/media-store.js";
import type { JobStage } from "../storage/schema.js";
import type { Video } from "../storage/video-repository.js";
import type { ProcessingProgress } from "./progress.js";
import type { StageOutputs } from "./stage-results.js";

/** The work a run did, summed over its videos for the summary. */
export interface RunCounts {
  /** sampled frames put through the detector */
  frames: number;
  detections: number;
  defectsCreated: number;
  defectsUpdated: number;
  /** faces obscured in kept frames */
  facesBlurred: number;
  /** number plates obscured in kept frames */
  platesBlurred: number;
  /** damage boxes that obscuring covered at least in part: privacy wins over evidence */
  damageBlurred: number;
}

export type StageResult<Output> =
  | { status: "done"; output: Output; counts?: Partial<RunCounts>; warnings?: string[] }
  /** nothing to do for this video, e.g. no detections to place: the next stage runs */
  | { status: "skipped"; reason: string }
  /** the video cannot be processed: it goes to quarantine */
  | { status: "failed"; reason: string };

export interface StageSettings {
  /** distance driven between sampled frames */
  everyMeters: number;
  /** IANA zone of local times in file names */
  timeZone: string;
  camera: CameraModel;
  /** the device that recorded the videos, stored with each video */
  deviceId: string | null;
  /** frames ffmpeg may decode ahead of the detector */
  readAheadFrames: number;
  maxFrameLongSidePixels: number;
}

export interface StageContext {
  video: Video;
  /** the stored raw video, absolute */
  rawPath: string;
  /** the file as it was given: messages name it, and its track file lies beside it */
  originalPath: string;
  storage: Storage;
  media: MediaStore;
  ffmpeg: FfmpegAdapter;
  detector: DamageDetector;
  /** obscures faces and number plates in a frame before it is kept; null: privacy is switched off */
  anonymiser: Anonymiser | null;
  settings: StageSettings;
  progress: ProcessingProgress;
}

export type Stage<S extends JobStage> = (context: StageContext) => Promise<StageResult<StageOutputs[S]>>;

export function done<Output>(output: Output, extras: { counts?: Partial<RunCounts>; warnings?: string[] } = {}): StageResult<Output> {
  return { status: "done", output, ...extras };
}

export function skipped(reason: string): { status: "skipped"; reason: string } {
  return { status: "skipped", reason };
}
