/**
 * The shapes of the session, user, device and audit endpoints, as zod schemas: requests are validated with them and
 * openapi.ts describes them from them.
 */
import { z } from "zod";
import { AUDIT_ACTIONS } from "../../pipeline/accounts/audit-trail.js";
import { ROLES } from "../../pipeline/accounts/roles.js";
import { pageSchema } from "./api-schemas.js";

const MAX_AUDIT_ENTRIES_PER_PAGE = 500;
const isoTime = z.string().describe("ISO 8601");

// ---- requests ----

export const signInBodySchema = z.object({
  username: z.string().min(1).max(200),
  password: z.string().min(1).max(1000),
});

export const newUserBodySchema = z.object({
  username: z.string().min(1).max(200),
  displayName: z.string().max(200).nullable().default(null),
  role: z.enum(ROLES),
  teamId: z.number().int().positive().nullable().default(null),
  password: z.string().min(1).max(1000),
});

export const newDeviceBodySchema = z.object({
  name: z.string().min(1).max(200),
  teamId: z.number().int().positive().nullable().default(null),
  expiresInDays: z.number().int().positive().max(3650).nullable().default(null).describe("null: the token never expires"),
});

export const auditQuerySchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional(),
  actor: z.string().min(1).max(200).optional().describe('a username, or "device:<name>"'),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_ENTRIES_PER_PAGE).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

// ---- responses ----

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(ROLES),
  teamId: z.number().int().nullable(),
  teamName: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: isoTime,
});

export const sessionSchema = z.object({
  user: userSchema,
  csrfToken: z.string().describe("send it back as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE"),
});

export const deviceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  teamId: z.number().int().nullable(),
  state: z.enum(["active", "expired", "revoked"]),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  revokedAt: isoTime.nullable(),
  lastUsedAt: isoTime.nullable(),
});

export const issuedDeviceSchema = z.object({
  device: deviceSchema,
  token: z.string().describe("shown this once: the device sends it as `Authorization: Bearer <token>`"),
});

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: isoTime,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const auditPageSchema = pageSchema(z.array(auditEntrySchema).describe("newest first"));

export type UserView = z.infer<typeof userSchema>;
export type SessionView = z.infer<typeof sessionSchema>;
export type DeviceView = z.infer<typeof deviceSchema>;
export type AuditEntryView = z.infer<typeof auditEntrySchema>;
