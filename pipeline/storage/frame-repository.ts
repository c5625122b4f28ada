import type { Kysely, Selectable } from "kysely";
import type { FrameSample } from "../ingest/sample-by-distance.js";
import { atomically, inChunks } from "./batch.js";
import { fromTimestampText, toTimestampText } from "./dialect.js";
import type { FramesTable, RoadwatchDatabase } from "./schema.js";

/** A sampled frame written to disk; the video and frame time make it the same frame again. */
export interface NewFrame extends FrameSample {
  videoId: number;
  /** the JPEG, relative to the data directory */
  path: string;
}

export interface Frame extends NewFrame {
  id: number;
}

export class FrameRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Frames already stored (same video and frame time) are left as they are; returns how many were new. */
  async insertMany(frames: readonly NewFrame[]): Promise<number> {
    return atomically(this.db, async (db) => {
      let inserted = 0;
      for (const chunk of inChunks(frames)) {
        const result = await db
          .insertInto("frames")
          .values(
            chunk.map((frame) => ({
              video_id: frame.videoId,
              frame_time_seconds: frame.frameTimeSeconds,
              time: toTimestampText(frame.timeMs),
              lat: frame.lat,
              lon: frame.lon,
              heading: frame.headingDegrees,
              speed_mps: frame.speedMps,
              distance_meters: frame.distanceMeters,
              path: frame.path,
            })),
          )
          .onConflict((conflict) => conflict.columns(["video_id", "frame_time_seconds"]).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return inserted;
    });
  }

  /** Stores the frame unless the video has one at that time already; either way returns the stored one. */
  async insertIfNew(frame: NewFrame): Promise<Frame> {
    await this.insertMany([frame]);
    const row = await this.db
      .selectFrom("frames")
      .selectAll()
      .where("video_id", "=", frame.videoId)
      .where("frame_time_seconds", "=", frame.frameTimeSeconds)
      .executeTakeFirstOrThrow();
    return toFrame(row);
  }

  /** In video order. */
  async listForVideo(videoId: number): Promise<Frame[]> {
    const rows = await this.db
      .selectFrom("frames")
      .selectAll()
      .where("video_id", "=", videoId)
      .orderBy("frame_time_seconds")
      .execute();
    return rows.map(toFrame);
  }
}

function toFrame(row: Selectable<FramesTable>): Frame {
  return {
    id: row.id,
    videoId: row.video_id,
    frameTimeSeconds: row.frame_time_seconds,
    timeMs: fromTimestampText(row.time),
    lat: row.lat,
    lon: row.lon,
    headingDegrees: row.heading,
    speedMps: row.speed_mps,
    distanceMeters: row.distance_meters,
    path: row.path,
  };
}
