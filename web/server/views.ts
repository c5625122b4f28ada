/** Stored records as the API shows them: ISO times, media as URLs, class names in both languages. */
import { csvLine } from "../../pipeline/csv.js";
import type { LatLon } from "../../pipeline/geo/geodesy.js";
import type { NearestRoad } from "../../pipeline/roads/road-network.js";
import type { Defect } from "../../pipeline/storage/defect-repository.js";
import type { DefectObservation } from "../../pipeline/storage/defect-search-repository.js";
import type { Team } from "../../pipeline/storage/team-repository.js";
import type { DefectAssignment, WorkOrder } from "../../pipeline/storage/work-order-repository.js";
import { mediaUrl, printableWorkOrderUrl } from "../dispatch/links.js";
import { routeLengthMeters } from "../dispatch/route-order.js";
import { type ClassLabels, classLabel } from "../dispatch/texts.js";
import type { WorkOrderDocument } from "../dispatch/work-order-document.js";
import {
  type DefectDetails,
  type DefectFeature,
  type DefectProperties,
  type MapConfig,
  SEVERITY_LEVELS,
  type TeamView,
  type WorkOrderDetails,
  type WorkOrderView,
} from "./api-schemas.js";

/** Site-relative, so the page works under whatever host name it is reached by. */
function optionalMediaUrl(relativePath: string | null): string | null {
  return relativePath === null ? null : mediaUrl("", relativePath);
}

function isoTime(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

function defectProperties(defect: Defect, labels: ClassLabels): DefectProperties {
  return {
    id: defect.id,
    class: defect.classId,
    labelDa: classLabel(labels, defect.classId, "da"),
    labelEn: classLabel(labels, defect.classId, "en"),
    severity: defect.severity.level,
    status: defect.status,
    firstSeen: isoTime(defect.firstSeenMs),
    lastSeen: isoTime(defect.lastSeenMs),
    observationCount: defect.observationCount,
    widthMeters: defect.maxWidthMeters,
    thumbnailUrl: optionalMediaUrl(defect.media.thumbnailPath),
  };
}

export function defectFeature(defect: Defect, labels: ClassLabels): DefectFeature {
  return {
    type: "Feature",
    id: defect.id,
    geometry: { type: "Point", coordinates: [defect.lon, defect.lat] },
    properties: defectProperties(defect, labels),
  };
}

export function defectDetails(
  defect: Defect,
  observations: readonly DefectObservation[],
  assignments: readonly DefectAssignment[],
  road: NearestRoad | null,
  labels: ClassLabels,
): DefectDetails {
  const best = observations.find((observation) => observation.id === defect.bestObservationId);
  return {
    ...defectProperties(defect, labels),
    lat: defect.lat,
    lon: defect.lon,
    severityReasons: defect.severity.reasons,
    photoUrl: optionalMediaUrl(defect.media.photoPath),
    cropUrl: optionalMediaUrl(defect.media.cropPath),
    box: best === undefined ? null : [...best.box],
    observations: observations.map((observation) => ({
      time: isoTime(observation.seenAtMs),
      score: observation.score,
      widthMeters: observation.widthMeters,
      box: [...observation.box],
      photoUrl: optionalMediaUrl(observation.framePath),
    })),
    workOrders: assignments.map((assignment) => ({
      id: assignment.workOrderId,
      number: assignment.number,
      teamId: assignment.teamId,
      status: assignment.status,
      outcome: assignment.outcome,
    })),
    road,
  };
}

const CSV_COLUMNS = [
  "id",
  "class",
  "label_da",
  "label_en",
  "severity",
  "status",
  "lat",
  "lon",
  "first_seen",
  "last_seen",
  "observation_count",
  "width_meters",
] as const;

/** One row per defect after a header row (pipeline/csv.ts: RFC 4180). */
export function defectsCsv(defects: readonly Defect[], labels: ClassLabels): string {
  const rows = defects.map((defect) => {
    const properties = defectProperties(defect, labels);
    return csvLine([
      defect.id,
      defect.classId,
      properties.labelDa,
      properties.labelEn,
      defect.severity.level,
      defect.status,
      defect.lat,
      defect.lon,
      properties.firstSeen,
      properties.lastSeen,
      defect.observationCount,
      defect.maxWidthMeters,
    ]);
  });
  return [csvLine(CSV_COLUMNS), ...rows].join("");
}

/** What the map page needs before its first request: the basemap, the class names for its filter, the levels. */
export function mapConfigView(labels: ClassLabels, basemapStyleUrl: string | null, version: string): MapConfig {
  return {
    basemapStyleUrl,
    classes: [...labels].map(([id, { da, en }]) => ({ id, da, en })),
    severityLevels: [...SEVERITY_LEVELS],
    version,
  };
}

export function teamView(team: Team): TeamView {
  return { id: team.id, name: team.name, emails: team.emails, language: team.language };
}

export function workOrderView(workOrder: WorkOrder, defectCount: number, nextSendAttemptAtMs: number | null): WorkOrderView {
  const retrying = workOrder.sendStatus === "pending" && workOrder.sendAttempts > 0;
  return {
    id: workOrder.id,
    number: workOrder.number,
    teamId: workOrder.teamId,
    note: workOrder.note,
    dueDate: workOrder.dueDate,
    status: workOrder.status,
    createdBy: workOrder.createdBy,
    createdAt: isoTime(workOrder.createdAtMs),
    updatedAt: isoTime(workOrder.updatedAtMs),
    sendStatus: retrying ? "retrying" : workOrder.sendStatus,
    sendAttempts: workOrder.sendAttempts,
    lastSendError: workOrder.lastSendError,
    nextSendAttemptAt: nextSendAttemptAtMs === null ? null : isoTime(nextSendAttemptAtMs),
    defectCount,
    printUrl: printableWorkOrderUrl("", workOrder.id),
  };
}

export function workOrderDetails(
  document: WorkOrderDocument,
  outcomePhotos: ReadonlyMap<number, string>,
  nextSendAttemptAtMs: number | null,
  labels: ClassLabels,
  depot: LatLon | null,
): WorkOrderDetails {
  return {
    ...workOrderView(document.workOrder, document.stops.length, nextSendAttemptAtMs),
    team: teamView(document.team),
    defectIds: document.stops.map((stop) => stop.defect.id),
    routeLengthMeters: Math.round(routeLengthMeters(document.stops.map((stop) => stop.defect), depot)),
    stops: document.stops.map((stop) => ({
      position: stop.position,
      outcome: stop.outcome,
      outcomePhotoUrl: optionalMediaUrl(outcomePhotos.get(stop.defect.id) ?? null),
      defect: { ...defectProperties(stop.defect, labels), lat: stop.defect.lat, lon: stop.defect.lon },
    })),
  };
}
