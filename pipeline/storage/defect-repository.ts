import type { Kysely, Selectable } from "kysely";
import type { DefectStatus, Sighting } from "../defects/defect.js";
import type { DefectSnapshot, DefectSummary, MergePlan } from "../defects/merge.js";
import type { RepairState } from "../defects/repair-verification.js";
import type { SeverityGrade, SeverityReason } from "../defects/severity.js";
import type { GeoBounds } from "../geo/bounds.js";
import { atomically, inChunks } from "./batch.js";
import { fromJsonText, fromTimestampText, toJsonText, toTimestampText } from "./dialect.js";
import type { DefectsTable, RoadwatchDatabase } from "./schema.js";
import { type MergeableDetection, sightingOf } from "./detection-repository.js";

/** Evidence images of the best observation, relative to the data directory. */
export interface DefectMedia {
  photoPath: string | null;
  cropPath: string | null;
  thumbnailPath: string | null;
}

export interface Defect {
  id: number;
  classId: string;
  lat: number;
  lon: number;
  severity: SeverityGrade;
  status: DefectStatus;
  firstSeenMs: number;
  lastSeenMs: number;
  observationCount: number;
  maxWidthMeters: number | null;
  roadSegmentId: number | null;
  bestObservationId: number | null;
  media: DefectMedia;
  missedPasses: number;
  updatedAtMs: number;
}

export interface AppliedMerge {
  createdDefectIds: number[];
  updatedDefectIds: number[];
}

