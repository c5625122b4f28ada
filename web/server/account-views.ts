/** Accounts as the API shows them: ISO times, never a password hash or a token digest. */
import { deviceState } from "../../pipeline/accounts/account-service.js";
import type { AuditEntry } from "../../pipeline/storage/audit-repository.js";
import type { Device } from "../../pipeline/storage/device-repository.js";
import type { Team } from "../../pipeline/storage/team-repository.js";
import type { User } from "../../pipeline/storage/user-repository.js";
import type { AuditEntryView, DeviceView, UserView } from "./account-schemas.js";

function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

function optionalIsoTime(timeMs: number | null): string | null {
  return timeMs === null ? null : isoTime(timeMs);
}

/** `teams`: at least the user's team, by id. */
export function userView(user: User, teams: ReadonlyMap<number, Team>): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    teamId: user.teamId,
    teamName: user.teamId === null ? null : (teams.get(user.teamId)?.name ?? null),
    disabled: user.disabledAtMs !== null,
    createdAt: isoTime(user.createdAtMs),
  };
}

export function deviceView(device: Device, nowMs: number): DeviceView {
  return {
    id: device.id,
    name: device.name,
    teamId: device.teamId,
    state: deviceState(device, nowMs),
    createdAt: isoTime(device.createdAtMs),
    expiresAt: optionalIsoTime(device.expiresAtMs),
    revokedAt: optionalIsoTime(device.revokedAtMs),
    lastUsedAt: optionalIsoTime(device.lastUsedAtMs),
  };
}

export function auditEntryView(entry: AuditEntry): AuditEntryView {
  return { id: entry.id, at: isoTime(entry.atMs), actor: entry.actor, action: entry.action, target: entry.target, details: entry.details };
}
