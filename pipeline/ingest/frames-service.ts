/**
 * Video + GPS → geotagged frames, one every N metres driven: the decisions of `roadwatch frames`,
 * shared by the CLI and the nightly pipeline. One bad video never stops the others.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FfmpegAdapter, VideoProbe } from "../adapters/ffmpeg.js";
import { describeError, InputError } from "../errors.js";
import { findSidecarTrack, readEmbeddedTrack, readTrackFile } from "../telemetry/index.js";
import type { ParsedTrack } from "../telemetry/track-point.js";
import { cleanTrack, type CleanFix } from "./clean-track.js";
import { extractFrames } from "./extract-frames.js";
import { framesFeatureCollection } from "./frames-geojson.js";
import { sampleByDistance, type FrameSample } from "./sample-by-distance.js";
import { resolveVideoStartTime, type StartTimeSource, type VideoStartTime } from "./time-alignment.js";

export const GEOJSON_FILE_NAME = "frames.geojson";

/** Video data ending this much before the duration the container states means the file was cut off. */
export const TRUNCATION_TOLERANCE_SECONDS = 1;

export interface FramesRequest {
  videos: readonly string[];
  /** each video writes into outDir/<video name without extension>/ */
  outDir: string;
  /** one track file for all videos; without it: a sidecar file beside each video, else its embedded telemetry */
  trackPath?: string;
  everyMeters: number;
  /** UTC epoch ms of the first frame, overriding every other source (only sensible for a single video) */
  startTimeMs?: number;
  /** moves the video start later against the track */
  offsetSeconds: number;
  /** IANA zone for local-time file names */
  timeZone: string;
}

export interface VideoFramesResult {
  file: string;
  /** where the JPEGs and frames.geojson are; null when the video failed */
  outputDir: string | null;
  frames: number;
  durationSeconds: number;
  gpsCoveredSeconds: number;
  stationarySkippedSeconds: number;
  /** seconds of video actually decoded to get the frames */
  decodedSeconds: number;
  /** UTC ISO 8601 of the first frame */
  startTime: string | null;
  startTimeSource: StartTimeSource | null;
  /** the zone a file-name start time was read in */
  timeZone: string | null;
  warnings: string[];
  error?: string;
}

export interface FramesSummary {
  videos: VideoFramesResult[];
  frames: number;
  gpsCoveredSeconds: number;
  stationarySkippedSeconds: number;
  /** every video's warnings, each prefixed with its file */
  warnings: string[];
  /** one message per failed video, naming the file and the problem */
  errors: string[];
}

interface VideoTrack {
  /** the file the fixes came from, for messages */
  source: string;
  parsed: ParsedTrack;
  /** the video's own telemetry, which times the video even when the positions come from elsewhere */
  embedded: ParsedTrack | null;
}

export class FramesService {
  constructor(private readonly ffmpeg: FfmpegAdapter) {}

  async run(request: FramesRequest): Promise<FramesSummary> {
    const videos: VideoFramesResult[] = [];
    const videoByOutputDir = new Map<string, string>();
    for (const video of request.videos) {
      const outputDir = path.join(request.outDir, path.parse(video).name);
      const earlier = videoByOutputDir.get(outputDir);
      videoByOutputDir.set(outputDir, video);
      videos.push(
        earlier === undefined
          ? await this.processVideo(video, outputDir, request)
          : failedResult(video, new InputError(video, `same name as ${earlier}, whose frames go to ${outputDir}: rename one`).message),
      );
    }
    return {
      videos,
      frames: sum(videos.map((video) => video.frames)),
      gpsCoveredSeconds: sum(videos.map((video) => video.gpsCoveredSeconds)),
      stationarySkippedSeconds: sum(videos.map((video) => video.stationarySkippedSeconds)),
      warnings: videos.flatMap((video) => video.warnings.map((warning) => `${video.file}: ${warning}`)),
      errors: videos.flatMap((video) => (video.error === undefined ? [] : [video.error])),
    };
  }

