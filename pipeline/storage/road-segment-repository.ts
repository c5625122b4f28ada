import type { Kysely, Selectable } from "kysely";
import type { DefectStatus } from "../defects/defect.js";
import type { GeoBounds } from "../geo/bounds.js";
import type { RoadSegmentDraft } from "../roads/road-segments.js";
import { atomically, inChunks } from "./batch.js";
import { fromJsonText, toJsonText } from "./dialect.js";
import type { RoadSegmentsTable, RoadwatchDatabase } from "./schema.js";

/** A segment without its geometry: what coverage figures are computed from. */
export interface RoadSegmentSummary {
  id: number;
  sourceId: number;
  roadClass: string | null;
  roadName: string | null;
  lengthMeters: number;
}

export interface RoadSegment extends RoadSegmentSummary {
  key: string;
  /** [lon, lat] in WGS84 */
  coordinates: [number, number][];
}

export interface NetworkReplacement {
  /** segments already stored with the same key: they keep their id and inspections */
  unchanged: number;
  added: number;
  /** stored segments the new network lacks, removed with their inspections */
  removed: number;
}

/** Where something lies: the segment, or null for none within reach. */
export interface SegmentPlacement {
  id: number;
  segmentId: number | null;
}

/** A located detection or a defect, with the segment it was last put on. */
export interface PlacedPoint {
  id: number;
  lat: number;
  lon: number;
  segmentId: number | null;
}

