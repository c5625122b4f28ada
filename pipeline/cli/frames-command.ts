import { Command, InvalidArgumentError } from "commander";
import { FfmpegAdapter } from "../adapters/ffmpeg.js";
import type { Config } from "../config.js";
import { FramesService, GEOJSON_FILE_NAME, type FramesRequest, type FramesSummary, type VideoFramesResult } from "../ingest/frames-service.js";
import { DEFAULT_EVERY_METERS } from "../ingest/sample-by-distance.js";
import { readStartOption, validateTimeZone } from "../ingest/time-alignment.js";
import type { CommandOutput } from "./command-output.js";

interface FramesOptions {
  out: string;
  track?: string;
  every: number;
  start?: number;
  offset: number;
  tz: string;
  json?: boolean;
}

export function framesCommand(config: Config): Command {
  return new Command("frames")
    .description("Extract geotagged JPEG frames from vehicle video: one every N metres driven, none while standing still.")
    .argument("<videos...>", "video files (MP4, MOV, ...)")
    .requiredOption("--out <dir>", `output folder; each video writes <dir>/<video name>/ with its JPEGs and ${GEOJSON_FILE_NAME}`)
    .option("--track <file>", "GPS track (GPX, NMEA, CSV) for every video; default: a track file beside each video, else its GoPro or CAMM telemetry")
    .option("--every <meters>", "metres driven between frames", positiveNumber, DEFAULT_EVERY_METERS)
    .option("--start <time>", "time of the first frame, ISO 8601 with offset (e.g. 2024-01-12T18:11:19+01:00); one video only", startTime)
    .option("--offset <seconds>", "move the video start this many seconds later against the track (negative: earlier)", finiteNumber, 0)
    .option("--tz <zone>", "IANA time zone of local times in dashcam file names such as 20240112181119_180.MP4", timeZone, config.defaultTimeZone)
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      [
        "",
        "The start time comes from --start, else the video's GPS telemetry, else its MP4 creation_time, else a date",
        "in its file name. A video that cannot be used is reported on stderr, the other videos are still processed,",
        "and the exit code is 1.",
      ].join("\n"),
    )
    .action(async (videos: string[], options: FramesOptions, command: Command) => {
      if (options.start !== undefined && videos.length > 1) command.error("error: --start gives the start of one video; run one video at a time");
      const request: FramesRequest = {
        videos,
        outDir: options.out,
        trackPath: options.track,
        everyMeters: options.every,
        startTimeMs: options.start,
        offsetSeconds: options.offset,
        timeZone: options.tz,
      };
      const output = { stdout: (text: string) => process.stdout.write(text), stderr: (text: string) => process.stderr.write(text) };
      process.exitCode = await runFramesCommand(new FramesService(new FfmpegAdapter(config)), request, options.json === true, output);
    });
}

/** Returns the exit code: 1 when any video failed. */
export async function runFramesCommand(
  service: FramesService,
  request: FramesRequest,
  json: boolean,
  output: CommandOutput,
): Promise<number> {
  const summary = await service.run(request);
  output.stdout(json ? `${JSON.stringify(toJson(summary), null, 2)}\n` : summaryText(summary));
  for (const error of summary.errors) output.stderr(`${error}\n`);
  return summary.errors.length > 0 ? 1 : 0;
}

/** Seconds to a tenth: the JSON is read by people and scripts, and 17.999999 helps neither. */
function toJson(summary: FramesSummary) {
  return {
    ...summary,
    videos: summary.videos.map((video) => ({
      ...video,
      durationSeconds: round1(video.durationSeconds),
      gpsCoveredSeconds: round1(video.gpsCoveredSeconds),
      stationarySkippedSeconds: round1(video.stationarySkippedSeconds),
      decodedSeconds: round1(video.decodedSeconds),
    })),
    gpsCoveredSeconds: round1(summary.gpsCoveredSeconds),
    stationarySkippedSeconds: round1(summary.stationarySkippedSeconds),
  };
}

function summaryText(summary: FramesSummary): string {
  const lines = summary.videos
    .filter((video) => video.error === undefined)
    .flatMap((video) => [
      `${video.file}: ${video.frames} frames → ${video.outputDir}`,
      `  start ${video.startTime} (${describeSource(video)}); ${round1(video.gpsCoveredSeconds)} of ${round1(video.durationSeconds)} s with GPS, ` +
        `${round1(video.stationarySkippedSeconds)} s standing still skipped, ${round1(video.decodedSeconds)} s decoded`,
      ...video.warnings.map((warning) => `  warning: ${warning}`),
    ]);
  const succeeded = summary.videos.length - summary.errors.length;
  lines.push(`${summary.frames} frames from ${succeeded} of ${summary.videos.length} videos`);
  return `${lines.join("\n")}\n`;
}

function describeSource(video: VideoFramesResult): string {
  return video.timeZone === null ? `${video.startTimeSource}` : `${video.startTimeSource}, read in ${video.timeZone}`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function finiteNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new InvalidArgumentError(`"${text}" is not a number`);
  return value;
}

function positiveNumber(text: string): number {
  const value = finiteNumber(text);
  if (value <= 0) throw new InvalidArgumentError(`"${text}" is not a positive number`);
  return value;
}

function startTime(text: string): number {
  const reading = readStartOption(text);
  if (!reading.valid) throw new InvalidArgumentError(reading.reason);
  return reading.timeMs;
}

function timeZone(text: string): string {
  const validation = validateTimeZone(text);
  if (!validation.valid) throw new InvalidArgumentError(validation.reason);
  return text;
}