  private async processVideo(video: string, outputDir: string, request: FramesRequest): Promise<VideoFramesResult> {
    try {
      return await this.extractVideo(video, outputDir, request);
    } catch (error) {
      // an InputError already names its file; anything else is ours or ffmpeg's, still reported against the video
      return failedResult(video, error instanceof InputError ? error.message : `${video}: ${describeError(error)}`);
    }
  }

  private async extractVideo(video: string, outputDir: string, request: FramesRequest): Promise<VideoFramesResult> {
    const { probe, keyframeSeconds } = await this.probeIntactVideo(video);
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
      fileName: path.basename(video),
      durationSeconds: probe.durationSeconds,
      startOptionMs: request.startTimeMs,
      embeddedFirstFix: track.embedded?.videoTimeAnchor,
      creationTimeMs: probe.creationTimeMs ?? undefined,
      timeZone: request.timeZone,
      offsetSeconds: request.offsetSeconds,
      trackFixes: cleaned.fixes,
    });
    if (start === null) {
      throw new InputError(video, "unknown start time: no GPS telemetry, creation_time or date in the file name; pass --start");
    }
    const sampling = sampleByDistance(
      cleaned.fixes,
      { startTimeMs: start.startTimeMs, durationSeconds: probe.durationSeconds, frameIntervalSeconds: 1 / probe.framesPerSecond },
      request.everyMeters,
    );
    if (sampling.gpsCoveredSeconds === 0) {
      throw new InputError(video, noOverlapProblem(track.source, cleaned.fixes, start, probe));
    }

    const written = await this.writeFrames(video, outputDir, probe, keyframeSeconds, sampling.samples);
    const missing = sampling.samples.length - written.frames;
    return {
      file: video,
      outputDir,
      frames: written.frames,
      durationSeconds: probe.durationSeconds,
      gpsCoveredSeconds: sampling.gpsCoveredSeconds,
      stationarySkippedSeconds: sampling.stationarySkippedSeconds,
      decodedSeconds: written.decodedSeconds,
      startTime: new Date(start.startTimeMs).toISOString(),
      startTimeSource: start.source,
      timeZone: start.timeZone,
      warnings: [
        ...trackWarnings(video, track, cleaned.droppedByReason),
        ...start.warnings,
        ...(missing > 0 ? [`${missing} wanted frames could not be decoded`] : []),
        ...(written.frames === 0 ? ["no frames: the vehicle did not move while the video had GPS"] : []),
      ],
    };
  }

  /** Probes the video and checks that its data runs as long as its container says. */
  private async probeIntactVideo(video: string): Promise<{ probe: VideoProbe; keyframeSeconds: number[] }> {
    const probe = await this.ffmpeg.probe(video);
    const packets = await this.ffmpeg.indexPackets(video);
    const dataEndSeconds = packets.lastPacketEndSeconds - probe.firstFrameSeconds;
    if (dataEndSeconds < probe.durationSeconds - TRUNCATION_TOLERANCE_SECONDS) {
      throw new InputError(video, `truncated: video data ends at ${dataEndSeconds.toFixed(1)} s of ${probe.durationSeconds.toFixed(1)} s`);
    }
    return { probe, keyframeSeconds: packets.keyframeSeconds };
  }

  /**
   * Writes the samples' JPEGs and frames.geojson into a folder beside `outputDir` and renames it into place
   * (replacing an earlier run's), so that a crash never leaves a half-written frames folder.
   */
  private async writeFrames(
    video: string,
    outputDir: string,
    probe: VideoProbe,
    keyframeSeconds: readonly number[],
    samples: readonly FrameSample[],
  ): Promise<{ frames: number; decodedSeconds: number }> {
    const stem = path.parse(video).name;
    const frames = samples.map((sample, index) => ({ sample, fileName: `${stem}_${String(index).padStart(6, "0")}.jpg` }));
    const requests = frames.map(({ sample, fileName }) => ({ frameTimeSeconds: sample.frameTimeSeconds, fileName }));
    await mkdir(path.dirname(outputDir), { recursive: true });
    const partialDir = await mkdtemp(path.join(path.dirname(outputDir), `.${stem}.partial-`));
    try {
      const extraction = await extractFrames(this.ffmpeg, video, probe, keyframeSeconds, requests, partialDir);
      const writtenNames = new Set(extraction.written.map((frame) => frame.fileName));
      const writtenFrames = frames.filter((frame) => writtenNames.has(frame.fileName));
      const geoJson = framesFeatureCollection(path.basename(video), writtenFrames);
      await writeFile(path.join(partialDir, GEOJSON_FILE_NAME), `${JSON.stringify(geoJson, null, 1)}\n`);
      await replaceDirectory(partialDir, outputDir);
      return { frames: writtenFrames.length, decodedSeconds: extraction.decodedSeconds };
    } finally {
      await rm(partialDir, { recursive: true, force: true });
    }
  }
}

