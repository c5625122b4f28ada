/**
 * The inbox, <data>/inbox: vehicles' videos and their track files are dropped there (by a file share or a sync
 * tool) for the nightly run. A run takes only files that have stopped changing, and afterwards clears away each video
 * the pipeline has kept a copy of, so that the next night does not see it again.
 */
import { mkdir, rm, rmdir, stat } from "node:fs/promises";
import path from "node:path";
import { findSidecarTrack } from "../telemetry/index.js";
import { findVideoFiles } from "./uploads.js";

export const INBOX_FOLDER = "inbox";

/** An upload's own folder in the inbox, <inbox>/<sha256 of its video>/: see web/server/upload-service.ts. */
const UPLOAD_FOLDER_NAME = /^[0-9a-f]{64}$/;

/** A file modified more recently than this may still be arriving. */
export const QUIET_PERIOD_MS = 60_000;

interface FileState {
  sizeBytes: number;
  modifiedMs: number;
}

export interface InboxVideo {
  videoPath: string;
  /** the track file the pipeline reads beside the video; null: it reads the video's own telemetry */
  trackPath: string | null;
}

export interface InboxScan {
  /** the video and its track file have stopped changing; each with the files' state when the run took them */
  ready: Array<InboxVideo & { states: ReadonlyMap<string, FileState> }>;
  /** the video or its track file is still being copied: left for the next run */
  arriving: InboxVideo[];
}

/**
 * Looks at every video in the inbox and its track file twice, `pauseBetweenLooks` apart: a file whose size or time
 * changed in between, or that was modified within QUIET_PERIOD_MS, is still arriving. (Some copy tools set a
 * file's time to the original's before they write its bytes, so the time alone does not tell.)
 */
export async function scanInbox(inboxDir: string, pauseBetweenLooks: () => Promise<void>): Promise<InboxScan> {
  await mkdir(inboxDir, { recursive: true });
  const { videos } = await findVideoFiles([inboxDir]);
  const candidates = await Promise.all(
    videos.map(async (videoPath): Promise<InboxVideo> => ({ videoPath, trackPath: await findSidecarTrack(videoPath) })),
  );
  const files = candidates.flatMap(filesOf);
  const firstLook = await lookAt(files);
  await pauseBetweenLooks();
  const secondLook = await lookAt(files);
  const quietSinceMs = Date.now() - QUIET_PERIOD_MS;
  const settled = (file: string) => {
    const [first, second] = [firstLook.get(file), secondLook.get(file)];
    return first !== undefined && second !== undefined && sameState(first, second) && second.modifiedMs <= quietSinceMs;
  };
  const scan: InboxScan = { ready: [], arriving: [] };
  for (const video of candidates) {
    if (filesOf(video).every(settled)) scan.ready.push({ ...video, states: secondLook });
    else scan.arriving.push(video);
  }
  return scan;
}

/**
 * Removes a video the pipeline has kept, and its track file unless a video staying in the inbox reads the same one.
 * A file that changed since the run took it stays: it is a new upload under the old name. An upload's own folder
 * goes with its last file. Returns the files left.
 */
export async function removeFromInbox(
  video: InboxScan["ready"][number],
  tracksStillNeeded: ReadonlySet<string>,
): Promise<string[]> {
  const removable = filesOf(video).filter((file) => !tracksStillNeeded.has(file));
  const now = await lookAt(removable);
  const left: string[] = [];
  for (const file of removable) {
    const taken = video.states.get(file);
    const current = now.get(file);
    if (current === undefined) continue;
    if (taken !== undefined && sameState(taken, current)) await rm(file, { force: true });
    else left.push(file);
  }
  const folder = path.dirname(video.videoPath);
  // rmdir leaves a folder that still holds anything, such as a track another upload's video reads
  if (UPLOAD_FOLDER_NAME.test(path.basename(folder))) await rmdir(folder).catch(() => undefined);
  return left;
}

function filesOf(video: InboxVideo): string[] {
  return video.trackPath === null ? [video.videoPath] : [video.videoPath, video.trackPath];
}

/** Size and modification time of each file that exists. */
async function lookAt(files: readonly string[]): Promise<Map<string, FileState>> {
  const states = new Map<string, FileState>();
  for (const file of files) {
    const stats = await stat(file).catch(() => null);
    if (stats !== null) states.set(file, { sizeBytes: stats.size, modifiedMs: stats.mtimeMs });
  }
  return states;
}

function sameState(a: FileState, b: FileState): boolean {
  return a.sizeBytes === b.sizeBytes && a.modifiedMs === b.modifiedMs;
}
