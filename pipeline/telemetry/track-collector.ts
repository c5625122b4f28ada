import { InputError } from "../errors.js";
import type { ParsedTrack, TrackFormat, TrackPoint, VideoTimeAnchor } from "./track-point.js";

/**
 * Gathers one file's points, skip counts and warnings while a parser reads it, so that every format
 * checks coordinates, counts what it drops and fails on an unusable file the same way.
 */
export class TrackCollector {
  private readonly points: TrackPoint[] = [];
  private readonly skipped: Record<string, number> = {};
  private readonly warnings: string[] = [];
  private videoTimeAnchor: VideoTimeAnchor | undefined;

  constructor(
    private readonly file: string,
    private readonly format: TrackFormat,
  ) {}

  /**
   * Keeps the point unless its time or coordinates are impossible; those are counted as skipped.
   * `videoTimeSeconds` is where in the video an embedded point was recorded.
   */
  add(point: TrackPoint, videoTimeSeconds?: number): void {
    if (!Number.isFinite(point.timeMs)) {
      this.skip("bad time");
    } else if (!isOnEarth(point.lat, point.lon)) {
      this.skip("bad coordinates");
    } else if (point.lat === 0 && point.lon === 0) {
      // receivers without a fix often write 0,0; nobody films roads in the Gulf of Guinea
      this.skip("position 0,0");
    } else {
      this.points.push(point);
      if (videoTimeSeconds !== undefined && (this.videoTimeAnchor === undefined || point.timeMs < this.videoTimeAnchor.timeMs)) {
        this.videoTimeAnchor = { timeMs: point.timeMs, videoTimeSeconds };
      }
    }
  }

  skip(reason: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** The track sorted by time; an InputError naming the file when no point survived. */
  finish(): ParsedTrack {
    if (this.points.length === 0) {
      const reasons = Object.entries(this.skipped).map(([reason, count]) => `${count} ${reason}`);
      const detail = reasons.length > 0 ? ` (skipped: ${reasons.join(", ")})` : "";
      throw new InputError(this.file, `no valid track points${detail}`);
    }
    const points = [...this.points].sort((a, b) => a.timeMs - b.timeMs);
    const track: ParsedTrack = { format: this.format, points, skipped: { ...this.skipped }, warnings: [...this.warnings] };
    if (this.videoTimeAnchor !== undefined) track.videoTimeAnchor = this.videoTimeAnchor;
    return track;
  }
}

function isOnEarth(lat: number, lon: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}