/** --track, else a track file beside the video, else the video's own GPS telemetry. */
async function loadTrack(video: string, trackPath: string | undefined, mayHoldTelemetry: boolean): Promise<VideoTrack> {
  const trackFile = trackPath ?? (await findSidecarTrack(video));
  if (trackFile !== null) {
    const embedded = mayHoldTelemetry ? await readEmbeddedTiming(video) : null;
    return { source: trackFile, parsed: await readTrackFile(trackFile), embedded };
  }
  const embedded = mayHoldTelemetry ? await readEmbeddedTrack(video) : null;
  if (embedded === null) {
    throw new InputError(video, "no GPS: no --track given, no track file beside the video, and no GPS telemetry inside it");
  }
  return { source: video, parsed: embedded, embedded };
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

/** Swaps `partialDir` in as `outputDir`, replacing the frames of an earlier run. */
async function replaceDirectory(partialDir: string, outputDir: string): Promise<void> {
  const previousDir = `${partialDir}-previous`;
  const hadPrevious = await rename(outputDir, previousDir).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return false;
      throw error;
    },
  );
  await rename(partialDir, outputDir);
  if (hadPrevious) await rm(previousDir, { recursive: true, force: true });
}

function noOverlapProblem(trackSource: string, fixes: readonly CleanFix[], start: VideoStartTime, probe: VideoProbe): string {
  const iso = (timeMs: number) => new Date(timeMs).toISOString();
  const videoEndMs = start.startTimeMs + probe.durationSeconds * 1000;
  return (
    `the track ${trackSource} (${iso(fixes[0]!.timeMs)} to ${iso(fixes.at(-1)!.timeMs)}) does not overlap the video in time ` +
    `(${iso(start.startTimeMs)} to ${iso(videoEndMs)}, start from ${start.source}); pass --start or --offset`
  );
}

function trackWarnings(video: string, track: VideoTrack, droppedByReason: Record<string, number>): string[] {
  const origin = track.source === video ? "GPS telemetry" : track.source;
  const skipped = countTotal(track.parsed.skipped);
  const dropped = countTotal(droppedByReason);
  return [
    ...track.parsed.warnings,
    ...(skipped > 0 ? [`${origin}: skipped ${skipped} records (${describeCounts(track.parsed.skipped)})`] : []),
    ...(dropped > 0 ? [`${origin}: dropped ${dropped} GPS fixes (${describeCounts(droppedByReason)})`] : []),
  ];
}

function countTotal(counts: Record<string, number>): number {
  return sum(Object.values(counts));
}

/** "bad checksum: 3, no fix: 1" */
function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join(", ");
}

function failedResult(file: string, error: string): VideoFramesResult {
  return {
    file,
    outputDir: null,
    frames: 0,
    durationSeconds: 0,
    gpsCoveredSeconds: 0,
    stationarySkippedSeconds: 0,
    decodedSeconds: 0,
    startTime: null,
    startTimeSource: null,
    timeZone: null,
    warnings: [],
    error,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
