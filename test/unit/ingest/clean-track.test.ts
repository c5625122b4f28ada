import { describe, expect, it } from "vitest";
import { destinationPoint, haversineDistanceMeters } from "../../../pipeline/geo/geodesy.js";
import { cleanTrack } from "../../../pipeline/ingest/clean-track.js";
import type { TrackPoint } from "../../../pipeline/telemetry/track-point.js";
import { driveTrack, FAXE } from "../../support/make-clip.js";

const T0 = Date.parse("2024-01-12T17:11:19Z");

/** 10 m/s due east, one fix a second, without speed (as phone GPX loggers write) */
function eastbound(seconds: number): TrackPoint[] {
  return driveTrack({ ...FAXE, timeMs: T0, bearingDegrees: 90 }, [{ seconds, speedMps: 10 }]).map(({ timeMs, lat, lon }) => ({
    timeMs,
    lat,
    lon,
  }));
}

describe("cleanTrack: dropping fixes", () => {
  it("drops 0,0, impossible coordinates, fixes marked 'no fix' and repeated times, counting each reason", () => {
    const [a, b, c, d] = eastbound(3) as [TrackPoint, TrackPoint, TrackPoint, TrackPoint];
    const points: TrackPoint[] = [
      a,
      { ...b, timeMs: a.timeMs },
      { timeMs: a.timeMs + 500, lat: 0, lon: 0 },
      { timeMs: a.timeMs + 600, lat: 91, lon: 12 },
      { timeMs: a.timeMs + 700, lat: Number.NaN, lon: 12 },
      { ...b, fix: "none" },
      b,
      c,
      d,
    ];
    const cleaned = cleanTrack(points);
    expect(cleaned.fixes.map((fix) => fix.timeMs)).toEqual([a, b, c, d].map((point) => point.timeMs));
    expect(cleaned.droppedByReason).toEqual({ "duplicate time": 1, "position 0,0": 1, "bad coordinates": 2, "no fix": 1 });
  });

  it("drops a fix that would need more than 70 m/s to reach, keeping its neighbours", () => {
    const points = eastbound(10);
    const glitch = { ...points[5]!, ...destinationPoint(points[5]!, 0, 2000) };
    const cleaned = cleanTrack([...points.slice(0, 5), glitch, ...points.slice(6)]);
    expect(cleaned.droppedByReason).toEqual({ "impossible jump": 1 });
    expect(cleaned.fixes).toHaveLength(10);
    for (const fix of cleaned.fixes) expect(haversineDistanceMeters(fix, points[0]!)).toBeLessThan(110);
  });

  it("drops a glitch in the first fix instead of every fix after it", () => {
    const points = eastbound(10);
    const glitch = { ...points[0]!, ...destinationPoint(points[0]!, 180, 5000) };
    const cleaned = cleanTrack([glitch, ...points.slice(1)]);
    expect(cleaned.droppedByReason).toEqual({ "impossible jump": 1 });
    expect(cleaned.fixes.map((fix) => fix.timeMs)).toEqual(points.slice(1).map((point) => point.timeMs));
  });

  it("keeps a fast but possible drive", () => {
    const motorway = driveTrack({ ...FAXE, timeMs: T0, bearingDegrees: 0 }, [{ seconds: 20, speedMps: 36 }]);
    expect(cleanTrack(motorway).droppedByReason).toEqual({});
  });
});

describe("cleanTrack: smoothing", () => {
  it("leaves steady straight driving where it was, ends included", () => {
    const points = eastbound(20);
    const cleaned = cleanTrack(points);
    cleaned.fixes.forEach((fix, i) => expect(haversineDistanceMeters(fix, points[i]!)).toBeLessThan(0.01));
  });

  it("at least halves sideways jitter", () => {
    const points = eastbound(30);
    // ±3 m north-south, alternating: the kind of wander a phone shows
    const jittered = points.map((point, i) => ({ ...point, ...destinationPoint(point, i % 2 === 0 ? 0 : 180, 3) }));
    const cleaned = cleanTrack(jittered);
    const inner = cleaned.fixes.slice(3, -3);
    for (const [i, fix] of inner.entries()) expect(haversineDistanceMeters(fix, points[i + 3]!)).toBeLessThan(1.5);
  });

  it("does not average across a gap in the track", () => {
    const before = eastbound(5);
    // 10 s without fixes, then the vehicle reappears 500 m north
    const after = eastbound(5).map((point) => ({ ...point, timeMs: point.timeMs + 15_000, ...destinationPoint(point, 0, 500) }));
    const cleaned = cleanTrack([...before, ...after]);
    expect(haversineDistanceMeters(cleaned.fixes[5]!, before[5]!)).toBeLessThan(0.01);
    expect(haversineDistanceMeters(cleaned.fixes[6]!, after[0]!)).toBeLessThan(0.01);
  });
});

describe("cleanTrack: speed and heading", () => {
  it("derives speed and heading from the positions when the receiver gave neither", () => {
    for (const fix of cleanTrack(eastbound(10)).fixes) {
      expect(fix.speedMps).toBeCloseTo(10, 1);
      expect(fix.headingDegrees).toBeCloseTo(90, 1);
    }
  });

  it("prefers the receiver's speed and course", () => {
    const points = eastbound(5).map((point) => ({ ...point, speedMps: 9.5, headingDegrees: 92 }));
    for (const fix of cleanTrack(points).fixes) {
      expect(fix.speedMps).toBe(9.5);
      expect(fix.headingDegrees).toBe(92);
    }
  });

  it("keeps the heading through a stop, and takes the heading it sets off with before it first moves", () => {
    const track = driveTrack({ ...FAXE, timeMs: T0, bearingDegrees: 30 }, [
      { seconds: 5, speedMps: 0 },
      { seconds: 5, speedMps: 8 },
      { seconds: 5, speedMps: 0 },
    ]);
    const fixes = cleanTrack(track.map(({ timeMs, lat, lon }) => ({ timeMs, lat, lon }))).fixes;
    expect(fixes[0]!.speedMps).toBeCloseTo(0, 6);
    expect(fixes.at(-1)!.speedMps).toBeCloseTo(0, 6);
    for (const fix of fixes) expect(fix.headingDegrees).toBeCloseTo(30, 1);
  });

  it("gives no heading to a vehicle that never moved, and ignores the course of a standing receiver", () => {
    const parked = Array.from({ length: 10 }, (_, i) => ({ timeMs: T0 + i * 1000, ...FAXE, speedMps: 0, headingDegrees: 123 }));
    for (const fix of cleanTrack(parked).fixes) expect(fix.headingDegrees).toBeNull();
  });
});
