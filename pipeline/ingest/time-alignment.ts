/**
 * When did the video start, in UTC? Frames are matched to GPS fixes by time, so this decides where every frame lies.
 * Sources, most trusted first: the user's --start; the video's own telemetry (GPS time, already UTC);
 * the MP4 creation_time; a dashcam file name holding the local start time.
 */
import { parseIsoTime, type TimeReading } from "../telemetry/track-fields.js";
import { zonedTimeToUtcMs } from "../time/zoned-time.js";
import { coveredDurationMs, type Timed } from "./track-coverage.js";
import type { VideoTimeAnchor } from "../telemetry/track-point.js";
import type { Validation } from "../validation.js";

export type StartTimeSource = "start-option" | "embedded-telemetry" | "creation-time" | "creation-time-end" | "file-name";

export interface StartTimeEvidence {
  /** base name of the video file */
  fileName: string;
  durationSeconds: number;
  /** --start, read with readStartOption */
  startOptionMs?: number;
  /** the first GPS fix of the video's own telemetry and where in the video it was recorded */
  embeddedFirstFix?: VideoTimeAnchor;
  /** MP4 creation_time, UTC */
  creationTimeMs?: number;
  /** IANA zone a local-time file name is read in */
  timeZone: string;
  /** --offset: added to the start time, moving the video later against the track */
  offsetSeconds: number;
  /** the track the frames will be placed on: it shows whether creation_time marks the start or the end */
  trackFixes: readonly Timed[];
}

export interface VideoStartTime {
  /** UTC time of the first frame, offset applied */
  startTimeMs: number;
  source: StartTimeSource;
  /** the zone a file-name time was read in; null when the source carries its own zone */
  timeZone: string | null;
  warnings: string[];
}

/**
 * How much better (as a share of the video's duration) the track must cover "creation_time is the end"
 * than "creation_time is the start" before the end reading is taken. Half the video is no coincidence.
 */
export const END_STAMP_COVERAGE_MARGIN = 0.5;

/** The video's start time from the best available source; null when there is none. */
export function resolveVideoStartTime(evidence: StartTimeEvidence): VideoStartTime | null {
  const offsetMs = evidence.offsetSeconds * 1000;
  const resolved = (startTimeMs: number, source: StartTimeSource, timeZone: string | null = null, warnings: string[] = []) => ({
    startTimeMs: startTimeMs + offsetMs,
    source,
    timeZone,
    warnings,
  });

  if (evidence.startOptionMs !== undefined) return resolved(evidence.startOptionMs, "start-option");
  if (evidence.embeddedFirstFix !== undefined) {
    const { timeMs, videoTimeSeconds } = evidence.embeddedFirstFix;
    return resolved(timeMs - videoTimeSeconds * 1000, "embedded-telemetry");
  }
  if (evidence.creationTimeMs !== undefined) {
    const creationMs = evidence.creationTimeMs;
    const durationMs = evidence.durationSeconds * 1000;
    const coveredShare = (startMs: number) =>
      durationMs > 0 ? coveredDurationMs(evidence.trackFixes, startMs + offsetMs, startMs + offsetMs + durationMs) / durationMs : 0;
    const asStart = coveredShare(creationMs);
    const asEnd = coveredShare(creationMs - durationMs);
    if (asEnd - asStart < END_STAMP_COVERAGE_MARGIN) return resolved(creationMs, "creation-time");
    const warning =
      `creation_time ${new Date(creationMs).toISOString()} looks like the end of the recording ` +
      `(the track covers ${percent(asEnd)} of the video before it and ${percent(asStart)} after it); ` +
      `using ${new Date(creationMs - durationMs).toISOString()} as the start`;
    return resolved(creationMs - durationMs, "creation-time-end", null, [warning]);
  }
  const fileNameMs = fileNameTimeMs(evidence.fileName, evidence.timeZone);
  return fileNameMs === null ? null : resolved(fileNameMs, "file-name", evidence.timeZone);
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Reads --start: ISO 8601 with a UTC offset ("2024-01-12T18:11:19+01:00"); a local time without one is ambiguous. */
export function readStartOption(text: string): TimeReading {
  const reading = parseIsoTime(text, "invalid");
  return reading.valid
    ? reading
    : { valid: false, reason: `"${text}" is not an ISO 8601 time with offset (${reading.reason}), e.g. 2024-01-12T18:11:19+01:00` };
}

export function validateTimeZone(timeZone: string): Validation {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return { valid: true };
  } catch {
    return { valid: false, reason: `unknown time zone "${timeZone}" (use an IANA name such as Europe/Copenhagen)` };
  }
}

/**
 * Dashcams and Android phones name files after the local start time: 20240112181119_180.MP4,
 * 2024_0112_181119_001.MP4, VID_20240112_181119.mp4. The digits must not run on, so serial numbers do not match.
 */
const FILE_NAME_TIME = /(?<!\d)(\d{4})[-_]?(\d{2})(\d{2})[-_]?(\d{2})(\d{2})(\d{2})(?!\d)/;

/** UTC time written in a file name as local time in `timeZone`; null when the name holds no valid date-time. */
export function fileNameTimeMs(fileName: string, timeZone: string): number | null {
  const match = FILE_NAME_TIME.exec(fileName);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  return zonedTimeToUtcMs(Date.UTC(year, month - 1, day, hour, minute, second), timeZone);
}
