/**
 * The decisions that turn a video and its GPS into frame samples, shared by `roadwatch frames` and the nightly
 * pipeline: whether the file is intact, where its track comes from and whether it is usable, when the video
 * started, and which frames to keep.
 */
import path from "node:path";
import type { FfmpegAdapter, VideoProbe } from "../adapters/ffmpeg.js";
import { InputError } from "../errors.js";
import { findSidecarTrack, readEmbeddedTrack, readTrackFile } from "../telemetry/index.js";
import type { ParsedTrack, TrackFormat } from "../telemetry/track-point.js";
import { cleanTrack, type CleanFix } from "./clean-track.js";
import { sampleByDistance, type DistanceSampling } from "./sample-by-distance.js";
import { resolveVideoStartTime, type VideoStartTime } from "./time-alignment.js";
import { coveredDurationMs } from "./track-coverage.js";

/** Video data ending this much before the duration the container states means the file was cut off. */
export const TRUNCATION_TOLERANCE_SECONDS = 1;

export interface IntactVideo {
  probe: VideoProbe;
  /** file timestamps of the keyframes, ascending */
  keyframeSeconds: number[];
}

/** Probes the video and checks that its data runs as long as its container says. */
export async function probeIntactVideo(ffmpeg: FfmpegAdapter, video: string): Promise<IntactVideo> {
  const probe = await ffmpeg.probe(video);
  const packets = await ffmpeg.indexPackets(video);
  const dataEndSeconds = packets.lastPacketEndSeconds - probe.firstFrameSeconds;
  if (dataEndSeconds < probe.durationSeconds - TRUNCATION_TOLERANCE_SECONDS) {
    throw new InputError(video, `truncated: video data ends at ${dataEndSeconds.toFixed(1)} s of ${probe.durationSeconds.toFixed(1)} s`);
  }
  return { probe, keyframeSeconds: packets.keyframeSeconds };
}

export interface VideoFile {
  /** where the video is read */
  path: string;
  /** the file as the user gave it: messages name it, a track file is looked for beside it, its name may date it */
  originalPath: string;
}

export interface TrackRequest {
  /** a track file; without it a track file beside the video, else its embedded telemetry */
  trackPath?: string;
  /** UTC epoch ms of the first frame, overriding every other source */
  startTimeMs?: number;
  /** moves the video start later against the track */
  offsetSeconds: number;
  /** IANA zone for local-time file names */
  timeZone: string;
}

export interface AlignedTrack {
  /** the file the fixes came from, for messages */
  source: string;
  format: TrackFormat;
  fixes: CleanFix[];
  start: VideoStartTime;
  /** seconds of the video for which the track knows the position: more than 0 */
  gpsCoveredSeconds: number;
  /** about the track's records and fixes and the start time */
  warnings: string[];
}

/** Loads and cleans the video's track and puts the video on its clock; an InputError when they cannot be matched. */
export async function alignTrack(video: VideoFile, probe: VideoProbe, request: TrackRequest): Promise<AlignedTrack> {
  // GoPro GPMF and CAMM live in MP4/MOV files only
  const mayHoldTelemetry = probe.containerFormat.split(",").includes("mp4");
  const track = await loadTrack(video, request.trackPath, mayHoldTelemetry);
  const cleaned = cleanTrack(track.parsed.points);
  if (cleaned.fixes.length < 2) {
    const dropped = countTotal(cleaned.droppedByReason);
    const detail = dropped > 0 ? ` (dropped ${dropped}: ${describeCounts(cleaned.droppedByReason)})` : "";
    throw new InputError(track.source, `too few usable GPS fixes: ${cleaned.fixes.length}${detail}`);
  }
  const start = resolveVideoStartTime({
    fileName: path.basename(video.originalPath),
    durationSeconds: probe.durationSeconds,
    startOptionMs: request.startTimeMs,
    embeddedFirstFix: track.embedded?.videoTimeAnchor,
    creationTimeMs: probe.creationTimeMs ?? undefined,
    timeZone: request.timeZone,
    offsetSeconds: request.offsetSeconds,
    trackFixes: cleaned.fixes,
  });
  if (start === null) {
    throw new InputError(video.originalPath, "unknown start time: no GPS telemetry, creation_time or date in the file name; pass --start");
  }
  const videoEndMs = start.startTimeMs + probe.durationSeconds * 1000;
  const gpsCoveredSeconds = coveredDurationMs(cleaned.fixes, start.startTimeMs, videoEndMs) / 1000;
  if (gpsCoveredSeconds === 0) {
    throw new InputError(video.originalPath, noOverlapProblem(track.source, cleaned.fixes, start, videoEndMs));
  }
  return {
    source: track.source,
    format: track.parsed.format,
    fixes: cleaned.fixes,
    start,
    gpsCoveredSeconds,
    warnings: [...trackWarnings(video, track, cleaned.droppedByReason), ...start.warnings],
  };
}

