import { describe, expect, it } from "vitest";
import type { CleanFix } from "../../../pipeline/ingest/clean-track.js";
import { bracketTime, positionAt } from "../../../pipeline/ingest/interpolate-track.js";
import { coveredDurationMs, MAX_FIX_GAP_MS } from "../../../pipeline/ingest/track-coverage.js";

const T0 = Date.parse("2024-01-12T17:11:19Z");

function fix(seconds: number, lat: number, lon: number, speedMps: number, headingDegrees: number | null): CleanFix {
  return { timeMs: T0 + seconds * 1000, lat, lon, speedMps, headingDegrees };
}

describe("positionAt", () => {
  const fixes = [fix(0, 55.25, 12.12, 8, 350), fix(1, 55.2501, 12.12, 10, 10), fix(2, 55.2502, 12.12, 10, null)];

  it("interpolates position, speed and heading between fixes, turning through north", () => {
    const middle = positionAt(fixes, T0 + 500)!;
    expect(middle.lat).toBeCloseTo(55.25005, 9);
    expect(middle.lon).toBeCloseTo(12.12, 9);
    expect(middle.speedMps).toBe(9);
    expect(middle.headingDegrees).toBe(0);
    expect(middle.timeMs).toBe(T0 + 500);
  });

  it("returns a fix itself at its time, and uses the known heading where the other is missing", () => {
    expect(positionAt(fixes, T0 + 1000)).toEqual(fixes[1]);
    expect(positionAt(fixes, T0 + 1500)!.headingDegrees).toBe(10);
  });

  it("knows nothing before the first fix or after the last", () => {
    expect(positionAt(fixes, T0 - 1)).toBeNull();
    expect(positionAt(fixes, T0 + 2001)).toBeNull();
    expect(positionAt([], T0)).toBeNull();
  });

  it("gives no position inside a gap longer than MAX_FIX_GAP_MS, but does at the fixes either side", () => {
    const gapSeconds = MAX_FIX_GAP_MS / 1000 + 1;
    const gapped = [fix(0, 55.25, 12.12, 10, 0), fix(1, 55.2501, 12.12, 10, 0), fix(1 + gapSeconds, 55.26, 12.12, 10, 0)];
    expect(positionAt(gapped, T0 + 2000)).toBeNull();
    expect(positionAt(gapped, T0 + 1000)).toEqual(gapped[1]);
    expect(bracketTime(gapped, T0 + 1000)).toEqual({ index: 0, fraction: 1 });
    const bridged = [fix(0, 55.25, 12.12, 10, 0), fix(MAX_FIX_GAP_MS / 1000, 55.2501, 12.12, 10, 0)];
    expect(positionAt(bridged, T0 + 1000)).not.toBeNull();
  });
});

describe("coveredDurationMs", () => {
  it("counts the time between close fixes inside the window, and not gaps", () => {
    const fixes = [0, 1, 2, 10, 11].map((seconds) => ({ timeMs: T0 + seconds * 1000 }));
    expect(coveredDurationMs(fixes, T0, T0 + 20_000)).toBe(3000);
    expect(coveredDurationMs(fixes, T0 + 1500, T0 + 10_500)).toBe(1000);
    expect(coveredDurationMs(fixes, T0 + 20_000, T0 + 30_000)).toBe(0);
  });
});
