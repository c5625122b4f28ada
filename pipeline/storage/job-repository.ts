import type { Kysely, Selectable } from "kysely";
import { fromJsonText, fromTimestampText, type JsonText, toJsonText, toTimestampText } from "./dialect.js";
import type { JobsTable, JobStage, JobStatus, RoadwatchDatabase } from "./schema.js";

export interface Job {
  id: number;
  videoId: number;
  stage: JobStage;
  status: JobStatus;
  /** what the stage produced, as it was stored; the stage that reads it validates it */
  result: unknown;
  attempts: number;
  error: string | null;
  updatedAtMs: number;
}

/** One row per (video, stage): the pipeline resumes a video at its first stage that is not done. */
export class JobRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Queues the stages of a video; stages it already has keep their state. */
  async enqueue(videoId: number, stages: readonly JobStage[]): Promise<void> {
    if (stages.length === 0) return;
    const now = toTimestampText(Date.now());
    await this.db
      .insertInto("jobs")
      .values(stages.map((stage) => ({ video_id: videoId, stage, status: "pending" as const, attempts: 0, updated_at: now })))
      .onConflict((conflict) => conflict.columns(["video_id", "stage"]).doNothing())
      .execute();
  }

  async get(videoId: number, stage: JobStage): Promise<Job | null> {
    const row = await this.db
      .selectFrom("jobs")
      .selectAll()
      .where("video_id", "=", videoId)
      .where("stage", "=", stage)
      .executeTakeFirst();
    return row === undefined ? null : toJob(row);
  }

  async listForVideo(videoId: number): Promise<Job[]> {
    const rows = await this.db.selectFrom("jobs").selectAll().where("video_id", "=", videoId).orderBy("id").execute();
    return rows.map(toJob);
  }

  /** Pending, running (the process stopped mid-stage) and failed jobs, oldest video first. */
  async listUnfinished(): Promise<Job[]> {
    const rows = await this.db
      .selectFrom("jobs")
      .selectAll()
      .where("status", "!=", "done")
      .orderBy("video_id")
      .orderBy("id")
      .execute();
    return rows.map(toJob);
  }

  /** Starts an attempt, creating the job when it was not queued. */
  async markRunning(videoId: number, stage: JobStage): Promise<Job> {
    const now = toTimestampText(Date.now());
    const row = await this.db
      .insertInto("jobs")
      .values({ video_id: videoId, stage, status: "running", attempts: 1, updated_at: now })
      .onConflict((conflict) =>
        conflict.columns(["video_id", "stage"]).doUpdateSet((eb) => ({
          status: "running",
          attempts: eb("jobs.attempts", "+", 1),
          error: null,
          updated_at: now,
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJob(row);
  }

  /** Keeps what a running stage has finished so far, so that a restart carries on from there instead of starting over. */
  async recordProgress(videoId: number, stage: JobStage, progress: unknown): Promise<void> {
    await this.update(videoId, stage, { result: toJsonText(progress) });
  }

  async markDone(videoId: number, stage: JobStage, result: unknown): Promise<void> {
    await this.update(videoId, stage, { status: "done", result: toJsonText(result), error: null });
  }

  async markFailed(videoId: number, stage: JobStage, error: string): Promise<void> {
    await this.update(videoId, stage, { status: "failed", error });
  }

  /** Changes a running job only. */
  private async update(
    videoId: number,
    stage: JobStage,
    changes: { status?: JobStatus; result?: JsonText; error?: string | null },
  ): Promise<void> {
    const updated = await this.db
      .updateTable("jobs")
      .set({ ...changes, updated_at: toTimestampText(Date.now()) })
      .where("video_id", "=", videoId)
      .where("stage", "=", stage)
      .where("status", "=", "running")
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) throw new Error(`job ${stage} of video ${videoId} is not running`);
  }
}

function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    videoId: row.video_id,
    stage: row.stage,
    status: row.status,
    result: row.result === null ? null : fromJsonText<unknown>(row.result),
    attempts: row.attempts,
    error: row.error,
    updatedAtMs: fromTimestampText(row.updated_at),
  };
}
