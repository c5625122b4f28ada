import type { Kysely } from "kysely";
import { toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase } from "./schema.js";

export interface StoredInterval {
  roadClass: string;
  requiredIntervalDays: number;
}

/** The inspection intervals planners set per road class, each over the configured default for its class. */
export class InspectionPolicyRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** By road class. */
  async list(): Promise<StoredInterval[]> {
    const rows = await this.db.selectFrom("inspection_policy").select(["road_class", "required_interval_days"]).orderBy("road_class").execute();
    return rows.map((row) => ({ roadClass: row.road_class, requiredIntervalDays: row.required_interval_days }));
  }

  /** Sets the class's interval; null removes it, so the configured default applies again. */
  async set(roadClass: string, requiredIntervalDays: number | null): Promise<void> {
    if (requiredIntervalDays === null) {
      await this.db.deleteFrom("inspection_policy").where("road_class", "=", roadClass).execute();
      return;
    }
    const columns = { required_interval_days: requiredIntervalDays, updated_at: toTimestampText(Date.now()) };
    await this.db
      .insertInto("inspection_policy")
      .values({ road_class: roadClass, ...columns })
      .onConflict((conflict) => conflict.column("road_class").doUpdateSet(columns))
      .execute();
  }
}
