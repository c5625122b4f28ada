/** The API's OpenAPI 3.1 description, served at /api/openapi.json, generated from the schemas the server validates with. */
import { z } from "zod";
import { selectionSchema } from "../dispatch/selection.js";
import {
  auditPageSchema,
  auditQuerySchema,
  deviceSchema,
  issuedDeviceSchema,
  newDeviceBodySchema,
  newUserBodySchema,
  sessionSchema,
  signInBodySchema,
  userSchema,
} from "./account-schemas.js";
import { ACCESS_POLICY, type Audience, openApiPathOf } from "./access-policy.js";
import { retentionOverviewSchema } from "./retention-routes.js";
import {
  defectCollectionSchema,
  defectDetailsSchema,
  defectFeatureSchema,
  defectsQuerySchema,
  errorSchema,
  exportBodySchema,
  exportQuerySchema,
  filtersBodySchema,
  mapConfigSchema,
  newTeamSchema,
  newWorkOrderBodySchema,
  outcomeBodySchema,
  roadCollectionSchema,
  roadsQuerySchema,
  selectionPreviewBodySchema,
  selectionPreviewSchema,
  teamPatchSchema,
  teamSchema,
  workOrderDetailsSchema,
  workOrderListQuerySchema,
  workOrderPageSchema,
  workOrderPatchSchema,
  workOrderSchema,
} from "./api-schemas.js";
import {
  coverageQuerySchema,
  coverageSegmentCollectionSchema,
  coverageSegmentsQuerySchema,
  coverageSummarySchema,
  MAX_COVERAGE_SEGMENTS,
  policyBodySchema,
  policySchema,
} from "./coverage-schemas.js";
import { uploadSchema } from "./upload-schemas.js";

type JsonSchema = Record<string, unknown>;

interface Parameter {
  name: string;
  in: "query" | "path";
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Content {
  [mediaType: string]: { schema: JsonSchema };
}

interface Operation {
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Content };
  responses: Record<string, { description: string; content?: Content; headers?: Record<string, { schema: JsonSchema; description: string }> }>;
  /** filled in from access-policy.ts: who may call it */
  security?: Record<string, string[]>[];
  "x-roles"?: readonly Audience[];
}

type PathItem = Partial<Record<"get" | "post" | "put" | "patch" | "head" | "delete" | "options", Operation>>;

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

const COMPONENTS = {
  Error: errorSchema,
  Selection: selectionSchema,
  Filters: filtersBodySchema,
  DefectFeature: defectFeatureSchema,
  DefectCollection: defectCollectionSchema,
  DefectDetails: defectDetailsSchema,
  SelectionPreview: selectionPreviewSchema,
  Team: teamSchema,
  WorkOrder: workOrderSchema,
  WorkOrderDetails: workOrderDetailsSchema,
  WorkOrderPage: workOrderPageSchema,
  MapConfig: mapConfigSchema,
  RoadCollection: roadCollectionSchema,
  CoverageSummary: coverageSummarySchema,
  CoverageSegmentCollection: coverageSegmentCollectionSchema,
  Policy: policySchema,
  Session: sessionSchema,
  User: userSchema,
  Device: deviceSchema,
  IssuedDevice: issuedDeviceSchema,
  AuditPage: auditPageSchema,
  Upload: uploadSchema,
  RetentionOverview: retentionOverviewSchema,
};

const SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "roadwatch_session",
    description: "set by POST /api/session; every POST, PUT, PATCH and DELETE also sends the session's X-CSRF-Token header",
  },
  deviceToken: { type: "http", scheme: "bearer", description: "a device token an admin issued (POST /api/devices)" },
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  // OpenAPI 3.1 already declares the JSON Schema dialect for the whole document
  delete generated.$schema;
  return generated;
}

function ref(name: keyof typeof COMPONENTS): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

function json(schema: JsonSchema): Content {
  return { "application/json": { schema } };
}

