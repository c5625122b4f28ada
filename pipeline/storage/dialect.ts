/**
 * Everything that differs between database engines, here for SQLite, the embedded default, and the one module that
 * imports better-sqlite3. A PostgreSQL/PostGIS dialect would replace this section (its Kysely dialect, jsonb, which
 * its driver returns parsed, and identity ids); repositories and their callers would stay as they are.
 */
import Database from "better-sqlite3";
import { type ColumnDefinitionBuilder, type Dialect, type Kysely, SqliteDialect, sql } from "kysely";

export function createSqliteDialect(filePath: string): Dialect {
  const database = new Database(filePath);
  try {
    // the web server reads while the nightly pipeline writes
    database.pragma("journal_mode = WAL");
    database.pragma("foreign_keys = ON");
    // a second writer waits its turn instead of failing at once with SQLITE_BUSY
    database.pragma("busy_timeout = 5000");
    // with WAL, a power cut can lose the last commits but never leaves the file inconsistent: every stage is re-runnable
    database.pragma("synchronous = NORMAL");
  } catch (error) {
    database.close();
    throw error;
  }
  return new SqliteDialect({ database });
}

/**
 * Changes whenever anything in the database changed: rows this connection wrote (total_changes) or a commit by another
 * process, such as the nightly pipeline writing while the web server reads (data_version). Equal tokens mean equal data.
 */
export async function readChangeToken<Database>(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ local: number; remote: number }>`select total_changes() as local, data_version as remote from pragma_data_version`.execute(db);
  const row = rows[0];
  if (row === undefined) throw new Error("the database did not answer its change counters");
  return `${row.local}.${row.remote}`;
}

/** A JSON value in a column: TEXT in SQLite. */
export type JsonText = string;

export function toJsonText(value: unknown): JsonText {
  return JSON.stringify(value);
}

/** The caller names the type it stored; values come only from toJsonText. */
export function fromJsonText<T>(text: JsonText): T {
  return JSON.parse(text) as T;
}

/** An instant in a column: ISO 8601 UTC text, which sorts in time order and reads the same in every tool. */
export type TimestampText = string;

export function toTimestampText(timeMs: number): TimestampText {
  return new Date(timeMs).toISOString();
}

export function fromTimestampText(text: TimestampText): number {
  return Date.parse(text);
}

export function optionalTimestampMs(text: TimestampText | null): number | null {
  return text === null ? null : fromTimestampText(text);
}

/** Integer key the database assigns, never reused after a delete (defect numbers are printed on work orders). */
export function autoIncrementKey(column: ColumnDefinitionBuilder): ColumnDefinitionBuilder {
  return column.primaryKey().autoIncrement();
}
