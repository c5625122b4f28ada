/** A cleaned track as the tracks table keeps it, and back: cleaning twice would smooth twice. */
import type { CleanFix } from "../ingest/clean-track.js";
import type { TrackPoint } from "../telemetry/track-point.js";

export function toStoredPoint(fix: CleanFix): TrackPoint {
  const { timeMs, lat, lon, speedMps, headingDegrees } = fix;
  return headingDegrees === null ? { timeMs, lat, lon, speedMps } : { timeMs, lat, lon, speedMps, headingDegrees };
}

/** Points written by toStoredPoint carry a speed; `videoId` names the track in the error when one does not. */
export function toCleanFix(point: TrackPoint, videoId: number): CleanFix {
  if (point.speedMps === undefined) throw new Error(`video ${videoId}: the stored track has a point without speed: it was not cleaned`);
  return { timeMs: point.timeMs, lat: point.lat, lon: point.lon, speedMps: point.speedMps, headingDegrees: point.headingDegrees ?? null };
}
