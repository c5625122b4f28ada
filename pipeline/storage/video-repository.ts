import type { Kysely, Selectable, Updateable } from "kysely";
import { fromTimestampText, optionalTimestampMs, toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase, VideosTable, VideoStatus } from "./schema.js";

export interface NewVideo {
  /** sha256 of the file, hex: the same file uploaded twice is one video */
  contentHash: string;
  originalName: string;
  /** relative to the data directory, from MediaStore */
  storedPath: string;
  sizeBytes: number;
  deviceId: string | null;
  crew: string | null;
}

export interface Video extends NewVideo {
  id: number;
  recordedStartMs: number | null;
  durationSeconds: number | null;
  status: VideoStatus;
  /** why the last attempt failed; cleared when the video is processed */
  error: string | null;
  quarantineReason: string | null;
  createdAtMs: number;
  processedAtMs: number | null;
  rawDeletedAtMs: number | null;
}

export type VideoStatusChange =
  | { status: "queued" | "processing"; error: string | null }
  | { status: "processed" }
  | { status: "quarantined"; reason: string }
  | { status: "deleted" };

export class VideoRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Adds the video unless one with the same content hash exists; either way returns the stored one. */
  async insertIfNew(video: NewVideo): Promise<{ video: Video; created: boolean }> {
    const inserted = await this.db
      .insertInto("videos")
      .values({
        content_hash: video.contentHash,
        original_name: video.originalName,
        stored_path: video.storedPath,
        size_bytes: video.sizeBytes,
        device_id: video.deviceId,
        crew: video.crew,
        status: "queued",
        created_at: toTimestampText(Date.now()),
      })
      .onConflict((conflict) => conflict.column("content_hash").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted !== undefined) return { video: toVideo(inserted), created: true };
    const existing = await this.db
      .selectFrom("videos")
      .selectAll()
      .where("content_hash", "=", video.contentHash)
      .executeTakeFirstOrThrow();
    return { video: toVideo(existing), created: false };
  }

  async get(id: number): Promise<Video | null> {
    const row = await this.db.selectFrom("videos").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toVideo(row);
  }

  async getByContentHash(contentHash: string): Promise<Video | null> {
    const row = await this.db.selectFrom("videos").selectAll().where("content_hash", "=", contentHash).executeTakeFirst();
    return row === undefined ? null : toVideo(row);
  }

  /** Oldest first, the order the pipeline works through them. */
  async listByStatus(statuses: readonly VideoStatus[]): Promise<Video[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db.selectFrom("videos").selectAll().where("status", "in", statuses).orderBy("id").execute();
    return rows.map(toVideo);
  }

  /** What probing the file found out. */
  async recordProbe(id: number, probe: { durationSeconds: number; recordedStartMs: number | null }): Promise<void> {
    await this.db
      .updateTable("videos")
      .set({
        duration_seconds: probe.durationSeconds,
        recorded_start: probe.recordedStartMs === null ? null : toTimestampText(probe.recordedStartMs),
      })
      .where("id", "=", id)
      .execute();
  }

  async setStatus(id: number, change: VideoStatusChange): Promise<void> {
    await this.db.updateTable("videos").set(statusColumns(change)).where("id", "=", id).execute();
  }

  /** The raw video file is gone (frames and defects stay). */
  async markRawDeleted(id: number): Promise<void> {
    await this.db.updateTable("videos").set({ raw_deleted_at: toTimestampText(Date.now()) }).where("id", "=", id).execute();
  }
}

function statusColumns(change: VideoStatusChange): Updateable<VideosTable> {
  switch (change.status) {
    case "processed":
      return { status: change.status, error: null, processed_at: toTimestampText(Date.now()) };
    case "quarantined":
      return { status: change.status, quarantine_reason: change.reason };
    case "deleted":
      return { status: change.status };
    default:
      return { status: change.status, error: change.error };
  }
}

function toVideo(row: Selectable<VideosTable>): Video {
  return {
    id: row.id,
    contentHash: row.content_hash,
    originalName: row.original_name,
    storedPath: row.stored_path,
    sizeBytes: row.size_bytes,
    deviceId: row.device_id,
    crew: row.crew,
    recordedStartMs: optionalTimestampMs(row.recorded_start),
    durationSeconds: row.duration_seconds,
    status: row.status,
    error: row.error,
    quarantineReason: row.quarantine_reason,
    createdAtMs: fromTimestampText(row.created_at),
    processedAtMs: optionalTimestampMs(row.processed_at),
    rawDeletedAtMs: optionalTimestampMs(row.raw_deleted_at),
  };
}