/** The frames to keep: one every `everyMeters` driven, on whole frames of the video. */
export function sampleVideoFrames(
  fixes: readonly CleanFix[],
  startTimeMs: number,
  probe: Pick<VideoProbe, "durationSeconds" | "framesPerSecond">,
  everyMeters: number,
): DistanceSampling {
  return sampleByDistance(
    fixes,
    { startTimeMs, durationSeconds: probe.durationSeconds, frameIntervalSeconds: 1 / probe.framesPerSecond },
    everyMeters,
  );
}

interface VideoTrack {
  /** the file the fixes came from, for messages */
  source: string;
  parsed: ParsedTrack;
  /** the video's own telemetry, which times the video even when the positions come from elsewhere */
  embedded: ParsedTrack | null;
}

/** The given track file, else a track file beside the video, else the video's own GPS telemetry. */
async function loadTrack(video: VideoFile, trackPath: string | undefined, mayHoldTelemetry: boolean): Promise<VideoTrack> {
  const trackFile = trackPath ?? (await findSidecarTrack(video.originalPath));
  if (trackFile !== null) {
    const embedded = mayHoldTelemetry ? await readEmbeddedTiming(video.path) : null;
    return { source: trackFile, parsed: await readTrackFile(trackFile), embedded };
  }
  const embedded = mayHoldTelemetry ? await readEmbeddedTrack(video.path) : null;
  if (embedded === null) {
    throw new InputError(video.originalPath, "no GPS: no --track given, no track file beside the video, and no GPS telemetry inside it");
  }
  return { source: video.originalPath, parsed: embedded, embedded };
}

/** The video's own telemetry only times it here, so telemetry without GPS is no error. */
async function readEmbeddedTiming(video: string): Promise<ParsedTrack | null> {
  try {
    return await readEmbeddedTrack(video);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

function noOverlapProblem(trackSource: string, fixes: readonly CleanFix[], start: VideoStartTime, videoEndMs: number): string {
  const iso = (timeMs: number) => new Date(timeMs).toISOString();
  return (
    `the track ${trackSource} (${iso(fixes[0]!.timeMs)} to ${iso(fixes.at(-1)!.timeMs)}) does not overlap the video in time ` +
    `(${iso(start.startTimeMs)} to ${iso(videoEndMs)}, start from ${start.source}); pass --start or --offset`
  );
}

function trackWarnings(video: VideoFile, track: VideoTrack, droppedByReason: Record<string, number>): string[] {
  const origin = track.source === video.originalPath ? "GPS telemetry" : track.source;
  const skipped = countTotal(track.parsed.skipped);
  const dropped = countTotal(droppedByReason);
  return [
    ...track.parsed.warnings,
    ...(skipped > 0 ? [`${origin}: skipped ${skipped} records (${describeCounts(track.parsed.skipped)})`] : []),
    ...(dropped > 0 ? [`${origin}: dropped ${dropped} GPS fixes (${describeCounts(droppedByReason)})`] : []),
  ];
}

function countTotal(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

/** "bad checksum: 3, no fix: 1" */
function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(", ");
}
