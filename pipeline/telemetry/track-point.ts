/** The one point type every telemetry parser returns. */
export type FixQuality = "none" | "2d" | "3d" | "dgps" | "rtk" | "estimated";

export interface TrackPoint {
  /** UTC, milliseconds since the Unix epoch */
  timeMs: number;
  lat: number;
  lon: number;
  altitudeMeters?: number;
  speedMps?: number;
  /** degrees clockwise from true north, 0..360 */
  headingDegrees?: number;
  horizontalAccuracyMeters?: number;
  fix?: FixQuality;
}

export type TrackFormat = "gpx" | "nmea" | "csv" | "gpmf" | "camm";

export interface ParsedTrack {
  format: TrackFormat;
  /** sorted by time */
  points: TrackPoint[];
  /** records the parser read but did not turn into points, by reason (e.g. "bad checksum": 3) */
  skipped: Record<string, number>;
  warnings: string[];
  /**
   * For telemetry embedded in a video: the earliest point's UTC time and the video time it was recorded at,
   * which ties the video's clock to UTC even when the camera got its GPS lock after recording began.
   */
  videoTimeAnchor?: VideoTimeAnchor;
}

export interface VideoTimeAnchor {
  timeMs: number;
  videoTimeSeconds: number;
}
