import type { Kysely } from "kysely";
import type { TrackFormat, TrackPoint } from "../telemetry/track-point.js";
import { fromJsonText, toJsonText } from "./dialect.js";
import type { RoadwatchDatabase } from "./schema.js";

export interface StoredTrack {
  videoId: number;
  format: TrackFormat;
  /** cleaned fixes, sorted by time */
  points: TrackPoint[];
  gpsCoveredSeconds: number;
}

/** The GPS track a video was placed with, kept so later stages and re-runs need not parse it again. */
export class TrackRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Replaces the video's track. */
  async save(track: StoredTrack): Promise<void> {
    const columns = { format: track.format, points: toJsonText(track.points), gps_covered_seconds: track.gpsCoveredSeconds };
    await this.db
      .insertInto("tracks")
      .values({ video_id: track.videoId, ...columns })
      .onConflict((conflict) => conflict.column("video_id").doUpdateSet(columns))
      .execute();
  }

  async get(videoId: number): Promise<StoredTrack | null> {
    const row = await this.db.selectFrom("tracks").selectAll().where("video_id", "=", videoId).executeTakeFirst();
    if (row === undefined) return null;
    return {
      videoId: row.video_id,
      format: row.format,
      points: fromJsonText<TrackPoint[]>(row.points),
      gpsCoveredSeconds: row.gps_covered_seconds,
    };
  }
}
