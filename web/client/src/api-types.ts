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
