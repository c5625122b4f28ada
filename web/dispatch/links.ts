/** Addresses that mails, the printed page and the API hand out. `baseUrl` has no trailing slash; "" gives site-relative ones. */
import type { LatLon } from "../../pipeline/geo/geodesy.js";

/** The map page with the defect selected. */
export function defectMapUrl(baseUrl: string, defectId: number): string {
  return `${baseUrl}/?defect=${defectId}`;
}

export function printableWorkOrderUrl(baseUrl: string, workOrderId: number): string {
  return `${baseUrl}/work-orders/${workOrderId}/print`;
}

/** A stored media file (a path relative to the data directory, under media/), as the server's /media route serves it. */
export function mediaUrl(baseUrl: string, relativePath: string): string {
  return `${baseUrl}/${relativePath.split(/[\\/]/).map(encodeURIComponent).join("/")}`;
}

/** Opens turn-by-turn directions on the crew's phone; only ever a link, roadwatch never calls it. */
export function directionsUrl(point: LatLon): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${formatCoordinate(point.lat)},${formatCoordinate(point.lon)}`;
}

/** Six decimals: about 0.1 m, finer than any position roadwatch knows. */
export function formatCoordinate(degrees: number): string {
  return degrees.toFixed(6);
}
