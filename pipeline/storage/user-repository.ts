import type { Kysely, Selectable } from "kysely";
import type { Role } from "../accounts/roles.js";
import { fromTimestampText, optionalTimestampMs, toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase, UsersTable } from "./schema.js";

export interface NewUser {
  /** lower case */
  username: string;
  displayName: string | null;
  role: Role;
  teamId: number | null;
  /** null: no local password */
  passwordHash: string | null;
}

/** A person's account, without its password hash, which only `passwordHash` hands out. */
export interface User {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  teamId: number | null;
  disabledAtMs: number | null;
  createdAtMs: number;
}

/** The people who sign in. */
export class UserRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async create(user: NewUser): Promise<User> {
    const row = await this.db
      .insertInto("users")
      .values({
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        team_id: user.teamId,
        password_hash: user.passwordHash,
        created_at: toTimestampText(Date.now()),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async get(id: number): Promise<User | null> {
    const row = await this.db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  async findByUsername(username: string): Promise<User | null> {
    const row = await this.db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }

  /** By username. */
  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom("users").selectAll().orderBy("username").execute();
    return rows.map(toUser);
  }

  async count(): Promise<number> {
    const { total } = await this.db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    return Number(total);
  }

  /** Null when there is no such user or it has no local password. */
  async passwordHash(id: number): Promise<string | null> {
    const row = await this.db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async setPasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", id).execute();
  }

  /** Null when there is no such user; an account disabled before keeps its first date. */
  async disable(id: number, atMs: number): Promise<User | null> {
    const row = await this.db
      .updateTable("users")
      .set((eb) => ({ disabled_at: eb.fn.coalesce("disabled_at", eb.val(toTimestampText(atMs))) }))
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : toUser(row);
  }
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    teamId: row.team_id,
    disabledAtMs: optionalTimestampMs(row.disabled_at),
    createdAtMs: fromTimestampText(row.created_at),
  };
}
