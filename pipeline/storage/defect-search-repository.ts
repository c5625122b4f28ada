import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import type { DefectStatus } from "../defects/defect.js";
import type { SeverityLevel } from "../defects/severity.js";
import type { Box } from "../detector/box.js";
import type { GeoBounds } from "../geo/bounds.js";
import { inChunks } from "./batch.js";
import { type Defect, toDefect } from "./defect-repository.js";
import { fromJsonText, fromTimestampText, toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase } from "./schema.js";

/** What the map filters by; a list that is left out matches everything, an empty list nothing. */
export interface DefectFilters {
  statuses?: readonly DefectStatus[];
  severities?: readonly SeverityLevel[];
  classIds?: readonly string[];
  /** seen at or after this time (its last sighting is not older) */
  seenFromMs?: number;
  /** seen at or before this time (its first sighting is not newer) */
  seenToMs?: number;
  /** on a work order of this team */
  teamId?: number;
}

export interface DefectLocation {
  id: number;
  lat: number;
  lon: number;
}

/** One sighting of a defect with the frame it was made in. */
export interface DefectObservation {
  id: number;
  seenAtMs: number;
  score: number;
  widthMeters: number | null;
  /** in the frame's pixels */
  box: Box;
  /** the frame JPEG, relative to the data directory */
  framePath: string;
  frameLat: number;
  frameLon: number;
}

export interface Paging {
  limit: number;
  offset: number;
}

/** The foreman's questions about defects: what lies in an area, filtered, a page at a time. */
export class DefectSearchRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Most severe first, then oldest defect first; with how many match in all. */
  async page(bounds: GeoBounds, filters: DefectFilters, paging: Paging): Promise<{ defects: Defect[]; total: number }> {
    if (matchesNothing(filters)) return { defects: [], total: 0 };
    const rows = await this.db
      .selectFrom("defects")
      .selectAll()
      .where((eb) => matching(eb, bounds, filters))
      .orderBy("severity", "desc")
      .orderBy("id")
      .limit(paging.limit)
      .offset(paging.offset)
      .execute();
    const { total } = await this.db
      .selectFrom("defects")
      .select((eb) => eb.fn.countAll<number>().as("total"))
      .where((eb) => matching(eb, bounds, filters))
      .executeTakeFirstOrThrow();
    return { defects: rows.map(toDefect), total: Number(total) };
  }

  /**
   * Only where the matching defects are: the cheap first step of a search by shape, which the caller narrows
   * from the box to the shape before reading whole defects.
   */
  async locate(bounds: GeoBounds, filters: DefectFilters): Promise<DefectLocation[]> {
    if (matchesNothing(filters)) return [];
    return this.db
      .selectFrom("defects")
      .select(["id", "lat", "lon"])
      .where((eb) => matching(eb, bounds, filters))
      .orderBy("id")
      .execute();
  }

  /** The defects that exist among `ids`, by id. */
  async getMany(ids: readonly number[]): Promise<Defect[]> {
    const defects: Defect[] = [];
    for (const chunk of inChunks(ids)) {
      const rows = await this.db.selectFrom("defects").selectAll().where("id", "in", chunk).execute();
      defects.push(...rows.map(toDefect));
    }
    return defects.sort((a, b) => a.id - b.id);
  }

  /** Oldest first. */
  async observations(defectId: number): Promise<DefectObservation[]> {
    const rows = await this.db
      .selectFrom("observations")
      .innerJoin("frames", "frames.id", "observations.frame_id")
      .select([
        "observations.id",
        "observations.seen_at",
        "observations.score",
        "observations.width_meters",
        "observations.box",
        "frames.path",
        "frames.lat",
        "frames.lon",
      ])
      .where("observations.defect_id", "=", defectId)
      .orderBy("observations.seen_at")
      .orderBy("observations.id")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      seenAtMs: fromTimestampText(row.seen_at),
      score: row.score,
      widthMeters: row.width_meters,
      box: fromJsonText<Box>(row.box),
      framePath: row.path,
      frameLat: row.lat,
      frameLon: row.lon,
    }));
  }
}

function matchesNothing(filters: DefectFilters): boolean {
  return [filters.statuses, filters.severities, filters.classIds].some((list) => list !== undefined && list.length === 0);
}

function matching(
  eb: ExpressionBuilder<RoadwatchDatabase, "defects">,
  bounds: GeoBounds,
  filters: DefectFilters,
): Expression<SqlBool> {
  const conditions = [
    eb("lat", ">=", bounds.minLat),
    eb("lat", "<=", bounds.maxLat),
    eb("lon", ">=", bounds.minLon),
    eb("lon", "<=", bounds.maxLon),
  ];
  if (filters.statuses !== undefined) conditions.push(eb("status", "in", filters.statuses));
  if (filters.severities !== undefined) conditions.push(eb("severity", "in", filters.severities));
  if (filters.classIds !== undefined) conditions.push(eb("class", "in", filters.classIds));
  // timestamps are ISO 8601 UTC text, which compares in time order
  if (filters.seenFromMs !== undefined) conditions.push(eb("last_seen", ">=", toTimestampText(filters.seenFromMs)));
  if (filters.seenToMs !== undefined) conditions.push(eb("first_seen", "<=", toTimestampText(filters.seenToMs)));
  if (filters.teamId !== undefined) {
    conditions.push(
      eb(
        "id",
        "in",
        eb
          .selectFrom("work_order_defects")
          .innerJoin("work_orders", "work_orders.id", "work_order_defects.work_order_id")
          .select("work_order_defects.defect_id")
          .where("work_orders.team_id", "=", filters.teamId),
      ),
    );
  }
  return eb.and(conditions);
}
