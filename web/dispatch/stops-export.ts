/** A work order's stops as files for navigation apps and GIS: GeoJSON points and a GPX route with waypoints. */
import { escapeMarkup } from "./markup.js";
import { defectMapUrl, directionsUrl, formatCoordinate } from "./links.js";
import { type ClassLabels, classLabel, dispatchTexts } from "./texts.js";
import type { WorkOrderDocument, WorkOrderStop } from "./work-order-document.js";

export interface StopProperties {
  stop: number;
  defectId: number;
  class: string;
  label: string;
  severity: number;
  severityLabel: string;
  widthMeters: number | null;
  mapUrl: string;
  directionsUrl: string;
}

export interface StopsFeatureCollection {
  type: "FeatureCollection";
  name: string;
  features: { type: "Feature"; id: number; geometry: { type: "Point"; coordinates: [number, number] }; properties: StopProperties }[];
}

export function stopsGeoJson(document: WorkOrderDocument, labels: ClassLabels, baseUrl: string): StopsFeatureCollection {
  const texts = dispatchTexts(document.team.language);
  return {
    type: "FeatureCollection",
    name: document.workOrder.number,
    features: document.stops.map(({ position, defect }) => ({
      type: "Feature",
      id: defect.id,
      geometry: { type: "Point", coordinates: [defect.lon, defect.lat] },
      properties: {
        stop: position,
        defectId: defect.id,
        class: defect.classId,
        label: classLabel(labels, defect.classId, document.team.language),
        severity: defect.severity.level,
        severityLabel: texts.severity[defect.severity.level],
        widthMeters: defect.maxWidthMeters,
        mapUrl: defectMapUrl(baseUrl, defect.id),
        directionsUrl: directionsUrl(defect),
      },
    })),
  };
}

/** GPX 1.1: every stop as a waypoint, and the stops in order as one route that navigation apps can follow. */
export function stopsGpx(document: WorkOrderDocument, labels: ClassLabels): string {
  const { workOrder, team } = document;
  const texts = dispatchTexts(team.language);
  const name = (stop: WorkOrderStop) => `${stop.position}. ${classLabel(labels, stop.defect.classId, team.language)}`;
  const at = (stop: WorkOrderStop) => `lat="${formatCoordinate(stop.defect.lat)}" lon="${formatCoordinate(stop.defect.lon)}"`;
  const waypoints = document.stops.map(
    (stop) =>
      `  <wpt ${at(stop)}><name>${escapeMarkup(name(stop))}</name>` +
      `<desc>${escapeMarkup(`${texts.severity[stop.defect.severity.level]} (#${stop.defect.id})`)}</desc></wpt>`,
  );
  const routePoints = document.stops.map((stop) => `    <rtept ${at(stop)}><name>${escapeMarkup(name(stop))}</name></rtept>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="roadwatch" xmlns="http://www.topografix.com/GPX/1/1">',
    `  <metadata><name>${escapeMarkup(workOrder.number)}</name><time>${new Date(workOrder.createdAtMs).toISOString()}</time></metadata>`,
    ...waypoints,
    `  <rte><name>${escapeMarkup(workOrder.number)}</name>`,
    ...routePoints,
    "  </rte>",
    "</gpx>",
    "",
  ].join("\n");
}