function body(schema: z.ZodType): { required: true; content: Content } {
  return { required: true, content: json(jsonSchema(schema, "input")) };
}

/** One query parameter per field of the schema; a field that accepts a missing value is optional. */
function queryParameters(schema: z.ZodObject, descriptions: Record<string, string> = {}): Parameter[] {
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: "query",
    required: !(field as z.ZodType).safeParse(undefined).success,
    ...(descriptions[name] === undefined ? {} : { description: descriptions[name] }),
    schema: jsonSchema(field as z.ZodType, "input"),
  }));
}

function pathIds(...names: string[]): Parameter[] {
  return names.map((name) => ({ name, in: "path", required: true, schema: { type: "integer", minimum: 1 } }));
}

const FILTER_DESCRIPTIONS: Record<string, string> = {
  bbox: "west,south,east,north in degrees (WGS84); without it, the whole map a page at a time",
  severity: "comma-separated levels 1–3",
  class: "comma-separated damage class ids, e.g. D40,D20",
  status: "comma-separated defect statuses",
  from: "seen on or after: a date (the whole UTC day) or an ISO 8601 date-time",
  to: "seen on or before: a date (the whole UTC day) or an ISO 8601 date-time",
  team: "only defects on a work order of this team",
};

const problem = (description: string) => ({ description, content: json(ref("Error")) });
const badRequest = problem("invalid request: `details` names each problem and where it is");
const notFound = problem("no such resource");

const exportResponses = {
  geojson: {
    "200": {
      description: "a GeoJSON FeatureCollection of the defects",
      content: { "application/geo+json": { schema: ref("DefectCollection") } },
      headers: { "X-Total-Count": { schema: { type: "integer" }, description: "defects matching in all" } },
    },
    "400": badRequest,
  },
  csv: {
    "200": {
      description: "one row per defect, with a header row",
      content: { "text/csv": { schema: { type: "string" } } },
      headers: { "X-Total-Count": { schema: { type: "integer" }, description: "defects matching in all" } },
    },
    "400": badRequest,
  },
};

