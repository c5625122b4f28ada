/**
 * How far a run has got: the listener the pipeline reports to, and the arithmetic behind a progress display
 * (frames per second, time left, bars). Drawing it is the command's business.
 */
import type { JobStage } from "../storage/schema.js";

export interface ProcessingProgress {
  /** `index` counts from 0 */
  videoStarted(file: string, index: number, count: number): void;
  stageStarted(stage: JobStage): void;
  /** `done` of the video's `total` sampled frames have been through the detector, this run's and earlier runs' */
  framesDetected(done: number, total: number): void;
  videoFinished(): void;
  /** something the operator should read, e.g. that a raw video was deleted */
  note(message: string): void;
}

export interface ProgressSnapshot {
  file: string;
  /** counts from 0 */
  videoIndex: number;
  videoCount: number;
  stage: JobStage | null;
  framesDone: number;
  framesTotal: number;
  /** since the detector started on this video in this run; null before a frame is done */
  framesPerSecond: number | null;
  /** until the video's frames are through the detector; null while unknown */
  videoSecondsLeft: number | null;
  /** 0..1 of the whole run, counting each video as one share, worked off by its frames */
  overallFraction: number;
  overallSecondsLeft: number | null;
}

/** Turns progress events into rates and estimates; times are passed in, so the arithmetic can be checked. */
export class ProgressTracker {
  private file = "";
  private videoIndex = 0;
  private videoCount = 0;
  private videosFinished = 0;
  private stage: JobStage | null = null;
  private framesDone = 0;
  private framesTotal = 0;
  /** the first frame count this run reported for the video, and when */
  private detectStart: { frames: number; timeMs: number } | null = null;
  private readonly runStartMs: number;

  constructor(nowMs: number) {
    this.runStartMs = nowMs;
  }

  videoStarted(file: string, index: number, count: number): void {
    this.file = file;
    this.videoIndex = index;
    this.videoCount = count;
    this.stage = null;
    this.framesDone = 0;
    this.framesTotal = 0;
    this.detectStart = null;
  }

  stageStarted(stage: JobStage): void {
    this.stage = stage;
  }

  framesDetected(done: number, total: number, nowMs: number): void {
    this.detectStart ??= { frames: done, timeMs: nowMs };
    this.framesDone = done;
    this.framesTotal = total;
  }

  videoFinished(): void {
    this.videosFinished += 1;
  }

  snapshot(nowMs: number): ProgressSnapshot {
    const framesPerSecond = this.framesPerSecond(nowMs);
    const framesLeft = this.framesTotal - this.framesDone;
    const videoSecondsLeft = framesPerSecond === null ? null : framesLeft / framesPerSecond;
    const videoFraction = this.framesTotal > 0 ? this.framesDone / this.framesTotal : 0;
    const overallFraction = this.videoCount > 0 ? Math.min(1, (this.videosFinished + videoFraction) / this.videoCount) : 0;
    const elapsedSeconds = (nowMs - this.runStartMs) / 1000;
    return {
      file: this.file,
      videoIndex: this.videoIndex,
      videoCount: this.videoCount,
      stage: this.stage,
      framesDone: this.framesDone,
      framesTotal: this.framesTotal,
      framesPerSecond,
      videoSecondsLeft,
      overallFraction,
      overallSecondsLeft: overallFraction > 0 ? (elapsedSeconds * (1 - overallFraction)) / overallFraction : null,
    };
  }

  private framesPerSecond(nowMs: number): number | null {
    if (this.detectStart === null) return null;
    const frames = this.framesDone - this.detectStart.frames;
    const seconds = (nowMs - this.detectStart.timeMs) / 1000;
    return frames > 0 && seconds > 0 ? frames / seconds : null;
  }
}

/** "[######------]": `fraction` 0..1 of `width` cells filled. */
export function progressBar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
}

/** "0:07", "12:30", "1:02:03"; "--:--" when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "--:--";
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/**
 * The two lines of a progress display, e.g.
 *   [2/5] drive.mp4  detect [#####-----] 412/1000 frames  14.2 frames/s  ETA 0:41
 *   overall [###-------] 31 %  ETA 6:12
 */
export function progressLines(snapshot: ProgressSnapshot, barWidth: number): [string, string] {
  const head = `[${snapshot.videoIndex + 1}/${snapshot.videoCount}] ${snapshot.file}`;
  const video =
    snapshot.stage === "detect" && snapshot.framesTotal > 0
      ? `${head}  detect ${progressBar(snapshot.framesDone / snapshot.framesTotal, barWidth)} ${describeFrames(snapshot)}`
      : `${head}  ${snapshot.stage ?? "registering"}`;
  const percent = Math.floor(snapshot.overallFraction * 100);
  const overallBar = progressBar(snapshot.overallFraction, barWidth);
  return [video, `overall ${overallBar} ${percent} %  ETA ${formatDuration(snapshot.overallSecondsLeft)}`];
}

/** "412/1000 frames  14.2 frames/s  ETA 0:41" */
export function describeFrames(snapshot: ProgressSnapshot): string {
  const rate = snapshot.framesPerSecond === null ? "-- frames/s" : `${snapshot.framesPerSecond.toFixed(1)} frames/s`;
  return `${snapshot.framesDone}/${snapshot.framesTotal} frames  ${rate}  ETA ${formatDuration(snapshot.videoSecondsLeft)}`;
}