export class DefectRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async get(id: number): Promise<Defect | null> {
    const row = await this.db.selectFrom("defects").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toDefect(row);
  }

  async findInBounds(bounds: GeoBounds, statuses: readonly DefectStatus[]): Promise<Defect[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom("defects")
      .selectAll()
      .where("lat", ">=", bounds.minLat)
      .where("lat", "<=", bounds.maxLat)
      .where("lon", ">=", bounds.minLon)
      .where("lon", "<=", bounds.maxLon)
      .where("status", "in", statuses)
      .orderBy("id")
      .execute();
    return rows.map(toDefect);
  }

  /** The defects in the box with every sighting they were made from, for planMerge. */
  async findMergeCandidates(bounds: GeoBounds, statuses: readonly DefectStatus[]): Promise<DefectSnapshot[]> {
    const defects = await this.findInBounds(bounds, statuses);
    const sightings = await this.sightingsOf(defects.map((defect) => defect.id));
    return defects.map(({ id, classId, lat, lon }) => ({ id, classId, lat, lon, sightings: sightings.get(id) ?? [] }));
  }

  /** Creates and updates the plan's defects with their observations, all in one transaction. */
  async applyMergePlan(plan: MergePlan<MergeableDetection>): Promise<AppliedMerge> {
    return atomically(this.db, async (db) => {
      const now = toTimestampText(Date.now());
      const createdDefectIds: number[] = [];
      for (const { summary, observations } of plan.newDefects) {
        const { id } = await db
          .insertInto("defects")
          .values({ ...summaryColumns(summary), status: "open", missed_passes: 0, updated_at: now })
          .returning("id")
          .executeTakeFirstOrThrow();
        await insertObservations(db, id, observations);
        await pointAtBestObservation(db, id, summary.bestDetectionId);
        createdDefectIds.push(id);
      }
      for (const { defectId, summary, observations } of plan.updates) {
        await insertObservations(db, defectId, observations);
        const updated = await db
          .updateTable("defects")
          .set({ ...summaryColumns(summary), updated_at: now })
          .where("id", "=", defectId)
          .executeTakeFirst();
        if (updated.numUpdatedRows === 0n) throw new Error(`merge plan updates defect ${defectId}, which does not exist`);
        await pointAtBestObservation(db, defectId, summary.bestDetectionId);
      }
      return { createdDefectIds, updatedDefectIds: plan.updates.map((update) => update.defectId) };
    });
  }

  async setRepairState(id: number, state: RepairState): Promise<void> {
    await this.db
      .updateTable("defects")
      .set({ status: state.status, missed_passes: state.missedPasses, updated_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .execute();
  }

  async setMedia(id: number, media: DefectMedia): Promise<void> {
    await this.db
      .updateTable("defects")
      .set({ photo_path: media.photoPath, crop_path: media.cropPath, thumbnail_path: media.thumbnailPath })
      .where("id", "=", id)
      .execute();
  }

  private async sightingsOf(defectIds: readonly number[]): Promise<Map<number, Sighting[]>> {
    const byDefect = new Map<number, Sighting[]>();
    for (const chunk of inChunks(defectIds)) {
      const rows = await this.db
        .selectFrom("observations")
        .innerJoin("detections", "detections.id", "observations.detection_id")
        .innerJoin("frames", "frames.id", "observations.frame_id")
        .select([
          "observations.defect_id",
          "observations.detection_id",
          "observations.score",
          "observations.width_meters",
          "observations.seen_at",
          "detections.class",
          "detections.lat",
          "detections.lon",
          "frames.video_id",
        ])
        .where("observations.defect_id", "in", chunk)
        .where("detections.lat", "is not", null)
        .where("detections.lon", "is not", null)
        .orderBy("observations.seen_at")
        .$narrowType<{ lat: number; lon: number }>()
        .execute();
      for (const row of rows) {
        const sighting = sightingOf(row);
        const list = byDefect.get(row.defect_id);
        if (list === undefined) byDefect.set(row.defect_id, [sighting]);
        else list.push(sighting);
      }
    }
    return byDefect;
  }
}

function summaryColumns(summary: DefectSummary) {
  return {
    class: summary.classId,
    lat: summary.lat,
    lon: summary.lon,
    severity: summary.severity.level,
    severity_reasons: toJsonText(summary.severity.reasons),
    first_seen: toTimestampText(summary.firstSeenMs),
    last_seen: toTimestampText(summary.lastSeenMs),
    observation_count: summary.observationCount,
    max_width_meters: summary.maxWidthMeters,
  };
}

async function insertObservations(
  db: Kysely<RoadwatchDatabase>,
  defectId: number,
  observations: readonly MergeableDetection[],
): Promise<void> {
  for (const chunk of inChunks(observations)) {
    await db
      .insertInto("observations")
      .values(
        chunk.map((observation) => ({
          defect_id: defectId,
          detection_id: observation.detectionId,
          frame_id: observation.frameId,
          seen_at: toTimestampText(observation.seenAtMs),
          score: observation.score,
          width_meters: observation.widthMeters,
          box: toJsonText(observation.box),
        })),
      )
      .execute();
  }
}

async function pointAtBestObservation(db: Kysely<RoadwatchDatabase>, defectId: number, detectionId: number): Promise<void> {
  await db
    .updateTable("defects")
    .set((eb) => ({
      best_observation_id: eb
        .selectFrom("observations")
        .select("observations.id")
        .where("observations.detection_id", "=", detectionId),
    }))
    .where("id", "=", defectId)
    .execute();
}

/** Shared with the defect search, which reads the same rows. */
export function toDefect(row: Selectable<DefectsTable>): Defect {
  return {
    id: row.id,
    classId: row.class,
    lat: row.lat,
    lon: row.lon,
    severity: { level: row.severity, reasons: fromJsonText<SeverityReason[]>(row.severity_reasons) },
    status: row.status,
    firstSeenMs: fromTimestampText(row.first_seen),
    lastSeenMs: fromTimestampText(row.last_seen),
    observationCount: row.observation_count,
    maxWidthMeters: row.max_width_meters,
    roadSegmentId: row.road_segment_id,
    bestObservationId: row.best_observation_id,
    media: { photoPath: row.photo_path, cropPath: row.crop_path, thumbnailPath: row.thumbnail_path },
    missedPasses: row.missed_passes,
    updatedAtMs: fromTimestampText(row.updated_at),
  };
}
