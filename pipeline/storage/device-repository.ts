import type { Kysely, Selectable } from "kysely";
import { fromTimestampText, optionalTimestampMs, toTimestampText } from "./dialect.js";
import type { DevicesTable, RoadwatchDatabase } from "./schema.js";

export interface NewDevice {
  name: string;
  teamId: number | null;
  /** sha256 of the device's token, hex: the token itself is never stored */
  tokenDigest: string;
  /** null: never */
  expiresAtMs: number | null;
}

export interface Device {
  id: number;
  name: string;
  teamId: number | null;
  createdAtMs: number;
  expiresAtMs: number | null;
  revokedAtMs: number | null;
  lastUsedAtMs: number | null;
}

/** Phones and dashcams that upload footage with a token of their own. */
export class DeviceRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async create(device: NewDevice): Promise<Device> {
    const row = await this.db
      .insertInto("devices")
      .values({
        name: device.name,
        team_id: device.teamId,
        token_hash: device.tokenDigest,
        created_at: toTimestampText(Date.now()),
        expires_at: device.expiresAtMs === null ? null : toTimestampText(device.expiresAtMs),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toDevice(row);
  }

  async get(id: number): Promise<Device | null> {
    const row = await this.db.selectFrom("devices").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toDevice(row);
  }

  async findByName(name: string): Promise<Device | null> {
    const row = await this.db.selectFrom("devices").selectAll().where("name", "=", name).executeTakeFirst();
    return row === undefined ? null : toDevice(row);
  }

  async findByTokenDigest(tokenDigest: string): Promise<Device | null> {
    const row = await this.db.selectFrom("devices").selectAll().where("token_hash", "=", tokenDigest).executeTakeFirst();
    return row === undefined ? null : toDevice(row);
  }

  /** By name. */
  async list(): Promise<Device[]> {
    const rows = await this.db.selectFrom("devices").selectAll().orderBy("name").execute();
    return rows.map(toDevice);
  }

  /** Null when there is no such device; a device revoked before keeps its first date. */
  async revoke(id: number, atMs: number): Promise<Device | null> {
    const row = await this.db
      .updateTable("devices")
      .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.val(toTimestampText(atMs))) }))
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : toDevice(row);
  }

  async touch(id: number, atMs: number): Promise<void> {
    await this.db.updateTable("devices").set({ last_used_at: toTimestampText(atMs) }).where("id", "=", id).execute();
  }
}

function toDevice(row: Selectable<DevicesTable>): Device {
  return {
    id: row.id,
    name: row.name,
    teamId: row.team_id,
    createdAtMs: fromTimestampText(row.created_at),
    expiresAtMs: optionalTimestampMs(row.expires_at),
    revokedAtMs: optionalTimestampMs(row.revoked_at),
    lastUsedAtMs: optionalTimestampMs(row.last_used_at),
  };
}
