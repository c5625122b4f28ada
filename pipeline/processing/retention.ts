/**
 * Raw videos are large and, once processed, only needed for a while: the defects keep their frames and photos,
 * which were anonymised before they were stored. A raw video is the one record with faces and number plates in it.
 */
import { rm } from "node:fs/promises";
import { AuditTrail } from "../accounts/audit-trail.js";
import type { Storage } from "../storage/database.js";
import type { MediaStore } from "../storage/media-store.js";
import type { Video } from "../storage/video-repository.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who deleted footage, in the audit log, when no person did: the retention rule. */
export const RETENTION_ACTOR = "retention";

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
  const expired = (await storage.videos.listByStatus(["processed"])).filter((video) => {
    const deleteAfterMs = rawVideoDeleteAfterMs(video, options.retentionDays);
    return video.rawDeletedAtMs === null && deleteAfterMs !== null && deleteAfterMs <= options.nowMs;
  });
  const audit = new AuditTrail(storage.audit, () => options.nowMs);
  for (const video of expired) {
    await rm(media.absolutePath(video.storedPath), { force: true });
    await storage.videos.markRawDeleted(video.id);
    const processedOn = new Date(video.processedAtMs!).toISOString().slice(0, 10);
    await audit.record(RETENTION_ACTOR, "footage.deleted", `video:${video.id}`, {
      originalName: video.originalName,
      processedOn,
      retentionDays: options.retentionDays,
    });
    note(
      `deleted the raw video of ${video.originalName} (video ${video.id}, processed ${processedOn}): ` +
        `older than ${options.retentionDays} days`,
    );
  }
  return expired.length;
}

/**
 * From when the raw video may be deleted: `retentionDays` after it was processed; the first run after that deletes
 * it. Null while it is not processed (waiting, in progress or in quarantine): no rule deletes it then.
 */
export function rawVideoDeleteAfterMs(video: Pick<Video, "status" | "processedAtMs">, retentionDays: number): number | null {
  if (video.status !== "processed" || video.processedAtMs === null) return null;
  return video.processedAtMs + retentionDays * DAY_MS;
}
