import type { Kysely } from "kysely";
import { atomically, inChunks } from "./batch.js";
import type { RoadwatchDatabase } from "./schema.js";

/** How much of a segment one video filmed, and on which local date. */
export interface SegmentInspection {
  segmentId: number;
  /** YYYY-MM-DD */
  inspectedOn: string;
  coveredMeters: number;
}

export interface InspectedDay {
  segmentId: number;
  /** YYYY-MM-DD */
  inspectedOn: string;
}

export interface DayRange {
  /** YYYY-MM-DD, inclusive; null: from the first inspection */
  from: string | null;
  /** YYYY-MM-DD, inclusive */
  through: string;
}

/** Which videos filmed which road segments: the inspection history coverage is computed from. */
export class InspectionRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Replaces what the video inspected, so that processing it again does not count it twice. */
  async replaceForVideo(videoId: number, inspections: readonly SegmentInspection[]): Promise<void> {
    await atomically(this.db, async (db) => {
      await db.deleteFrom("segment_inspections").where("video_id", "=", videoId).execute();
      for (const chunk of inChunks(inspections)) {
        await db
          .insertInto("segment_inspections")
          .values(
            chunk.map((inspection) => ({
              video_id: videoId,
              road_segment_id: inspection.segmentId,
              inspected_on: inspection.inspectedOn,
              covered_meters: inspection.coveredMeters,
            })),
          )
          .execute();
      }
    });
  }

  /** By segment id. */
  async listForVideo(videoId: number): Promise<SegmentInspection[]> {
    const rows = await this.db
      .selectFrom("segment_inspections")
      .select(["road_segment_id", "inspected_on", "covered_meters"])
      .where("video_id", "=", videoId)
      .orderBy("road_segment_id")
      .execute();
    return rows.map((row) => ({ segmentId: row.road_segment_id, inspectedOn: row.inspected_on, coveredMeters: row.covered_meters }));
  }

  /**
   * Each day in the range on which a segment counts as inspected: that day's videos together filmed at least
   * `minCoveredFraction` of its length (a drive split over two video files still inspects the segment it spans).
   */
  async inspectedDays(range: DayRange, minCoveredFraction: number): Promise<InspectedDay[]> {
    const rows = await this.inspectedDaysQuery(range, minCoveredFraction).orderBy("inspected_on").orderBy("road_segment_id").execute();
    return rows.map((row) => ({ segmentId: row.road_segment_id, inspectedOn: row.inspected_on }));
  }

  /** The latest day in the range each inspected segment counts as inspected (see inspectedDays). */
  async lastInspected(range: DayRange, minCoveredFraction: number): Promise<Map<number, string>> {
    const rows = await this.db
      .selectFrom(this.inspectedDaysQuery(range, minCoveredFraction).as("days"))
      .select(["days.road_segment_id", (eb) => eb.fn.max("days.inspected_on").as("last")])
      .groupBy("days.road_segment_id")
      .execute();
    return new Map(rows.map((row) => [row.road_segment_id, row.last]));
  }

  private inspectedDaysQuery(range: DayRange, minCoveredFraction: number) {
    let query = this.db
      .selectFrom("segment_inspections")
      .innerJoin("road_segments", "road_segments.id", "segment_inspections.road_segment_id")
      .select(["segment_inspections.road_segment_id", "segment_inspections.inspected_on"])
      .where("segment_inspections.inspected_on", "<=", range.through);
    if (range.from !== null) query = query.where("segment_inspections.inspected_on", ">=", range.from);
    return query
      .groupBy(["segment_inspections.road_segment_id", "segment_inspections.inspected_on"])
      .having((eb) =>
        eb(eb.fn.sum<number>("segment_inspections.covered_meters"), ">=", eb(eb.fn.max("road_segments.length_meters"), "*", minCoveredFraction)),
      );
  }
}
