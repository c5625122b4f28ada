import type { Kysely, Selectable } from "kysely";
import { fromJsonText, fromTimestampText, type JsonText, toJsonText, toTimestampText } from "./dialect.js";
import type { AuditLogTable, RoadwatchDatabase } from "./schema.js";

export interface NewAuditEntry {
  atMs: number;
  /** a username, or "device:<name>" */
  actor: string;
  action: string;
  /** what it was done to, e.g. "work-order:12" */
  target: string;
  details: Record<string, unknown> | null;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
}

export interface AuditQuery {
  action?: string;
  actor?: string;
  limit: number;
  offset: number;
}

/** Who did what, when: appended to, never changed. */
export class AuditRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async record(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.db
      .insertInto("audit_log")
      .values({
        at: toTimestampText(entry.atMs),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        details: entry.details === null ? null : toJsonText(entry.details),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEntry(row);
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
    let filtered = this.db.selectFrom("audit_log");
    if (query.action !== undefined) filtered = filtered.where("action", "=", query.action);
    if (query.actor !== undefined) filtered = filtered.where("actor", "=", query.actor);
    const [rows, { total }] = await Promise.all([
      filtered.selectAll().orderBy("id", "desc").limit(query.limit).offset(query.offset).execute(),
      filtered.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    ]);
    return { entries: rows.map(toEntry), total: Number(total) };
  }
}

function toEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: row.id,
    atMs: fromTimestampText(row.at),
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: row.details === null ? null : fromJsonText<Record<string, unknown>>(row.details as JsonText),
  };
}
