/** Raw videos are large and, once processed, only needed for a while: the defects keep their frames and photos. */
import { rm } from "node:fs/promises";
import type { Storage } from "../storage/database.js";
import type { MediaStore } from "../storage/media-store.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  /** raw videos processed longer ago than this are deleted */
  retentionDays: number;
  nowMs: number;
}

/** Deletes the raw files of videos processed more than `retentionDays` ago, saying so for each; returns how many. */
export async function deleteExpiredRawVideos(
  storage: Storage,
  media: MediaStore,
  options: RetentionOptions,
  note: (message: string) => void,
): Promise<number> {
  const cutoffMs = options.nowMs - options.retentionDays * DAY_MS;
  const expired = (await storage.videos.listByStatus(["processed"])).filter(
    (video) => video.rawDeletedAtMs === null && video.processedAtMs !== null && video.processedAtMs <= cutoffMs,
  );
  for (const video of expired) {
    await rm(media.absolutePath(video.storedPath), { force: true });
    await storage.videos.markRawDeleted(video.id);
    const processedOn = new Date(video.processedAtMs!).toISOString().slice(0, 10);
    note(
      `deleted the raw video of ${video.originalName} (video ${video.id}, processed ${processedOn}): ` +
        `older than ${options.retentionDays} days`,
    );
  }
  return expired.length;
}
