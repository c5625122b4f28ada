/**
 * Schema migrations, compiled in (no migration folder to ship). Kysely records which ran, so migrating an
 * up-to-date database does nothing. A migration is history: once released it never changes, which is why it spells
 * out its values instead of importing today's constants.
 */
import { type Kysely, type Migration, Migrator, sql } from "kysely";
import { describeError } from "../errors.js";
import { autoIncrementKey } from "./dialect.js";
import type { RoadwatchDatabase } from "./schema.js";

const MIGRATIONS: Record<string, Migration> = {
  "001_initial_schema": { up: createInitialSchema },
  "002_road_network": { up: createRoadNetwork },
  "003_accounts": { up: createAccounts },
  "004_uploads": { up: createUploads },
};

export async function migrateToLatest(db: Kysely<RoadwatchDatabase>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "the migration history";
    throw new Error(`database migration failed at ${failed}: ${describeError(error)}`);
  }
}

function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

async function createInitialSchema(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("videos")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("content_hash", "text", (col) => col.notNull().unique())
    .addColumn("original_name", "text", (col) => col.notNull())
    .addColumn("stored_path", "text", (col) => col.notNull())
    .addColumn("size_bytes", "bigint", (col) => col.notNull())
    .addColumn("device_id", "text")
    .addColumn("crew", "text")
    .addColumn("recorded_start", "text")
    .addColumn("duration_seconds", "double precision")
    .addColumn("status", "text", (col) =>
      col.notNull().check(oneOf("status", ["queued", "processing", "processed", "quarantined", "deleted"])),
    )
    .addColumn("error", "text")
    .addColumn("quarantine_reason", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("processed_at", "text")
    .addColumn("raw_deleted_at", "text")
    .execute();
  await db.schema.createIndex("videos_status").on("videos").column("status").execute();

  await db.schema
    .createTable("jobs")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("video_id", "integer", (col) => col.notNull().references("videos.id").onDelete("cascade"))
    .addColumn("stage", "text", (col) =>
      col.notNull().check(oneOf("stage", ["probe", "telemetry", "sample", "detect", "locate", "merge"])),
    )
    .addColumn("status", "text", (col) => col.notNull().check(oneOf("status", ["pending", "running", "done", "failed"])))
    .addColumn("result", "text")
    .addColumn("attempts", "integer", (col) => col.notNull())
    .addColumn("error", "text")
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addUniqueConstraint("jobs_video_stage", ["video_id", "stage"])
    .execute();
  await db.schema.createIndex("jobs_status").on("jobs").column("status").execute();

  await db.schema
    .createTable("tracks")
    .addColumn("video_id", "integer", (col) => col.primaryKey().references("videos.id").onDelete("cascade"))
    .addColumn("format", "text", (col) => col.notNull())
    .addColumn("points", "text", (col) => col.notNull())
    .addColumn("gps_covered_seconds", "double precision", (col) => col.notNull())
    .execute();

  // the unique constraints below double as the "by video" and "by frame" indexes
  await db.schema
    .createTable("frames")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("video_id", "integer", (col) => col.notNull().references("videos.id").onDelete("cascade"))
    .addColumn("frame_time_seconds", "double precision", (col) => col.notNull())
    .addColumn("time", "text", (col) => col.notNull())
    .addColumn("lat", "double precision", (col) => col.notNull())
    .addColumn("lon", "double precision", (col) => col.notNull())
    .addColumn("heading", "double precision")
    .addColumn("speed_mps", "double precision", (col) => col.notNull())
    .addColumn("distance_meters", "double precision", (col) => col.notNull())
    .addColumn("path", "text", (col) => col.notNull())
    .addUniqueConstraint("frames_video_time", ["video_id", "frame_time_seconds"])
    .execute();

  await db.schema
    .createTable("detections")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("frame_id", "integer", (col) => col.notNull().references("frames.id").onDelete("cascade"))
    .addColumn("class", "text", (col) => col.notNull())
    .addColumn("score", "double precision", (col) => col.notNull())
    .addColumn("x1", "double precision", (col) => col.notNull())
    .addColumn("y1", "double precision", (col) => col.notNull())
    .addColumn("x2", "double precision", (col) => col.notNull())
    .addColumn("y2", "double precision", (col) => col.notNull())
    .addColumn("lat", "double precision")
    .addColumn("lon", "double precision")
    .addColumn("ahead_meters", "double precision")
    .addColumn("lateral_meters", "double precision")
    .addColumn("width_meters", "double precision")
    .addUniqueConstraint("detections_frame_class_corner", ["frame_id", "class", "x1", "y1"])
    .execute();

  // defects and observations point at each other: SQLite checks a reference when rows change, not when tables are created
  await db.schema
    .createTable("defects")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("class", "text", (col) => col.notNull())
    .addColumn("lat", "double precision", (col) => col.notNull())
    .addColumn("lon", "double precision", (col) => col.notNull())
    .addColumn("severity", "integer", (col) => col.notNull().check(sql`severity between 1 and 3`))
    .addColumn("severity_reasons", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) =>
      col
        .notNull()
        .check(oneOf("status", ["open", "assigned", "repaired", "not_found", "verified_repaired", "not_seen_again"])),
    )
    .addColumn("first_seen", "text", (col) => col.notNull())
    .addColumn("last_seen", "text", (col) => col.notNull())
    .addColumn("observation_count", "integer", (col) => col.notNull())
    .addColumn("max_width_meters", "double precision")
    .addColumn("road_segment_id", "integer")
    .addColumn("best_observation_id", "integer", (col) => col.references("observations.id").onDelete("set null"))
    .addColumn("photo_path", "text")
    .addColumn("crop_path", "text")
    .addColumn("thumbnail_path", "text")
    .addColumn("missed_passes", "integer", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("defects_lat_lon").on("defects").columns(["lat", "lon"]).execute();
  await db.schema.createIndex("defects_status").on("defects").column("status").execute();

  await db.schema
    .createTable("observations")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("defect_id", "integer", (col) => col.notNull().references("defects.id").onDelete("cascade"))
    .addColumn("detection_id", "integer", (col) => col.notNull().unique().references("detections.id").onDelete("cascade"))
    .addColumn("frame_id", "integer", (col) => col.notNull().references("frames.id").onDelete("cascade"))
    .addColumn("seen_at", "text", (col) => col.notNull())
    .addColumn("score", "double precision", (col) => col.notNull())
    .addColumn("width_meters", "double precision")
    .addColumn("box", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("observations_defect").on("observations").column("defect_id").execute();

  await db.schema
    .createTable("passes")
    .addColumn("defect_id", "integer", (col) => col.notNull().references("defects.id").onDelete("cascade"))
    .addColumn("video_id", "integer", (col) => col.notNull().references("videos.id").onDelete("cascade"))
    .addColumn("seen", "integer", (col) => col.notNull().check(sql`seen in (0, 1)`))
    .addColumn("passed_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("passes_defect_video", ["defect_id", "video_id"])
    .execute();

  await db.schema
    .createTable("teams")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("emails", "text", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull().check(oneOf("language", ["da", "en"])))
    .execute();

  await db.schema
    .createTable("work_orders")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("number", "text", (col) => col.notNull().unique())
    .addColumn("team_id", "integer", (col) => col.notNull().references("teams.id"))
    .addColumn("note", "text")
    .addColumn("due_date", "text")
    .addColumn("status", "text", (col) => col.notNull().check(oneOf("status", ["sent", "in_progress", "done"])))
    .addColumn("created_by", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addColumn("send_status", "text", (col) => col.notNull().check(oneOf("send_status", ["pending", "sent", "failed"])))
    .addColumn("send_attempts", "integer", (col) => col.notNull())
    .addColumn("last_send_error", "text")
    .execute();

  await db.schema
    .createTable("work_order_defects")
    .addColumn("work_order_id", "integer", (col) => col.notNull().references("work_orders.id").onDelete("cascade"))
    .addColumn("defect_id", "integer", (col) => col.notNull().references("defects.id"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.check(oneOf("outcome", ["repaired", "not_found"])))
    .addPrimaryKeyConstraint("work_order_defects_order_defect", ["work_order_id", "defect_id"])
    .execute();
  await db.schema.createIndex("work_order_defects_defect").on("work_order_defects").column("defect_id").execute();

  await db.schema
    .createTable("inspection_passes")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("video_id", "integer", (col) => col.notNull().references("videos.id").onDelete("cascade"))
    .addColumn("road_segment_id", "integer", (col) => col.notNull())
    .addColumn("inspected_on", "text", (col) => col.notNull())
    .addColumn("length_meters", "double precision", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("inspection_passes_segment").on("inspection_passes").column("road_segment_id").execute();
}

/** People who sign in, their sessions, the devices that upload, and the audit log of what they did. */
async function createAccounts(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("username", "text", (col) => col.notNull().unique())
    .addColumn("display_name", "text")
    .addColumn("role", "text", (col) => col.notNull().check(oneOf("role", ["crew", "foreman", "planner", "admin"])))
    .addColumn("team_id", "integer", (col) => col.references("teams.id"))
    // null: no local password (an account that signs in through another identity provider)
    .addColumn("password_hash", "text")
    .addColumn("disabled_at", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .execute();

  // the id is the sha256 of the cookie's token: a copy of the database opens no session
  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("last_seen_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("devices")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("name", "text", (col) => col.notNull().unique())
    .addColumn("team_id", "integer", (col) => col.references("teams.id"))
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text")
    .addColumn("revoked_at", "text")
    .addColumn("last_used_at", "text")
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("at", "text", (col) => col.notNull())
    .addColumn("actor", "text", (col) => col.notNull())
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("target", "text", (col) => col.notNull())
    .addColumn("details", "text")
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
}

/** Footage and track files crews and devices upload: who sent what, and which video a track belongs to. */
async function createUploads(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("uploads")
    .addColumn("id", "integer", autoIncrementKey)
    .addColumn("transfer_id", "text", (col) => col.notNull().unique())
    .addColumn("kind", "text", (col) => col.notNull().check(oneOf("kind", ["video", "track"])))
    .addColumn("original_name", "text", (col) => col.notNull())
    .addColumn("pair_key", "text", (col) => col.notNull())
    .addColumn("size_bytes", "bigint", (col) => col.notNull())
    .addColumn("user_id", "integer", (col) => col.references("users.id"))
    .addColumn("device_id", "integer", (col) => col.references("devices.id"))
    .addColumn("team_id", "integer", (col) => col.references("teams.id"))
    .addColumn("content_hash", "text")
    .addColumn("video_hash", "text")
    .addColumn("rejected_reason", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("completed_at", "text")
    .addCheckConstraint("uploads_one_uploader", sql`(user_id is null) <> (device_id is null)`)
    .execute();
  await db.schema.createIndex("uploads_team").on("uploads").column("team_id").execute();
  await db.schema.createIndex("uploads_video_hash").on("uploads").column("video_hash").execute();
  await db.schema.createIndex("uploads_pair_key").on("uploads").column("pair_key").execute();
}

/**
 * The imported road network in segments, which video inspected which segment when, the planners' inspection intervals,
 * the segment each detection lies on, and the pipeline's new inspect stage. Supersedes 001's inspection_passes,
 * which nothing wrote. In one transaction: the jobs table is rebuilt, and half of that would lose it.
 */
async function createRoadNetwork(db: Kysely<unknown>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.schema
      .createTable("road_segments")
      .addColumn("id", "integer", autoIncrementKey)
      .addColumn("segment_key", "text", (col) => col.notNull().unique())
      .addColumn("source_id", "integer", (col) => col.notNull())
      .addColumn("road_class", "text")
      .addColumn("road_name", "text")
      .addColumn("length_meters", "double precision", (col) => col.notNull())
      .addColumn("coordinates", "text", (col) => col.notNull())
      .addColumn("min_lat", "double precision", (col) => col.notNull())
      .addColumn("min_lon", "double precision", (col) => col.notNull())
      .addColumn("max_lat", "double precision", (col) => col.notNull())
      .addColumn("max_lon", "double precision", (col) => col.notNull())
      .execute();

    await trx.schema
      .createTable("segment_inspections")
      .addColumn("video_id", "integer", (col) => col.notNull().references("videos.id").onDelete("cascade"))
      .addColumn("road_segment_id", "integer", (col) => col.notNull().references("road_segments.id").onDelete("cascade"))
      .addColumn("inspected_on", "text", (col) => col.notNull())
      .addColumn("covered_meters", "double precision", (col) => col.notNull())
      .addPrimaryKeyConstraint("segment_inspections_video_segment", ["video_id", "road_segment_id"])
      .execute();
    await trx.schema
      .createIndex("segment_inspections_segment_date")
      .on("segment_inspections")
      .columns(["road_segment_id", "inspected_on"])
      .execute();
    await trx.schema.createIndex("segment_inspections_date").on("segment_inspections").column("inspected_on").execute();
    await trx.schema.dropTable("inspection_passes").execute();

    await trx.schema
      .createTable("inspection_policy")
      .addColumn("road_class", "text", (col) => col.primaryKey())
      .addColumn("required_interval_days", "integer", (col) => col.notNull().check(sql`required_interval_days between 1 and 3650`))
      .addColumn("updated_at", "text", (col) => col.notNull())
      .execute();

    await trx.schema
      .alterTable("detections")
      .addColumn("road_segment_id", "integer", (col) => col.references("road_segments.id").onDelete("set null"))
      .execute();
    // removing segments looks their detections up; 001 gave defects the column without a reference
    await trx.schema.createIndex("detections_road_segment").on("detections").column("road_segment_id").execute();
    await trx.schema.createIndex("defects_road_segment").on("defects").column("road_segment_id").execute();

    // SQLite cannot change a CHECK constraint: the jobs table is copied into one that allows the inspect stage
    await trx.schema
      .createTable("jobs_with_inspect")
      .addColumn("id", "integer", autoIncrementKey)
      .addColumn("video_id", "integer", (col) => col.notNull().references("videos.id").onDelete("cascade"))
      .addColumn("stage", "text", (col) =>
        col.notNull().check(oneOf("stage", ["probe", "telemetry", "sample", "detect", "locate", "merge", "inspect"])),
      )
      .addColumn("status", "text", (col) => col.notNull().check(oneOf("status", ["pending", "running", "done", "failed"])))
      .addColumn("result", "text")
      .addColumn("attempts", "integer", (col) => col.notNull())
      .addColumn("error", "text")
      .addColumn("updated_at", "text", (col) => col.notNull())
      .addUniqueConstraint("jobs_video_stage", ["video_id", "stage"])
      .execute();
    await sql`insert into jobs_with_inspect (id, video_id, stage, status, result, attempts, error, updated_at)
              select id, video_id, stage, status, result, attempts, error, updated_at from jobs`.execute(trx);
    await trx.schema.dropTable("jobs").execute();
    await trx.schema.alterTable("jobs_with_inspect").renameTo("jobs").execute();
    await trx.schema.createIndex("jobs_status").on("jobs").column("status").execute();
  });
}
