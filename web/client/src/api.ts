/** The page's only door to web/server: one function per endpoint, errors carrying the server's own message. */
import type {
  DefectCollection,
  DefectDetails,
  DefectFilters,
  MapConfig,
  RoadCollection,
  Selection,
  SelectionPreview,
  ShapeSelection,
  Team,
  WorkOrder,
} from "./api-types.js";

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers: { Accept: "application/json", ...init?.headers } });
  if (!response.ok) throw new Error(await errorMessage(response));
  return (await response.json()) as T;
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

function postJson<T>(url: string, body: unknown, signal?: AbortSignal): Promise<T> {
  return request<T>(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), signal });
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
  return postJson<SelectionPreview>("/api/selection/preview", { selection, filters }, signal);
}

export interface NewWorkOrder {
  selection: Selection;
  filters: DefectFilters;
  teamId: number;
  note: string | null;
  dueDate: string | null;
}

export function createWorkOrder(order: NewWorkOrder): Promise<WorkOrder> {
  return postJson<WorkOrder>("/api/work-orders", order);
}
