/**
 * Who may call what: every endpoint of the API, the media files and the server-rendered pages, with the roles that
 * may call it. access-control.ts enforces this table in front of every route, so a route cannot forget its check;
 * an /api or /media address missing here answers 404 whatever route exists for it (deny by default).
 *
 * Finer rules that depend on the record, such as a crew seeing only its own team's work orders, are the routes' and
 * services' to check: this table knows addresses, not rows.
 */
import { type Role, ROLES } from "../../pipeline/accounts/roles.js";

/** "public": anyone, signed in or not; "device": a phone or dashcam with a device token (Authorization: Bearer). */
export type Audience = Role | "device" | "public";

/** "METHOD /path": segments ":name" match one segment, a last segment "*name" matches one or more. */
export type EndpointKey = `${"GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS"} /${string}`;

const PUBLIC: readonly Audience[] = ["public"];
const SIGNED_IN: readonly Audience[] = ROLES;
/** the map and what it reads: the planner sees it, read-only */
const MAP_READERS: readonly Audience[] = ["foreman", "planner", "admin"];
/** who sends crews out and manages teams */
const DISPATCHERS: readonly Audience[] = ["foreman", "admin"];
/** crews see and complete their own team's work orders (checked in work-order-routes.ts) */
const WORK_ORDER_READERS: readonly Audience[] = ["crew", "foreman", "admin"];
const ADMINS: readonly Audience[] = ["admin"];
/** who brings footage in: crews from the upload page, admins, and devices with a token (which may do nothing else) */
const UPLOADERS: readonly Audience[] = ["crew", "admin", "device"];
/** crews see their team's uploads (checked in upload-service.ts), foremen and admins all */
const UPLOAD_READERS: readonly Audience[] = ["crew", "foreman", "admin"];
/** what footage is stored and until when: the planner's coverage page and the admin (file names can name crews) */
const RETENTION_READERS: readonly Audience[] = ["planner", "admin"];
/** inspection coverage: planners plan the drives, foremen and admins look on */
const COVERAGE_READERS: readonly Audience[] = ["planner", "foreman", "admin"];
/** who sets how often each road class must be inspected */
const POLICY_EDITORS: readonly Audience[] = ["planner", "admin"];

export const ACCESS_POLICY: Readonly<Record<EndpointKey, readonly Audience[]>> = {
  "GET /api/openapi.json": PUBLIC,
  "GET /api/config": SIGNED_IN,

  "POST /api/session": PUBLIC,
  "GET /api/session": PUBLIC,
  "DELETE /api/session": SIGNED_IN,

  "GET /api/defects": MAP_READERS,
  "GET /api/defects/:id": MAP_READERS,
  "GET /api/roads": MAP_READERS,
  "POST /api/selection/preview": MAP_READERS,
  "GET /api/export/defects.geojson": MAP_READERS,
  "POST /api/export/defects.geojson": MAP_READERS,
  "GET /api/export/defects.csv": MAP_READERS,
  "POST /api/export/defects.csv": MAP_READERS,

  "GET /api/coverage": COVERAGE_READERS,
  "GET /api/coverage/segments": COVERAGE_READERS,
  "GET /api/coverage/overdue.geojson": COVERAGE_READERS,
  "GET /api/coverage.csv": COVERAGE_READERS,
  "GET /api/policy": COVERAGE_READERS,
  "PUT /api/policy": POLICY_EDITORS,

  "GET /api/teams": MAP_READERS,
  "POST /api/teams": DISPATCHERS,
  "GET /api/teams/:id": MAP_READERS,
  "PATCH /api/teams/:id": DISPATCHERS,

  "GET /api/work-orders": WORK_ORDER_READERS,
  "POST /api/work-orders": DISPATCHERS,
  "GET /api/work-orders/:id": WORK_ORDER_READERS,
  "PATCH /api/work-orders/:id": DISPATCHERS,
  "POST /api/work-orders/:id/send": DISPATCHERS,
  "POST /api/work-orders/:id/defects/:defectId/outcome": WORK_ORDER_READERS,
  "GET /work-orders/:id/print": WORK_ORDER_READERS,

  // photos of public roads: every signed-in role sees them (crews on their printed work orders), devices do not
  "GET /media/*path": SIGNED_IN,

  // the tus protocol's resumable uploads: create, ask how far one got, send the next part, give one up
  "OPTIONS /api/uploads/tus": UPLOADERS,
  "POST /api/uploads/tus": UPLOADERS,
  // for HEAD, how far an upload got: this table reads HEAD as GET, and no GET route exists (tus would send the bytes back)
  "GET /api/uploads/tus/:id": UPLOADERS,
  "PATCH /api/uploads/tus/:id": UPLOADERS,
  "DELETE /api/uploads/tus/:id": UPLOADERS,
  "GET /api/uploads": UPLOAD_READERS,
  "GET /api/retention": RETENTION_READERS,

  "GET /api/users": ADMINS,
  "POST /api/users": ADMINS,
  "POST /api/users/:id/disable": ADMINS,
  "GET /api/devices": ADMINS,
  "POST /api/devices": ADMINS,
  "POST /api/devices/:id/revoke": ADMINS,
  "GET /api/audit": ADMINS,
};

/** The form field FORM_POST_ENDPOINTS take the CSRF token in. */
export const CSRF_FORM_FIELD = "csrfToken";

/**
 * Endpoints a browser form posts to without JavaScript, which cannot set the X-CSRF-Token header: the printed work
 * order's report form. They take the token as the form field CSRF_FORM_FIELD instead, which the route checks with
 * `verifyFormCsrfToken` once it has read the form.
 */
export const FORM_POST_ENDPOINTS: ReadonlySet<EndpointKey> = new Set<EndpointKey>(["POST /api/work-orders/:id/defects/:defectId/outcome"]);

export interface MatchedEndpoint {
  key: EndpointKey;
  audiences: readonly Audience[];
}

interface CompiledEndpoint extends MatchedEndpoint {
  method: string;
  segments: readonly string[];
}

const COMPILED: readonly CompiledEndpoint[] = Object.entries(ACCESS_POLICY).map(([key, audiences]) => {
  const [method, pattern] = key.split(" ") as [string, string];
  return { key: key as EndpointKey, audiences, method, segments: pattern.toLowerCase().split("/").slice(1) };
});

/**
 * The table's entry for a request; HEAD is GET without the body. Null: no such endpoint. Matches as leniently as
 * express routes do (any letter case, one trailing slash), so no spelling reaches a route past its entry.
 */
export function matchEndpoint(method: string, path: string): MatchedEndpoint | null {
  const wanted = method === "HEAD" ? "GET" : method;
  const normalized = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  const segments = normalized.toLowerCase().split("/").slice(1);
  const match = COMPILED.find((endpoint) => endpoint.method === wanted && segmentsMatch(endpoint.segments, segments));
  return match === undefined ? null : { key: match.key, audiences: match.audiences };
}

function segmentsMatch(pattern: readonly string[], segments: readonly string[]): boolean {
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index];
    if (segment === undefined || segment === "") return false;
    if (part.startsWith("*")) return segments.slice(index).every((rest) => rest !== "");
    if (!part.startsWith(":") && part !== segment) return false;
  }
  return pattern.length === segments.length;
}

/** The OpenAPI path of a table entry's pattern: ":id" and "*path" become "{id}" and "{path}". */
export function openApiPathOf(key: EndpointKey): { method: string; path: string } {
  const [method, pattern] = key.split(" ") as [string, string];
  return { method: method.toLowerCase(), path: pattern.replace(/[:*](\w+)/g, "{$1}") };
}