export function openApiDocument(version: string): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "roadwatch",
      version,
      description:
        "The foreman's map: road defects found by the nightly pipeline, work orders for crews, and the crews' reports. " +
        "Errors are JSON { error, details }. Every list is bounded: a page limit, and a bbox or a drawn selection.",
    },
    paths: withAccess({
      "/api/openapi.json": {
        get: { summary: "This description of the API", responses: { "200": { description: "an OpenAPI 3.1 document", content: json({ type: "object" }) } } },
      },
      "/api/config": {
        get: {
          summary: "What the map page needs to start: its basemap, the damage classes and the severity levels",
          description:
            "basemapStyleUrl is the setting ROADWATCH_BASEMAP_STYLE, the URL of a MapLibre style such as the municipality's " +
            "own tile server; unset, it is null and the page draws OpenStreetMap's raster tiles.",
          responses: { "200": { description: "the map settings", content: json(ref("MapConfig")) } },
        },
      },
      "/api/defects": {
        get: {
          summary: "Defects in an area, filtered, most severe first",
          parameters: queryParameters(defectsQuerySchema, FILTER_DESCRIPTIONS),
          responses: { "200": { description: "a page of defects", content: json(ref("DefectCollection")) }, "400": badRequest },
        },
      },
      "/api/roads": {
        get: {
          summary: "The road network's lines meeting an area, for the map's background",
          description:
            "The lines of the file ROADWATCH_ROADS in WGS84, at most 20,000; with no road network configured, an empty collection.",
          parameters: queryParameters(roadsQuerySchema, { bbox: "west,south,east,north in degrees (WGS84)" }),
          responses: { "200": { description: "road lines", content: json(ref("RoadCollection")) }, "400": badRequest },
        },
      },
      "/api/coverage": {
        get: {
          summary: "Inspection coverage per road class, per week, and the roads with most defects per km",
          description:
            "Judged on `at` against the policy in force (GET /api/policy), over the road network imported with " +
            "`roadwatch roads import`. A segment counts as inspected on a day when that day's videos filmed at least " +
            "half its length; within policy: inspected no longer ago than its class's interval. Empty lists without a network.",
          parameters: queryParameters(coverageQuerySchema),
          responses: { "200": { description: "the summary", content: json(ref("CoverageSummary")) }, "400": badRequest },
        },
      },
      "/api/coverage/segments": {
        get: {
          summary: "The road segments meeting an area, each with its inspection status, for the planner's map",
          description: `At most ${MAX_COVERAGE_SEGMENTS.toLocaleString("en")} segments (a whole municipality has about 12,000 of 100 m), by id.`,
          parameters: queryParameters(coverageSegmentsQuerySchema, { bbox: "west,south,east,north in degrees (WGS84)" }),
          responses: {
            "200": { description: "segments", content: { "application/geo+json": { schema: ref("CoverageSegmentCollection") } } },
            "400": badRequest,
          },
        },
      },
      "/api/coverage/overdue.geojson": {
        get: {
          summary: "Download the segments to drive next as GeoJSON",
          description:
            "Segments of a class with a policy that are overdue or were never inspected by `at`: never inspected first, " +
            "then the longest overdue, by class. The whole network, unbounded by area.",
          parameters: queryParameters(coverageQuerySchema),
          responses: {
            "200": {
              description: "an attachment overdue-roads-<at>.geojson",
              content: { "application/geo+json": { schema: ref("CoverageSegmentCollection") } },
            },
            "400": badRequest,
          },
        },
      },
      "/api/coverage.csv": {
        get: {
          summary: "Download the coverage summary and the segments to drive next as CSV",
          description:
            "RFC 4180, comma-separated like the defect export: a header and one row per road class (road_class, " +
            "required_interval_days, length_km, within_policy_km, within_policy_percent, due_soon_km, overdue_km, " +
            "never_km); an empty line; then a header and one row per segment of GET /api/coverage/overdue.geojson " +
            "(segment_id, road_name, road_class, status, last_inspected, days_since_inspection, required_interval_days, " +
            "length_m, and lon, lat of its middle).",
          parameters: queryParameters(coverageQuerySchema),
          responses: {
            "200": { description: "an attachment coverage-<at>.csv", content: { "text/csv": { schema: { type: "string" } } } },
            "400": badRequest,
          },
        },
      },
      "/api/policy": {
        get: {
          summary: "The required inspection interval of each road class that has one",
          description: "Defaults from ROADWATCH_COVERAGE_POLICY; a planner's interval for a class replaces its default.",
          responses: { "200": { description: "the policy in force, by road class", content: json(ref("Policy")) } },
        },
        put: {
          summary: "Set a road class's required inspection interval, or clear it with null",
          requestBody: body(policyBodySchema),
          responses: { "200": { description: "the policy in force, by road class", content: json(ref("Policy")) }, "400": badRequest },
        },
      },
      "/api/defects/{id}": {
        get: {
          summary: "One defect with its sightings, photos and work orders",
          parameters: pathIds("id"),
          responses: { "200": { description: "the defect", content: json(ref("DefectDetails")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/selection/preview": {
        post: {
          summary: "The defects a drawn area holds, as a work order for it would take them",
          description: "Without a status filter the area takes the defects still needing a crew (open, assigned).",
          requestBody: body(selectionPreviewBodySchema),
          responses: { "200": { description: "count and ids", content: json(ref("SelectionPreview")) }, "400": badRequest },
        },
      },
      "/api/export/defects.geojson": {
        get: {
          summary: "Export defects in a bbox as GeoJSON",
          parameters: queryParameters(exportQuerySchema, FILTER_DESCRIPTIONS),
          responses: exportResponses.geojson,
        },
        post: { summary: "Export the defects inside a drawn area as GeoJSON", requestBody: body(exportBodySchema), responses: exportResponses.geojson },
      },
      "/api/export/defects.csv": {
        get: {
          summary: "Export defects in a bbox as CSV",
          parameters: queryParameters(exportQuerySchema, FILTER_DESCRIPTIONS),
          responses: exportResponses.csv,
        },
        post: { summary: "Export the defects inside a drawn area as CSV", requestBody: body(exportBodySchema), responses: exportResponses.csv },
      },
      "/api/teams": {
        get: {
          summary: "All teams, by name",
          responses: { "200": { description: "the teams", content: json({ type: "array", items: ref("Team") }) } },
        },
        post: {
          summary: "Add a team",
          requestBody: body(newTeamSchema),
          responses: { "201": { description: "the team", content: json(ref("Team")) }, "400": badRequest },
        },
      },
      "/api/teams/{id}": {
        get: {
          summary: "One team",
          parameters: pathIds("id"),
          responses: { "200": { description: "the team", content: json(ref("Team")) }, "404": notFound },
        },
        patch: {
          summary: "Change a team's name, addresses or language",
          parameters: pathIds("id"),
          requestBody: body(teamPatchSchema),
          responses: { "200": { description: "the team", content: json(ref("Team")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/work-orders": {
        get: {
          summary: "Work orders, newest first",
          parameters: queryParameters(workOrderListQuerySchema),
          responses: { "200": { description: "a page of work orders", content: json(ref("WorkOrderPage")) }, "400": badRequest },
        },
        post: {
          summary: "Send the defects inside a drawn area to a team",
          description:
            "The server finds the defects inside the selection itself, orders them along a route, stores the work order " +
            "and then mails it; a failed send is retried after 1, 5 and 30 minutes (see sendStatus).",
          requestBody: body(newWorkOrderBodySchema),
          responses: {
            "201": { description: "the stored work order", content: json(ref("WorkOrderDetails")) },
            "400": badRequest,
            "404": problem("no such team"),
          },
        },
      },
      "/api/work-orders/{id}": {
        get: {
          summary: "One work order with its stops in route order",
          parameters: pathIds("id"),
          responses: { "200": { description: "the work order", content: json(ref("WorkOrderDetails")) }, "404": notFound },
        },
        patch: {
          summary: "Set a work order's status",
          parameters: pathIds("id"),
          requestBody: body(workOrderPatchSchema),
          responses: { "200": { description: "the work order", content: json(ref("WorkOrder")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/work-orders/{id}/send": {
        post: {
          summary: "Try sending again now, also after the retries were given up",
          parameters: pathIds("id"),
          responses: { "200": { description: "the work order", content: json(ref("WorkOrder")) }, "400": badRequest, "404": notFound },
        },
      },
      "/api/work-orders/{id}/defects/{defectId}/outcome": {
        post: {
          summary: "A crew reports a defect repaired or not found, optionally with a photo",
          description:
            "JSON, or multipart/form-data as the printed work order posts it (fields outcome and photo); " +
            "the form gets a redirect back to the printed page.",
          parameters: pathIds("id", "defectId"),
          requestBody: {
            required: true,
            content: {
              ...json(jsonSchema(outcomeBodySchema, "input")),
              "multipart/form-data": {
                schema: {
                  type: "object",
                  properties: { outcome: { type: "string", enum: ["repaired", "not_found"] }, photo: { type: "string", format: "binary" } },
                  required: ["outcome"],
                },
              },
            },
          },
          responses: {
            "200": { description: "the work order", content: json(ref("WorkOrder")) },
            "303": { description: "form posts: back to the printed work order" },
            "400": badRequest,
            "404": notFound,
            "413": problem("the photo is too large"),
          },
        },
      },
      "/work-orders/{id}/print": {
        get: {
          summary: "The printable, phone-friendly work order in the team's language",
          parameters: pathIds("id"),
          responses: { "200": { description: "an HTML page", content: { "text/html": { schema: { type: "string" } } } }, "404": notFound },
        },
      },
      "/api/retention": {
        get: {
          summary: "The raw videos still stored, the day each may be deleted, and what the kept frames take",
          description:
            "Raw videos are deleted ROADWATCH_RETENTION_DAYS after they were processed, by the first nightly run after " +
            "that; the frames kept as evidence stay, with faces and number plates obscured (PRIVACY.md).",
          responses: { "200": { description: "stored footage", content: json(ref("RetentionOverview")) } },
        },
      },
      "/api/uploads": {
        get: {
          summary: "Uploads, newest first (the last 200), each with what the pipeline made of its video",
          description: "A crew sees its team's uploads and its own; foremen and admins see everyone's.",
          responses: { "200": { description: "the uploads", content: json({ type: "array", items: ref("Upload") }) } },
        },
      },
      "/api/uploads/tus": {
        options: {
          summary: "The tus protocol's capabilities: version 1.0.0, extensions creation, creation-with-upload and termination",
          responses: { "204": { description: "Tus-Version and Tus-Extension headers" } },
        },
        post: {
          summary: "Begin a resumable upload of a video or track file (tus protocol 1.0.0, creation)",
          description:
            "From a signed-in crew or admin (with X-CSRF-Token) or a device (Authorization: Bearer). Headers: Tus-Resumable: 1.0.0, " +
            "Upload-Length (required), Upload-Metadata with filename (required), filetype and pairkey (base64 values). " +
            "A video and its track file with the same pairkey (by default the file name without extension) are put in " +
            "the inbox together. The file types and the largest size are ROADWATCH_UPLOAD_TYPES and ROADWATCH_UPLOAD_MAX_BYTES. " +
            "Errors are text: the file's name and the problem.",
          responses: {
            "201": { description: "created; Location is the upload's address, /api/uploads/tus/{id}" },
            "400": { description: "no file name or no Upload-Length" },
            "413": { description: "larger than ROADWATCH_UPLOAD_MAX_BYTES" },
            "415": { description: "a file type not taken, or a declared type that does not fit the name" },
          },
        },
      },
      "/api/uploads/tus/{id}": {
        head: {
          summary: "How far an upload got: Upload-Offset, to resume from after a dropped connection",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "Upload-Offset and Upload-Length headers" }, "404": { description: "no such upload of the caller's" } },
        },
        patch: {
          summary: "The next bytes of an upload, from Upload-Offset (Content-Type: application/offset+octet-stream)",
          description:
            "When the last byte arrives the file is checked by its first bytes (an MP4 starts with an ftyp box, GPX is XML), " +
            "named by its sha256 and put in the inbox for the nightly run; the same file uploaded again is stored once.",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "204": { description: "received; Upload-Offset is the new offset" },
            "404": { description: "no such upload of the caller's" },
            "409": { description: "Upload-Offset is not where the upload stands: ask with HEAD" },
            "413": { description: "more bytes than the declared length" },
            "415": { description: "the content is not what the file's name says, e.g. text named .mp4; it is not kept" },
          },
        },
        delete: {
          summary: "Give up an upload that has not finished",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "204": { description: "forgotten" }, "404": { description: "no such upload of the caller's" } },
        },
      },
      "/media/{path}": {
        get: {
          summary: "A defect photo, crop or thumbnail, a frame, or an outcome photo, by the URL the API gave",
          parameters: [{ name: "path", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "a JPEG", content: { "image/jpeg": { schema: { type: "string", format: "binary" } } } }, "404": notFound },
        },
      },
      "/api/session": {
        post: {
          summary: "Sign in with a username and password",
          description:
            "Sets the HttpOnly cookie roadwatch_session (a new session each time; the one sent along ends) and answers the " +
            "CSRF token to send as X-CSRF-Token. Wrong password and unknown user answer alike; after ROADWATCH_LOGIN_MAX_FAILURES " +
            "failures for a username within 15 minutes (four times as many for one client address) 429 with Retry-After.",
          requestBody: body(signInBodySchema),
          responses: {
            "200": { description: "signed in", content: json(ref("Session")) },
            "400": badRequest,
            "401": problem("wrong username or password"),
            "403": problem("posted from another site's page"),
            "429": problem("too many failed sign-ins; Retry-After says for how many seconds"),
          },
        },
        get: {
          summary: "Who is signed in, and the session's CSRF token",
          responses: { "200": { description: "the session", content: json(ref("Session")) }, "401": problem("not signed in") },
        },
        delete: {
          summary: "Sign out: the session ends and its cookie is cleared",
          responses: { "204": { description: "signed out" } },
        },
      },
      "/api/users": {
        get: {
          summary: "All accounts, by username",
          responses: { "200": { description: "the accounts", content: json({ type: "array", items: ref("User") }) } },
        },
        post: {
          summary: "Add an account",
          description: "A crew account needs a team. Passwords have at least 10 characters and are stored as scrypt hashes.",
          requestBody: body(newUserBodySchema),
          responses: {
            "201": { description: "the account", content: json(ref("User")) },
            "400": badRequest,
            "404": problem("no such team"),
            "409": problem("the username is taken"),
          },
        },
      },
      "/api/users/{id}/disable": {
        post: {
          summary: "Disable an account and end its sessions; it stays in the audit log and on its work orders",
          parameters: pathIds("id"),
          responses: { "200": { description: "the account", content: json(ref("User")) }, "400": problem("your own account"), "404": notFound },
        },
      },
      "/api/devices": {
        get: {
          summary: "All device tokens, by name",
          responses: { "200": { description: "the devices", content: json({ type: "array", items: ref("Device") }) } },
        },
        post: {
          summary: "Issue a token for a phone or dashcam, which may upload with it and do nothing else",
          requestBody: body(newDeviceBodySchema),
          responses: {
            "201": { description: "the device and its token, shown this once", content: json(ref("IssuedDevice")) },
            "400": badRequest,
            "404": problem("no such team"),
            "409": problem("a device of that name exists"),
          },
        },
      },
      "/api/devices/{id}/revoke": {
        post: {
          summary: "Revoke a device's token: its next request answers 401",
          parameters: pathIds("id"),
          responses: { "200": { description: "the device", content: json(ref("Device")) }, "404": notFound },
        },
      },
      "/api/audit": {
        get: {
          summary: "The audit log, newest first: who assigned, completed, changed the policy, exported, downloaded or deleted footage, changed accounts",
          parameters: queryParameters(auditQuerySchema),
          responses: { "200": { description: "a page of entries", content: json(ref("AuditPage")) }, "400": badRequest },
        },
      },
    }),
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, jsonSchema(schema, "output")])),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

/**
 * Each operation with who may call it, from access-policy.ts: its roles as x-roles, its security schemes (none when
 * public), and the 401 and 403 every guarded operation can answer.
 */
function withAccess(paths: Record<string, PathItem>): Record<string, PathItem> {
  const audiences = new Map(
    Object.entries(ACCESS_POLICY).map(([key, allowed]) => {
      const { method, path } = openApiPathOf(key as keyof typeof ACCESS_POLICY);
      return [`${method} ${path}`, allowed];
    }),
  );
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, operation]) => {
          // the table reads HEAD as GET, as express routes do
          const allowed = audiences.get(`${method === "head" ? "get" : method} ${path}`);
          // an operation missing from the table answers 404 to everyone (test/integration/access-matrix.test.ts finds it)
          if (allowed === undefined) return [method, operation];
          if (allowed.includes("public")) return [method, { ...operation, security: [], "x-roles": allowed }];
          const security = [{ session: [] }, ...(allowed.includes("device") ? [{ deviceToken: [] }] : [])];
          const responses = { ...operation.responses, "401": problem("not signed in, or the device token is unknown, revoked or expired"), "403": problem("the caller's role may not") };
          return [method, { ...operation, security, "x-roles": allowed, responses }];
        }),
      ),
    ]),
  );
}
