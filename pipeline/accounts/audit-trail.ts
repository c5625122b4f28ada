/**
 * The audit log's vocabulary and its one writer: who assigned and completed work, changed the policy, downloaded or
 * deleted footage, exported defects, and changed accounts. Routes record after the change succeeded.
 */
import type { AuditEntry, AuditRepository } from "../storage/audit-repository.js";
import type { Principal } from "./roles.js";

export const AUDIT_ACTIONS = [
  "work_order.created",
  "work_order.resent",
  "work_order.status_changed",
  "work_order.outcome_recorded",
  "export.downloaded",
  "footage.downloaded",
  "footage.deleted",
  "policy.changed",
  "user.created",
  "user.disabled",
  "device.issued",
  "device.revoked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Whoever acted: a principal of the web server, or a name such as "cli" for the command line. */
export type AuditActor = Principal | string;

export class AuditTrail {
  constructor(
    private readonly entries: AuditRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** `target` names what was acted on, e.g. "work-order:12"; `details` holds what a reader needs besides. */
  record(actor: AuditActor, action: AuditAction, target: string, details: Record<string, unknown> | null = null): Promise<AuditEntry> {
    return this.entries.record({ atMs: this.now(), actor: actorName(actor), action, target, details });
  }
}

/** A username, or "device:<name>" for a device token. */
export function actorName(actor: AuditActor): string {
  if (typeof actor === "string") return actor;
  return actor.kind === "user" ? actor.username : `device:${actor.deviceName}`;
}
