/** What the page receives from and sends to web/server (its /api/openapi.json is the reference). */
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from "geojson";

export type SeverityLevel = 1 | 2 | 3;

export const DEFECT_STATUSES = ["open", "assigned", "repaired", "not_found", "verified_repaired", "not_seen_again"] as const;
export type DefectStatus = (typeof DEFECT_STATUSES)[number];

export interface DefectProperties {
  id: number;
  class: string;
  labelDa: string;
  labelEn: string;
  severity: SeverityLevel;
  status: DefectStatus;
  /** ISO 8601 */
  firstSeen: string;
  lastSeen: string;
  observationCount: number;
  widthMeters: number | null;
  thumbnailUrl: string | null;
}

export interface RoadProperties {
  id: number;
  /** e.g. the road authority "Off. kommunevej"; null when the network has no class for it */
  roadClass: string | null;
}

/** GET /api/roads: the road network's lines around the view; empty when the server has no network. */
export type RoadCollection = FeatureCollection<LineString, RoadProperties>;

export type DefectFeature = Feature<Point, DefectProperties> & { id: number };

/** One page of GET /api/defects: the most severe first. */
export interface DefectCollection extends FeatureCollection<Point, DefectProperties> {
  features: DefectFeature[];
  /** how many defects match in all pages */
  numberMatched: number;
  numberReturned: number;
}

export interface SeverityReason {
  code: string;
  text: string;
}

export interface Sighting {
  /** ISO 8601 */
  time: string;
  score: number;
  widthMeters: number | null;
  /** [x1, y1, x2, y2] in the photo's pixels */
  box: [number, number, number, number];
  photoUrl: string | null;
}

export interface DefectDetails extends DefectProperties {
  lat: number;
  lon: number;
  severityReasons: SeverityReason[];
  photoUrl: string | null;
  cropUrl: string | null;
  /** the box on the photo, [x1, y1, x2, y2] in its pixels */
  box: [number, number, number, number] | null;
  observations: Sighting[];
  /** the road the defect lies on; null when none is near or the server has no road network */
  road: { id: number; roadClass: string | null; distanceMeters: number } | null;
}

export interface Team {
  id: number;
  name: string;
}

export interface CircleSelection {
  type: "Circle";
  center: [number, number];
  radiusMeters: number;
}

export type ShapeSelection = Polygon | CircleSelection;

/** Several shapes drawn with Shift go to the server as one MultiPolygon, circles as the ring that was drawn. */
export type Selection = ShapeSelection | MultiPolygon;

export interface DefectFilters {
  severity: SeverityLevel[];
  class: string | null;
  status: DefectStatus[];
  teamId: number | null;
  /** YYYY-MM-DD, inclusive */
  from: string | null;
  to: string | null;
}

export interface SelectionPreview {
  /** the first few thousand, by id */
  ids: number[];
  /** all of them */
  count: number;
}

/** pending: not tried yet; retrying: an attempt failed, another follows; failed: given up */
export type WorkOrderSendStatus = "pending" | "retrying" | "sent" | "failed";

export interface WorkOrder {
  id: number;
  number: string;
  sendStatus: WorkOrderSendStatus;
  lastSendError: string | null;
  defectCount: number;
}

export interface MapConfig {
  /** a MapLibre style URL; null: the built-in OpenStreetMap raster style */
  basemapStyleUrl: string | null;
  /** [lon, lat] */
  center: [number, number];
  zoom: number;
}

/** A road segment's inspection against its class's interval on a given day. */
export type CoverageStatus = "ok" | "due-soon" | "overdue" | "never";

export interface CoverageClassSummary {
  /** null: the network's lines without a class */
  roadClass: string | null;
  /** null: the class has no required interval */
  requiredIntervalDays: number | null;
  lengthKm: number;
  withinPolicyKm: number;
  withinPolicyPercent: number;
  dueSoonKm: number;
  overdueKm: number;
  neverKm: number;
}

export interface WeeklyInspection {
  /** YYYY-MM-DD, a Monday */
  weekStart: string;
  inspectedKm: number;
}

export interface RoadDefectDensity {
  /** its name, or "#" and its feature id when the network has no names */
  roadName: string;
  roadClass: string | null;
  lengthKm: number;
  defects: number;
  defectsPerKm: number;
}

/** GET /api/coverage?at= */
export interface CoverageSummary {
  /** YYYY-MM-DD */
  at: string;
  classes: CoverageClassSummary[];
  /** the last 12 weeks, oldest first */
  weekly: WeeklyInspection[];
  roads: RoadDefectDensity[];
}

export interface CoverageSegmentProperties {
  id: number;
  roadName: string;
  roadClass: string | null;
  /** YYYY-MM-DD; null: never inspected */
  lastInspected: string | null;
  requiredIntervalDays: number | null;
  status: CoverageStatus;
}

/** GET /api/coverage/segments?bbox=&at= */
export type CoverageSegmentCollection = FeatureCollection<LineString, CoverageSegmentProperties>;

export interface PolicyInterval {
  roadClass: string;
  requiredIntervalDays: number | null;
  /** config: the server's configured default; planner: set on the planner's page */
  source: "config" | "planner";
}

/** GET and PUT /api/policy */
export interface InspectionPolicy {
  intervals: PolicyInterval[];
}

/** PUT /api/policy: a class's interval in days, or null to go back to the configured one. */
export interface PolicyChange {
  roadClass: string;
  requiredIntervalDays: number | null;
}

export interface StoredVideo {
  id: number;
  originalName: string;
  /** ISO 8601; null when the video carried no time */
  recordedStart: string | null;
  processedAt: string | null;
  sizeBytes: number;
  /** ISO 8601: the first nightly run after it deletes the raw file; null while it waits, is processed or in quarantine */
  deleteAfter: string | null;
  status: string;
}

/** GET /api/retention: the raw videos still stored, and until when. */
export interface RetentionOverview {
  retentionDays: number;
  videos: StoredVideo[];
  keptFrames: { count: number; bytes: number };
}

/** GET /api/session and POST /api/session: who is signed in, and the token every change must send back. */
export interface SignedIn {
  user: { username: string; displayName: string | null; role: string; teamId: number | null; teamName: string | null };
  /** the X-CSRF-Token header of every POST, PUT, PATCH and DELETE */
  csrfToken: string;
}

export type UploadStatus = "uploading" | "rejected" | "waiting" | "processing" | "processed" | "quarantined";

/** GET /api/uploads: one upload, with what the pipeline made of its video. */
export interface UploadEntry {
  id: number;
  name: string;
  kind: "video" | "track";
  sizeBytes: number;
  uploadedBy: string;
  /** ISO 8601 */
  startedAt: string;
  completedAt: string | null;
  status: UploadStatus;
  /** why it was rejected or set aside */
  reason: string | null;
}
