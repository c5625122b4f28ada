/**
 * Where a video's GPS comes from: a track file (GPX, NMEA, CSV), the telemetry inside the MP4 (GoPro GPMF,
 * CAMM), or a track file found beside the video.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.js";
import { readCammTrack } from "./camm.js";
import { parseCsv } from "./csv.js";
import { readGpmfTrack } from "./gpmf.js";
import { parseGpx } from "./gpx.js";
import { Mp4File } from "./mp4-boxes.js";
import { parseNmea } from "./nmea.js";
import type { ParsedTrack } from "./track-point.js";

type TextParser = (text: string, file: string) => ParsedTrack;

/** Track file parsers by lower-case extension; loggers often save NMEA as .txt or .log. */
const PARSERS_BY_EXTENSION: Record<string, TextParser> = {
  ".gpx": parseGpx,
  ".nmea": parseNmea,
  ".nmea0183": parseNmea,
  ".txt": parseNmea,
  ".log": parseNmea,
  ".csv": parseCsv,
};

/** Extensions that mark a file as a track when looking beside a video (.txt and .log could be anything). */
const SIDECAR_EXTENSIONS = [".gpx", ".nmea", ".nmea0183", ".csv"];

export async function readTrackFile(file: string): Promise<ParsedTrack> {
  const extension = path.extname(file).toLowerCase();
  const parse = PARSERS_BY_EXTENSION[extension];
  if (parse === undefined) {
    const known = Object.keys(PARSERS_BY_EXTENSION).join(", ");
    throw new InputError(file, `unknown track format '${extension || "(no extension)"}' (expected ${known})`);
  }
  const text = await readTrackText(file);
  if (text.trim() === "") throw new InputError(file, "empty file");
  return parse(text, file);
}

async function readTrackText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError(file, "file not found");
    throw error;
  }
}

/**
 * The GPS embedded in an MP4: GoPro GPMF first, then CAMM. Null when the video has neither telemetry track;
 * an InputError when it has telemetry without GPS, or is not a readable MP4.
 */
export async function readEmbeddedTrack(videoPath: string): Promise<ParsedTrack | null> {
  const mp4 = await Mp4File.open(videoPath);
  try {
    return (await readGpmfTrack(mp4)) ?? (await readCammTrack(mp4));
  } finally {
    await mp4.close();
  }
}

/**
 * The track file that belongs to a video: VIDEO.gpx, VIDEO.nmea or VIDEO.csv beside VIDEO.mp4 (any case of
 * extension), else the only track file in the folder. Null when there is none or the choice is ambiguous.
 */
export async function findSidecarTrack(videoPath: string): Promise<string | null> {
  const folder = path.dirname(videoPath);
  const videoStem = path.parse(videoPath).name;
  const trackFiles = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && SIDECAR_EXTENSIONS.includes(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort();
  const sameStem = SIDECAR_EXTENSIONS.map((extension) =>
    trackFiles.find((name) => path.parse(name).name === videoStem && path.extname(name).toLowerCase() === extension),
  ).find((name) => name !== undefined);
  const chosen = sameStem ?? (trackFiles.length === 1 ? trackFiles[0] : undefined);
  return chosen === undefined ? null : path.join(folder, chosen);
}
