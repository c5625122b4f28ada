/** Position, speed and heading of a cleaned track at any moment it covers. */
import { interpolateDegrees, interpolateLatLon } from "../geo/geodesy.js";
import type { CleanFix } from "./clean-track.js";
import { isBridged, type Timed } from "./track-coverage.js";

export interface TrackBracket {
  /** the fix at or before the moment; the next fix follows it */
  index: number;
  /** 0 at fix `index`, 1 at fix `index + 1` */
  fraction: number;
}

/** Where `timeMs` falls between two fixes; null before or after the track and inside a gap. */
export function bracketTime(fixes: readonly Timed[], timeMs: number): TrackBracket | null {
  const first = fixes[0];
  const last = fixes.at(-1);
  if (first === undefined || last === undefined || timeMs < first.timeMs || timeMs > last.timeMs || fixes.length < 2) {
    return null;
  }
  let low = 0;
  let high = fixes.length - 2;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fixes[middle]!.timeMs <= timeMs) low = middle;
    else high = middle - 1;
  }
  const startMs = fixes[low]!.timeMs;
  if (isBridged(fixes, low)) return { index: low, fraction: (timeMs - startMs) / (fixes[low + 1]!.timeMs - startMs) };
  // a fix that ends a stretch of track, just before a gap, is still covered
  if (timeMs === startMs && low > 0 && isBridged(fixes, low - 1)) return { index: low - 1, fraction: 1 };
  return null;
}

export function positionAt(fixes: readonly CleanFix[], timeMs: number): CleanFix | null {
  const bracket = bracketTime(fixes, timeMs);
  if (bracket === null) return null;
  const a = fixes[bracket.index]!;
  const b = fixes[bracket.index + 1]!;
  const f = bracket.fraction;
  return {
    timeMs,
    ...interpolateLatLon(a, b, f),
    speedMps: a.speedMps + (b.speedMps - a.speedMps) * f,
    headingDegrees:
      a.headingDegrees !== null && b.headingDegrees !== null
        ? interpolateDegrees(a.headingDegrees, b.headingDegrees, f)
        : (a.headingDegrees ?? b.headingDegrees),
  };
}