/** The imported road network, and which segment each detection and defect lies on. */
export class RoadSegmentRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /**
   * Makes `drafts` the network, in one transaction: segments whose key is stored already stay as they are, new keys
   * are added, and the rest are removed (their inspections with them; detections and defects on them lose their segment).
   */
  async replaceNetwork(drafts: readonly RoadSegmentDraft[]): Promise<NetworkReplacement> {
    return atomically(this.db, async (db) => {
      const stored = await db.selectFrom("road_segments").select(["id", "segment_key", "source_id"]).execute();
      const wanted = new Map(drafts.map((draft) => [draft.key, draft]));
      const storedKeys = new Set(stored.map((row) => row.segment_key));
      const removedIds = stored.filter((row) => !wanted.has(row.segment_key)).map((row) => row.id);
      // the same line may have another feature id in a new export of the register
      for (const row of stored) {
        const sourceId = wanted.get(row.segment_key)?.sourceId;
        if (sourceId !== undefined && sourceId !== row.source_id) {
          await db.updateTable("road_segments").set({ source_id: sourceId }).where("id", "=", row.id).execute();
        }
      }
      for (const chunk of inChunks(removedIds)) {
        // defects.road_segment_id predates the segments table and has no reference to clear it
        await db.updateTable("defects").set({ road_segment_id: null }).where("road_segment_id", "in", chunk).execute();
        await db.deleteFrom("road_segments").where("id", "in", chunk).execute();
      }
      const added = drafts.filter((draft) => !storedKeys.has(draft.key));
      for (const chunk of inChunks(added)) await db.insertInto("road_segments").values(chunk.map(toRow)).execute();
      return { unchanged: drafts.length - added.length, added: added.length, removed: removedIds.length };
    });
  }

  async count(): Promise<number> {
    const { count } = await this.db
      .selectFrom("road_segments")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .executeTakeFirstOrThrow();
    return Number(count);
  }

  /** Segments whose bounding box meets `bounds` (all of them for null), by id; the first `limit` when given. */
  async list(bounds: GeoBounds | null, limit?: number): Promise<RoadSegment[]> {
    let query = this.db.selectFrom("road_segments").selectAll().orderBy("id");
    if (limit !== undefined) query = query.limit(limit);
    if (bounds !== null) {
      query = query
        .where("min_lon", "<=", bounds.maxLon)
        .where("max_lon", ">=", bounds.minLon)
        .where("min_lat", "<=", bounds.maxLat)
        .where("max_lat", ">=", bounds.minLat);
    }
    return (await query.execute()).map(toSegment);
  }

  /** The whole network without geometry, by id. */
  async listSummaries(): Promise<RoadSegmentSummary[]> {
    const rows = await this.db
      .selectFrom("road_segments")
      .select(["id", "source_id", "road_class", "road_name", "length_meters"])
      .orderBy("id")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      sourceId: row.source_id,
      roadClass: row.road_class,
      roadName: row.road_name,
      lengthMeters: row.length_meters,
    }));
  }

  /** Located detections (those the camera model put on the ground), optionally only those of one video. */
  async locatedDetections(videoId?: number): Promise<PlacedPoint[]> {
    let query = this.db
      .selectFrom("detections")
      .innerJoin("frames", "frames.id", "detections.frame_id")
      .select(["detections.id", "detections.lat", "detections.lon", "detections.road_segment_id"])
      .where("detections.lat", "is not", null)
      .where("detections.lon", "is not", null);
    if (videoId !== undefined) query = query.where("frames.video_id", "=", videoId);
    const rows = await query.orderBy("detections.id").$narrowType<{ lat: number; lon: number }>().execute();
    return rows.map((row) => ({ id: row.id, lat: row.lat, lon: row.lon, segmentId: row.road_segment_id }));
  }

  /** Defects, optionally only those with the given ids. */
  async defectPoints(ids?: readonly number[]): Promise<PlacedPoint[]> {
    const select = () => this.db.selectFrom("defects").select(["id", "lat", "lon", "road_segment_id"]).orderBy("id");
    const rows = [];
    if (ids === undefined) rows.push(...(await select().execute()));
    else for (const chunk of inChunks(ids)) rows.push(...(await select().where("id", "in", chunk).execute()));
    return rows.map((row) => ({ id: row.id, lat: row.lat, lon: row.lon, segmentId: row.road_segment_id }));
  }

  async placeDetections(placements: readonly SegmentPlacement[]): Promise<void> {
    await atomically(this.db, async (db) => {
      for (const { id, segmentId } of placements) {
        await db.updateTable("detections").set({ road_segment_id: segmentId }).where("id", "=", id).execute();
      }
    });
  }

  async placeDefects(placements: readonly SegmentPlacement[]): Promise<void> {
    await atomically(this.db, async (db) => {
      for (const { id, segmentId } of placements) {
        await db.updateTable("defects").set({ road_segment_id: segmentId }).where("id", "=", id).execute();
      }
    });
  }

  /** Defects in the given statuses per segment they lie on. */
  async defectCounts(statuses: readonly DefectStatus[]): Promise<Map<number, number>> {
    if (statuses.length === 0) return new Map();
    const rows = await this.db
      .selectFrom("defects")
      .select(["road_segment_id", (eb) => eb.fn.countAll<number>().as("count")])
      .where("road_segment_id", "is not", null)
      .where("status", "in", statuses)
      .groupBy("road_segment_id")
      .$narrowType<{ road_segment_id: number }>()
      .execute();
    return new Map(rows.map((row) => [row.road_segment_id, Number(row.count)]));
  }
}

function toRow(draft: RoadSegmentDraft) {
  const lons = draft.coordinates.map(([lon]) => lon);
  const lats = draft.coordinates.map(([, lat]) => lat);
  return {
    segment_key: draft.key,
    source_id: draft.sourceId,
    road_class: draft.roadClass,
    road_name: draft.roadName,
    length_meters: draft.lengthMeters,
    coordinates: toJsonText(draft.coordinates),
    min_lat: Math.min(...lats),
    min_lon: Math.min(...lons),
    max_lat: Math.max(...lats),
    max_lon: Math.max(...lons),
  };
}

function toSegment(row: Selectable<RoadSegmentsTable>): RoadSegment {
  return {
    id: row.id,
    key: row.segment_key,
    sourceId: row.source_id,
    roadClass: row.road_class,
    roadName: row.road_name,
    lengthMeters: row.length_meters,
    coordinates: fromJsonText<[number, number][]>(row.coordinates),
  };
}
