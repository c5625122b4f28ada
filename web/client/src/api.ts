/** The page's only door to web/server: one function per endpoint, errors carrying the server's own message. */
import type {
  CoverageSegmentCollection,
  CoverageSummary,
  DefectCollection,
  DefectDetails,
  DefectFilters,
  InspectionPolicy,
  MapConfig,
  PolicyChange,
  RetentionOverview,
  RoadCollection,
  Selection,
  SelectionPreview,
  ShapeSelection,
  SignedIn,
  Team,
  UploadEntry,
  WorkOrder,
} from "./api-types.js";

/** The signed-in session's CSRF token, which every change must send back; null until the page knows the session. */
let csrfToken: string | null = null;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Every request of the page goes through here: so every POST, PUT, PATCH and DELETE carries the CSRF token. */
async function send(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("Accept")) headers.set("Accept", "application/json");
  if (!SAFE_METHODS.has((init.method ?? "GET").toUpperCase()) && csrfToken !== null) headers.set("X-CSRF-Token", csrfToken);
  return fetch(url, { ...init, headers });
}

/** A refusal by the server: its HTTP status, and its own message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function refusal(response: Response): Promise<ApiError> {
  return new ApiError(response.status, await errorMessage(response));
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await send(url, init);
  if (!response.ok) throw await refusal(response);
  return (await response.json()) as T;
}

function remember(session: SignedIn): SignedIn {
  csrfToken = session.csrfToken;
  return session;
}

/** The server answers errors as { error: "…" }, which the page shows as it is; anything else as the status line. */
async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // not JSON: fall through
  }
  return `${response.status} ${response.statusText}`;
}

function sendJson<T>(method: "POST" | "PUT", url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal });
}

function filterQuery(filters: DefectFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.severity.length > 0) query.set("severity", filters.severity.join(","));
  if (filters.class !== null) query.set("class", filters.class);
  if (filters.status.length > 0) query.set("status", filters.status.join(","));
  if (filters.teamId !== null) query.set("team", String(filters.teamId));
  if (filters.from !== null) query.set("from", filters.from);
  if (filters.to !== null) query.set("to", filters.to);
  return query;
}

/** The server's page limit: the most severe this many of the defects in the box come back. */
const MAX_DEFECTS_PER_REQUEST = 5000;

export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

function bboxParameter(box: LonLatBox): string {
  return [box.west, box.south, box.east, box.north].map((degrees) => degrees.toFixed(6)).join(",");
}

export function fetchRoads(box: LonLatBox, signal: AbortSignal): Promise<RoadCollection> {
  return request<RoadCollection>(`/api/roads?bbox=${bboxParameter(box)}`, { signal });
}

export function fetchDefects(filters: DefectFilters, box: LonLatBox, signal: AbortSignal): Promise<DefectCollection> {
  const query = filterQuery(filters);
  query.set("bbox", bboxParameter(box));
  query.set("limit", String(MAX_DEFECTS_PER_REQUEST));
  return request<DefectCollection>(`/api/defects?${query.toString()}`, { signal });
}

export function fetchDefect(id: number, signal: AbortSignal): Promise<DefectDetails> {
  return request<DefectDetails>(`/api/defects/${id}`, { signal });
}

export function fetchTeams(): Promise<Team[]> {
  return request<Team[]>("/api/teams");
}

/** The server's map settings; the defaults when it offers none (an older server, or a 404). */
export async function fetchMapConfig(defaults: MapConfig): Promise<MapConfig> {
  try {
    return { ...defaults, ...(await request<Partial<MapConfig>>("/api/config")) };
  } catch {
    return defaults;
  }
}

export function previewSelection(selection: ShapeSelection, filters: DefectFilters, signal: AbortSignal): Promise<SelectionPreview> {
  return sendJson<SelectionPreview>("POST", "/api/selection/preview", { selection, filters }, signal);
}

export interface NewWorkOrder {
  selection: Selection;
  filters: DefectFilters;
  teamId: number;
  note: string | null;
  dueDate: string | null;
}

export function createWorkOrder(order: NewWorkOrder): Promise<WorkOrder> {
  return sendJson<WorkOrder>("POST", "/api/work-orders", order);
}

/** `at`: YYYY-MM-DD, the day the coverage is computed for. */
export function fetchCoverage(at: string, signal: AbortSignal): Promise<CoverageSummary> {
  return request<CoverageSummary>(`/api/coverage?${new URLSearchParams({ at }).toString()}`, { signal });
}

export function fetchCoverageSegments(box: LonLatBox, at: string, signal: AbortSignal): Promise<CoverageSegmentCollection> {
  const query = new URLSearchParams({ bbox: bboxParameter(box), at });
  return request<CoverageSegmentCollection>(`/api/coverage/segments?${query.toString()}`, { signal });
}

/** Downloads are plain links: the browser saves what the server sends under the name it gives. */
export function coverageCsvUrl(at: string): string {
  return `/api/coverage.csv?${new URLSearchParams({ at }).toString()}`;
}

export function overdueGeoJsonUrl(at: string): string {
  return `/api/coverage/overdue.geojson?${new URLSearchParams({ at }).toString()}`;
}

export function fetchPolicy(): Promise<InspectionPolicy> {
  return request<InspectionPolicy>("/api/policy");
}

export function savePolicy(change: PolicyChange): Promise<InspectionPolicy> {
  return sendJson<InspectionPolicy>("PUT", "/api/policy", change);
}

export function fetchRetention(): Promise<RetentionOverview> {
  return request<RetentionOverview>("/api/retention");
}

/** Who is signed in; null when nobody is. */
export async function fetchSession(): Promise<SignedIn | null> {
  const response = await send("/api/session");
  if (response.status === 401) return null;
  if (!response.ok) throw await refusal(response);
  return remember((await response.json()) as SignedIn);
}

export async function signIn(username: string, password: string): Promise<SignedIn> {
  return remember(await sendJson<SignedIn>("POST", "/api/session", { username, password }));
}

export async function signOut(): Promise<void> {
  const response = await send("/api/session", { method: "DELETE" });
  if (!response.ok) throw await refusal(response);
  csrfToken = null;
}

export function fetchUploads(): Promise<UploadEntry[]> {
  return request<UploadEntry[]>("/api/uploads");
}
