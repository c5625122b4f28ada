/**
 * Getting videos in: finding them among the paths given, naming them by content (sha256, as immich does, so the same
 * file given twice is one video), and keeping the raw file in the media store or setting it aside in quarantine.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { copyFile, link, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { describeError, InputError } from "../errors.js";
import { type MediaStore, writeFileAtomic } from "../storage/media-store.js";

/** Matched without regard to case: cameras write .MP4 */
export const VIDEO_EXTENSIONS = [".mp4", ".mov", ".mkv", ".avi"];

/** Under the data directory: raw videos that could not be processed, for a person to look at. */
export const QUARANTINE_FOLDER = "quarantine";

export interface FileProblem {
  file: string;
  problem: string;
}

/** The videos among `paths`: files as given, and the video files in folders and their sub-folders, sorted by name. */
export async function findVideoFiles(paths: readonly string[]): Promise<{ videos: string[]; problems: FileProblem[] }> {
  const videos: string[] = [];
  const problems: FileProblem[] = [];
  for (const given of paths) {
    const stats = await stat(given).catch(() => null);
    if (stats === null) problems.push({ file: given, problem: "no such file or folder" });
    else if (stats.isDirectory()) videos.push(...(await videosIn(given)));
    else if (isVideoName(given)) videos.push(given);
    else problems.push({ file: given, problem: `not a video file (expected ${VIDEO_EXTENSIONS.join(", ")})` });
  }
  return { videos, problems };
}

async function videosIn(folder: string): Promise<string[]> {
  const entries = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  const videos: string[] = [];
  for (const entry of entries) {
    // hidden files include uploads still being written (".VID_0001.mp4.part")
    if (entry.name.startsWith(".")) continue;
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) videos.push(...(await videosIn(entryPath)));
    else if (entry.isFile() && isVideoName(entry.name)) videos.push(entryPath);
  }
  return videos;
}

function isVideoName(file: string): boolean {
  return VIDEO_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** sha256 of the file's bytes, hex, read as a stream: videos are gigabytes. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  try {
    await pipeline(createReadStream(file), hash);
  } catch (error) {
    throw new InputError(file, `cannot read the file (${describeError(error)})`);
  }
  return hash.digest("hex");
}

/** Puts the file into the media store under its hash, unless it is there already; returns the stored path. */
export async function storeRawVideo(media: MediaStore, file: string, contentHash: string): Promise<string> {
  const storedPath = media.videoPath(contentHash);
  await linkOrCopy(file, media.absolutePath(storedPath));
  return storedPath;
}

/** Sets a stored raw video aside under <data>/quarantine/, with a note saying why; the database keeps the reason too. */
export async function quarantineRawVideo(
  dataDir: string,
  rawPath: string,
  video: { contentHash: string; originalName: string },
  reason: string,
): Promise<void> {
  const folder = path.join(dataDir, QUARANTINE_FOLDER);
  // a client's file name is never part of a path: only its extension, and only a known one
  const extension = path.extname(video.originalName).toLowerCase();
  await linkOrCopy(rawPath, path.join(folder, `${video.contentHash}${isVideoName(video.originalName) ? extension : ""}`));
  await writeFileAtomic(path.join(folder, `${video.contentHash}.txt`), `file: ${video.originalName}\nproblem: ${reason}\n`);
}

/**
 * A hard link costs no space and no time; across file systems, or where links are not supported, a copy is written
 * beside the target and renamed, so that a stop never leaves half a file. A target that exists already is the same
 * content (it is named by its hash) and stays.
 */
export async function linkOrCopy(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await link(source, target);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
  }
  const partial = `${target}.${randomUUID()}.partial`;
  try {
    await copyFile(source, partial);
    await rename(partial, target);
  } catch (error) {
    throw new InputError(source, `cannot store a copy in ${path.dirname(target)} (${describeError(error)})`);
  } finally {
    await rm(partial, { force: true });
  }
}
