/** Helpers the repositories share for writing many rows at once. */
import type { Kysely } from "kysely";
import type { RoadwatchDatabase } from "./schema.js";

/**
 * Runs `work` in a transaction: the caller's when it already is in one (storage.transaction), else a new one,
 * so a batch lands whole or not at all either way.
 */
export async function atomically<T>(
  db: Kysely<RoadwatchDatabase>,
  work: (db: Kysely<RoadwatchDatabase>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/** Rows per INSERT: far below SQLite's limit of bound parameters whatever the table's width. */
export const ROWS_PER_INSERT = 500;

export function inChunks<T>(items: readonly T[], size: number = ROWS_PER_INSERT): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
