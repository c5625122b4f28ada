import type { Kysely, Selectable } from "kysely";
import { fromTimestampText, toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase, SessionsTable } from "./schema.js";

export interface NewSession {
  /** sha256 of the cookie's token, hex: the token itself is never stored */
  tokenDigest: string;
  userId: number;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface Session extends NewSession {
  lastSeenAtMs: number;
}

/** Signed-in browsers. */
export class SessionRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async create(session: NewSession): Promise<Session> {
    const row = await this.db
      .insertInto("sessions")
      .values({
        id: session.tokenDigest,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: toTimestampText(session.createdAtMs),
        expires_at: toTimestampText(session.expiresAtMs),
        last_seen_at: toTimestampText(session.createdAtMs),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSession(row);
  }

  async get(tokenDigest: string): Promise<Session | null> {
    const row = await this.db.selectFrom("sessions").selectAll().where("id", "=", tokenDigest).executeTakeFirst();
    return row === undefined ? null : toSession(row);
  }

  async touch(tokenDigest: string, atMs: number): Promise<void> {
    await this.db.updateTable("sessions").set({ last_seen_at: toTimestampText(atMs) }).where("id", "=", tokenDigest).execute();
  }

  async delete(tokenDigest: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", tokenDigest).execute();
  }

  async deleteForUser(userId: number): Promise<void> {
    await this.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
  }

  /** Removes sessions past their absolute end or idle since before `idleSinceMs`. */
  async deleteEnded(nowMs: number, idleSinceMs: number): Promise<void> {
    await this.db
      .deleteFrom("sessions")
      .where((eb) => eb.or([eb("expires_at", "<=", toTimestampText(nowMs)), eb("last_seen_at", "<", toTimestampText(idleSinceMs))]))
      .execute();
  }
}

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    tokenDigest: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAtMs: fromTimestampText(row.created_at),
    expiresAtMs: fromTimestampText(row.expires_at),
    lastSeenAtMs: fromTimestampText(row.last_seen_at),
  };
}
