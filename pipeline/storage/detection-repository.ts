import type { Kysely, Selectable } from "kysely";
import type { GroundPlacement } from "../defects/camera-model.js";
import type { Sighting } from "../defects/defect.js";
import type { Box } from "../detector/box.js";
import { atomically, inChunks } from "./batch.js";
import { fromTimestampText, type TimestampText } from "./dialect.js";
import type { DetectionsTable, RoadwatchDatabase } from "./schema.js";

export interface NewDetection {
  frameId: number;
  /** RDD2022 class code, e.g. "D40" */
  classId: string;
  score: number;
  /** in the frame's pixels */
  box: Box;
}

export type DetectionPlacement = Pick<GroundPlacement, "lat" | "lon" | "aheadMeters" | "lateralMeters" | "widthMeters">;

/** A stored detection with the frame it was found in: what the locate stage places on the ground. */
export interface FrameDetection extends NewDetection {
  id: number;
  frame: { lat: number; lon: number; headingDegrees: number | null };
}

/** A located detection that no defect holds yet: the input of merging. */
export interface MergeableDetection extends Sighting {
  frameId: number;
  box: Box;
}

/** What a detection query reads to rebuild the detection itself (see detectionOf). */
const DETECTION_COLUMNS = [
  "detections.frame_id",
  "detections.class",
  "detections.score",
  "detections.x1",
  "detections.y1",
  "detections.x2",
  "detections.y2",
] as const;

type DetectionRow = Pick<Selectable<DetectionsTable>, "frame_id" | "class" | "score" | "x1" | "y1" | "x2" | "y2">;

function detectionOf(row: DetectionRow): NewDetection {
  return { frameId: row.frame_id, classId: row.class, score: row.score, box: [row.x1, row.y1, row.x2, row.y2] };
}

/**
 * The columns a Sighting is read from: a located detection with its frame's time and video. Score and width are
 * the detection's own, or those of the observation that holds it.
 */
export interface SightingRow {
  detection_id: number;
  class: string;
  score: number;
  lat: number;
  lon: number;
  width_meters: number | null;
  seen_at: TimestampText;
  video_id: number;
}

export function sightingOf(row: SightingRow): Sighting {
  return {
    detectionId: row.detection_id,
    classId: row.class,
    score: row.score,
    lat: row.lat,
    lon: row.lon,
    widthMeters: row.width_meters,
    seenAtMs: fromTimestampText(row.seen_at),
    videoId: row.video_id,
  };
}

export class DetectionRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Detections already stored (same frame, class and top-left corner) are left as they are; returns how many were new. */
  async insertMany(detections: readonly NewDetection[]): Promise<number> {
    return atomically(this.db, async (db) => {
      let inserted = 0;
      for (const chunk of inChunks(detections)) {
        const result = await db
          .insertInto("detections")
          .values(
            chunk.map(({ frameId, classId, score, box: [x1, y1, x2, y2] }) => ({
              frame_id: frameId,
              class: classId,
              score,
              x1,
              y1,
              x2,
              y2,
            })),
          )
          .onConflict((conflict) => conflict.columns(["frame_id", "class", "x1", "y1"]).doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      return inserted;
    });
  }

  async listForVideo(videoId: number): Promise<FrameDetection[]> {
    const rows = await this.db
      .selectFrom("detections")
      .innerJoin("frames", "frames.id", "detections.frame_id")
      .select([
        "detections.id",
        ...DETECTION_COLUMNS,
        "frames.lat",
        "frames.lon",
        "frames.heading",
      ])
      .where("frames.video_id", "=", videoId)
      .orderBy("frames.frame_time_seconds")
      .orderBy("detections.id")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      ...detectionOf(row),
      frame: { lat: row.lat, lon: row.lon, headingDegrees: row.heading },
    }));
  }

  /** Stores where each detection lies; null clears it (the camera model could not place it). */
  async setPlacements(placements: readonly { detectionId: number; placement: DetectionPlacement | null }[]): Promise<void> {
    await atomically(this.db, async (db) => {
      for (const { detectionId, placement } of placements) {
        await db
          .updateTable("detections")
          .set({
            lat: placement?.lat ?? null,
            lon: placement?.lon ?? null,
            ahead_meters: placement?.aheadMeters ?? null,
            lateral_meters: placement?.lateralMeters ?? null,
            width_meters: placement?.widthMeters ?? null,
          })
          .where("id", "=", detectionId)
          .execute();
      }
    });
  }

  /** The video's located detections that are not yet an observation of a defect, in video order. */
  async listMergeable(videoId: number): Promise<MergeableDetection[]> {
    const rows = await this.db
      .selectFrom("detections")
      .innerJoin("frames", "frames.id", "detections.frame_id")
      .leftJoin("observations", "observations.detection_id", "detections.id")
      .select([
        "detections.id as detection_id",
        ...DETECTION_COLUMNS,
        "detections.lat",
        "detections.lon",
        "detections.width_meters",
        "frames.time as seen_at",
        "frames.video_id",
      ])
      .where("frames.video_id", "=", videoId)
      .where("detections.lat", "is not", null)
      .where("detections.lon", "is not", null)
      .where("observations.id", "is", null)
      .orderBy("frames.frame_time_seconds")
      .orderBy("detections.id")
      .$narrowType<{ lat: number; lon: number }>()
      .execute();
    return rows.map((row) => ({ ...sightingOf(row), ...detectionOf(row) }));
  }
}
