import type { Kysely } from "kysely";
import type { PassRecord } from "../defects/repair-verification.js";
import { atomically, inChunks } from "./batch.js";
import { fromTimestampText, toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase } from "./schema.js";

export interface NewPass extends PassRecord {
  defectId: number;
  videoId: number;
}

/** Drives past a defect's location, one per (defect, video): what repair verification counts. */
export class PassRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** A video that passed the defect before keeps one row, with the latest finding. */
  async record(passes: readonly NewPass[]): Promise<void> {
    await atomically(this.db, async (db) => {
      for (const chunk of inChunks(passes)) {
        await db
          .insertInto("passes")
          .values(
            chunk.map((pass) => ({
              defect_id: pass.defectId,
              video_id: pass.videoId,
              seen: pass.seen ? 1 : 0,
              passed_at: toTimestampText(pass.passedAtMs),
            })),
          )
          .onConflict((conflict) =>
            conflict.columns(["defect_id", "video_id"]).doUpdateSet((eb) => ({
              seen: eb.ref("excluded.seen"),
              passed_at: eb.ref("excluded.passed_at"),
            })),
          )
          .execute();
      }
    });
  }

  /** Oldest first. */
  async listForDefect(defectId: number): Promise<PassRecord[]> {
    const rows = await this.db
      .selectFrom("passes")
      .select(["seen", "passed_at"])
      .where("defect_id", "=", defectId)
      .orderBy("passed_at")
      .execute();
    return rows.map((row) => ({ seen: row.seen === 1, passedAtMs: fromTimestampText(row.passed_at) }));
  }
}
