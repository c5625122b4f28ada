/**
 * The tables as Kysely sees them. Only repositories read the row types: they hand out camelCase records with times
 * in epoch ms. The status and stage vocabularies are for everyone.
 */
import type { Generated } from "kysely";
import type { Role } from "../accounts/roles.js";
import type { DefectStatus } from "../defects/defect.js";
import type { SeverityLevel } from "../defects/severity.js";
import type { TrackFormat } from "../telemetry/track-point.js";
import type { JsonText, TimestampText } from "./dialect.js";

export const VIDEO_STATUSES = ["queued", "processing", "processed", "quarantined", "deleted"] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** The nightly pipeline's steps for one video, in order. */
export const JOB_STAGES = ["probe", "telemetry", "sample", "detect", "locate", "merge", "inspect"] as const;
export type JobStage = (typeof JOB_STAGES)[number];

export const JOB_STATUSES = ["pending", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type TeamLanguage = "da" | "en";
export type WorkOrderStatus = "sent" | "in_progress" | "done";
export type WorkOrderSendStatus = "pending" | "sent" | "failed";
export type WorkOrderOutcome = "repaired" | "not_found";

/** Calendar date without a zone, YYYY-MM-DD. */
type DateText = string;

export interface VideosTable {
  id: Generated<number>;
  /** sha256 of the file, hex */
  content_hash: string;
  /** as the client named it, for display only: never part of a path */
  original_name: string;
  /** relative to the data directory */
  stored_path: string;
  size_bytes: number;
  device_id: string | null;
  crew: string | null;
  recorded_start: TimestampText | null;
  duration_seconds: number | null;
  status: VideoStatus;
  error: string | null;
  quarantine_reason: string | null;
  created_at: TimestampText;
  processed_at: TimestampText | null;
  raw_deleted_at: TimestampText | null;
}

export interface JobsTable {
  id: Generated<number>;
  video_id: number;
  stage: JobStage;
  status: JobStatus;
  result: JsonText | null;
  attempts: number;
  error: string | null;
  updated_at: TimestampText;
}

export interface TracksTable {
  video_id: number;
  format: TrackFormat;
  /** TrackPoint[] */
  points: JsonText;
  gps_covered_seconds: number;
}

export interface FramesTable {
  id: Generated<number>;
  video_id: number;
  frame_time_seconds: number;
  time: TimestampText;
  lat: number;
  lon: number;
  heading: number | null;
  speed_mps: number;
  distance_meters: number;
  /** the JPEG, relative to the data directory */
  path: string;
}

export interface DetectionsTable {
  id: Generated<number>;
  frame_id: number;
  class: string;
  score: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** where the camera model put it; all null until located, or when it lies beyond the camera's range */
  lat: number | null;
  lon: number | null;
  ahead_meters: number | null;
  lateral_meters: number | null;
  width_meters: number | null;
  /** the road segment it lies on; null when unplaced, off the roads, or no network is imported */
  road_segment_id: number | null;
}

export interface DefectsTable {
  id: Generated<number>;
  class: string;
  lat: number;
  lon: number;
  severity: SeverityLevel;
  /** SeverityReason[] */
  severity_reasons: JsonText;
  status: DefectStatus;
  first_seen: TimestampText;
  last_seen: TimestampText;
  observation_count: number;
  max_width_meters: number | null;
  road_segment_id: number | null;
  best_observation_id: number | null;
  photo_path: string | null;
  crop_path: string | null;
  thumbnail_path: string | null;
  missed_passes: number;
  updated_at: TimestampText;
}

export interface ObservationsTable {
  id: Generated<number>;
  defect_id: number;
  detection_id: number;
  frame_id: number;
  seen_at: TimestampText;
  score: number;
  width_meters: number | null;
  /** [x1, y1, x2, y2] in the frame's pixels */
  box: JsonText;
}

export interface PassesTable {
  defect_id: number;
  video_id: number;
  /** 1 when the drive saw the defect, 0 when it passed with the spot in view and did not */
  seen: number;
  passed_at: TimestampText;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  /** string[] */
  emails: JsonText;
  language: TeamLanguage;
}

export interface WorkOrdersTable {
  id: Generated<number>;
  number: string;
  team_id: number;
  note: string | null;
  due_date: DateText | null;
  status: WorkOrderStatus;
  created_by: string;
  created_at: TimestampText;
  updated_at: TimestampText;
  send_status: WorkOrderSendStatus;
  send_attempts: number;
  last_send_error: string | null;
}

export interface WorkOrderDefectsTable {
  work_order_id: number;
  defect_id: number;
  position: number;
  outcome: WorkOrderOutcome | null;
}

export interface RoadSegmentsTable {
  id: Generated<number>;
  /** hash of the rounded geometry, class and name: the same segment keeps it when the network is imported again */
  segment_key: string;
  /** the feature's id in the imported file */
  source_id: number;
  road_class: string | null;
  road_name: string | null;
  length_meters: number;
  /** [lon, lat][] in WGS84 */
  coordinates: JsonText;
  min_lat: number;
  min_lon: number;
  max_lat: number;
  max_lon: number;
}

export interface SegmentInspectionsTable {
  video_id: number;
  road_segment_id: number;
  /** the local date of the drive */
  inspected_on: DateText;
  /** of the segment's length, filmed by this video */
  covered_meters: number;
}

/** A planner's required inspection interval for a road class, over the configured default. */
export interface InspectionPolicyTable {
  road_class: string;
  required_interval_days: number;
  updated_at: TimestampText;
}

export interface UsersTable {
  id: Generated<number>;
  /** lower case */
  username: string;
  display_name: string | null;
  role: Role;
  team_id: number | null;
  /** "$scrypt$…" with its parameters and salt; null: no local password */
  password_hash: string | null;
  disabled_at: TimestampText | null;
  created_at: TimestampText;
}

export interface SessionsTable {
  /** sha256 of the cookie's token, hex */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: TimestampText;
  /** the absolute end; an idle session ends earlier, counted from last_seen_at */
  expires_at: TimestampText;
  last_seen_at: TimestampText;
}

export interface DevicesTable {
  id: Generated<number>;
  name: string;
  team_id: number | null;
  /** sha256 of the device's token, hex */
  token_hash: string;
  created_at: TimestampText;
  /** null: never */
  expires_at: TimestampText | null;
  revoked_at: TimestampText | null;
  last_used_at: TimestampText | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: TimestampText;
  /** a username, or "device:<name>" */
  actor: string;
  action: string;
  /** what it was done to, e.g. "work-order:12" */
  target: string;
  details: JsonText | null;
}

export const UPLOAD_KINDS = ["video", "track"] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

export interface UploadsTable {
  id: Generated<number>;
  /** the upload's id in its resumable-transfer address: random, never from the client */
  transfer_id: string;
  kind: UploadKind;
  /** as the client named the file, for display only: never part of a path */
  original_name: string;
  /** a video and its track file carry the same key (by default the video's name without extension) */
  pair_key: string;
  /** as declared when the upload began */
  size_bytes: number;
  /** exactly one of user_id and device_id is set */
  user_id: number | null;
  device_id: number | null;
  team_id: number | null;
  /** sha256 of the file, hex; null until it has arrived */
  content_hash: string | null;
  /** the video this upload is (its own hash) or the one a track was put beside; joins videos.content_hash */
  video_hash: string | null;
  /** why the arrived file was refused; it was not kept */
  rejected_reason: string | null;
  created_at: TimestampText;
  completed_at: TimestampText | null;
}

export interface RoadwatchDatabase {
  videos: VideosTable;
  jobs: JobsTable;
  tracks: TracksTable;
  frames: FramesTable;
  detections: DetectionsTable;
  defects: DefectsTable;
  observations: ObservationsTable;
  passes: PassesTable;
  teams: TeamsTable;
  work_orders: WorkOrdersTable;
  work_order_defects: WorkOrderDefectsTable;
  road_segments: RoadSegmentsTable;
  segment_inspections: SegmentInspectionsTable;
  inspection_policy: InspectionPolicyTable;
  users: UsersTable;
  sessions: SessionsTable;
  devices: DevicesTable;
  audit_log: AuditLogTable;
  uploads: UploadsTable;
}
