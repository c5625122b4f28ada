/**
 * Video + GPS → geotagged frames, one every N metres driven: the decisions of `roadwatch frames`,
 * shared by the CLI and the nightly pipeline. One bad video never stops the others.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FfmpegAdapter, VideoProbe } from "../adapters/ffmpeg.js";
import { describeError, InputError } from "../errors.js";
import { extractFrames } from "./extract-frames.js";
import { framesFeatureCollection } from "./frames-geojson.js";
import type { FrameSample } from "./sample-by-distance.js";
import type { StartTimeSource } from "./time-alignment.js";
import { alignTrack, probeIntactVideo, sampleVideoFrames } from "./video-sampling.js";

export const GEOJSON_FILE_NAME = "frames.geojson";

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
    const { probe, keyframeSeconds } = await probeIntactVideo(this.ffmpeg, video);
    const track = await alignTrack({ path: video, originalPath: video }, probe, request);
    const sampling = sampleVideoFrames(track.fixes, track.start.startTimeMs, probe, request.everyMeters);
    const written = await this.writeFrames(video, outputDir, probe, keyframeSeconds, sampling.samples);
    const missing = sampling.samples.length - written.frames;
    return {
      file: video,
      outputDir,
      frames: written.frames,
      durationSeconds: probe.durationSeconds,
      gpsCoveredSeconds: track.gpsCoveredSeconds,
      stationarySkippedSeconds: sampling.stationarySkippedSeconds,
      decodedSeconds: written.decodedSeconds,
      startTime: new Date(track.start.startTimeMs).toISOString(),
      startTimeSource: track.start.source,
      timeZone: track.start.timeZone,
      warnings: [
        ...track.warnings,
        ...(missing > 0 ? [`${missing} wanted frames could not be decoded`] : []),
        ...(written.frames === 0 ? ["no frames: the vehicle did not move while the video had GPS"] : []),
      ],
    };
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
