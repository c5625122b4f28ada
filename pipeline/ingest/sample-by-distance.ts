/**
 * Chooses the video frames to keep: one every N metres driven, none while the vehicle stands still
 * (crews stop often, and a hundred frames of the same kerb help nobody) and none where the track has a gap.
 */
import { STATIONARY_SPEED_MPS, type CleanFix } from "./clean-track.js";
import { bracketTime, positionAt } from "./interpolate-track.js";
import { coveredDurationMs, isBridged } from "./track-coverage.js";
import { haversineDistanceMeters } from "../geo/geodesy.js";

export const DEFAULT_EVERY_METERS = 5;

/** summing distances leaves 80 m as 79.99999999: far below anything that matters, but enough to lose a sample */
const ROUNDING_METERS = 1e-6;

export interface VideoTimeline {
  /** UTC time of the first frame, epoch milliseconds */
  startTimeMs: number;
  durationSeconds: number;
  /** 1 / frame rate: samples land on whole frames */
  frameIntervalSeconds: number;
}

export interface FrameSample {
  /** seconds into the video, on a whole frame */
  frameTimeSeconds: number;
  /** UTC, epoch milliseconds */
  timeMs: number;
  lat: number;
  lon: number;
  headingDegrees: number | null;
  speedMps: number;
  /** driven since the first moment the video has GPS, stops and gaps not counted */
  distanceMeters: number;
}

export interface DistanceSampling {
  samples: FrameSample[];
  /** seconds of the video for which the track knows the position */
  gpsCoveredSeconds: number;
  /** seconds of GPS-covered video skipped because the vehicle stood still */
  stationarySkippedSeconds: number;
}

export function sampleByDistance(fixes: readonly CleanFix[], video: VideoTimeline, everyMeters: number): DistanceSampling {
  const windowEndMs = video.startTimeMs + video.durationSeconds * 1000;
  const driven = new DrivenDistance(fixes);
  const planned = planSampleTimes(driven, video.startTimeMs, windowEndMs, everyMeters);
  const samples: FrameSample[] = [];
  let previousFrameIndex = -1;
  for (const plannedMs of planned.timesMs) {
    const frameIndex = nearestFrameIndex(video, plannedMs);
    if (frameIndex === previousFrameIndex) continue;
    const frameTimeSeconds = frameIndex * video.frameIntervalSeconds;
    const timeMs = video.startTimeMs + frameTimeSeconds * 1000;
    const position = positionAt(fixes, timeMs);
    const drivenMeters = driven.at(timeMs);
    // a frame nudged onto the whole frame can leave the track's end or enter a gap: it gets no position
    if (position === null || drivenMeters === null) continue;
    previousFrameIndex = frameIndex;
    samples.push({
      frameTimeSeconds,
      timeMs,
      lat: position.lat,
      lon: position.lon,
      headingDegrees: position.headingDegrees,
      speedMps: position.speedMps,
      distanceMeters: drivenMeters - planned.startMeters,
    });
  }
  return {
    samples,
    gpsCoveredSeconds: coveredDurationMs(fixes, video.startTimeMs, windowEndMs) / 1000,
    stationarySkippedSeconds: planned.stationaryMs / 1000,
  };
}

interface PlannedSamples {
  /** when the vehicle passed each multiple of `everyMeters`, ascending */
  timesMs: number[];
  /** the driven-distance reading at the first moment of movement in the window */
  startMeters: number;
  /** GPS-covered time in the window spent standing still */
  stationaryMs: number;
}

function planSampleTimes(driven: DrivenDistance, windowStartMs: number, windowEndMs: number, everyMeters: number): PlannedSamples {
  const fixes = driven.fixes;
  const timesMs: number[] = [];
  let stationaryMs = 0;
  let startMeters: number | null = null;
  let nextMeters = 0;
  for (let i = 0; i + 1 < fixes.length; i++) {
    if (!isBridged(fixes, i)) continue;
    const fromMs = Math.max(windowStartMs, fixes[i]!.timeMs);
    const toMs = Math.min(windowEndMs, fixes[i + 1]!.timeMs);
    if (toMs <= fromMs) continue;
    if (!isMoving(fixes[i]!, fixes[i + 1]!)) {
      stationaryMs += toMs - fromMs;
      continue;
    }
    const fromMeters = driven.within(i, fromMs);
    const toMeters = driven.within(i, toMs);
    if (startMeters === null) {
      startMeters = fromMeters;
      nextMeters = fromMeters;
    }
    // a sample that falls on the very end of a stretch belongs to it, not to wherever the vehicle next moves
    for (; nextMeters <= toMeters + ROUNDING_METERS; nextMeters += everyMeters) {
      const fraction = toMeters > fromMeters ? Math.min(1, (nextMeters - fromMeters) / (toMeters - fromMeters)) : 0;
      const timeMs = fromMs + (toMs - fromMs) * fraction;
      if (timeMs < windowEndMs) timesMs.push(timeMs);
    }
  }
  return { timesMs, startMeters: startMeters ?? 0, stationaryMs };
}

function isMoving(a: CleanFix, b: CleanFix): boolean {
  return (a.speedMps + b.speedMps) / 2 >= STATIONARY_SPEED_MPS;
}

/** Metres driven since the first fix at any covered moment, counting only moving stretches without gaps. */
class DrivenDistance {
  private readonly metersAtFix: number[] = [];

  constructor(readonly fixes: readonly CleanFix[]) {
    let meters = 0;
    fixes.forEach((fix, index) => {
      const previous = fixes[index - 1];
      if (previous !== undefined && isBridged(fixes, index - 1) && isMoving(previous, fix)) {
        meters += haversineDistanceMeters(previous, fix);
      }
      this.metersAtFix.push(meters);
    });
  }

  /** at `timeMs`, which lies between fixes `index` and `index + 1` */
  within(index: number, timeMs: number): number {
    const startMs = this.fixes[index]!.timeMs;
    const fraction = (timeMs - startMs) / (this.fixes[index + 1]!.timeMs - startMs);
    const before = this.metersAtFix[index]!;
    return before + (this.metersAtFix[index + 1]! - before) * fraction;
  }

  /** null outside the track and inside gaps */
  at(timeMs: number): number | null {
    const bracket = bracketTime(this.fixes, timeMs);
    return bracket === null ? null : this.within(bracket.index, timeMs);
  }
}

function nearestFrameIndex(video: VideoTimeline, timeMs: number): number {
  const lastFrameIndex = Math.max(0, Math.ceil(video.durationSeconds / video.frameIntervalSeconds) - 1);
  const index = Math.round((timeMs - video.startTimeMs) / 1000 / video.frameIntervalSeconds);
  return Math.min(lastFrameIndex, Math.max(0, index));
}
