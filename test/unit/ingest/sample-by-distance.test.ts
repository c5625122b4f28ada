import { describe, expect, it } from "vitest";
import { destinationPoint } from "../../../pipeline/geo/geodesy.js";
import type { CleanFix } from "../../../pipeline/ingest/clean-track.js";
import { sampleByDistance, type VideoTimeline } from "../../../pipeline/ingest/sample-by-distance.js";
import { FAXE } from "../../support/make-clip.js";

const T0 = Date.parse("2024-01-12T17:11:19Z");

/** A drive due east: [seconds after T0, metres from Faxe, speed] per fix. */
function eastbound(fixes: Array<[number, number, number]>): CleanFix[] {
  return fixes.map(([seconds, meters, speedMps]) => ({
    timeMs: T0 + seconds * 1000,
    ...destinationPoint(FAXE, 90, meters),
    speedMps,
    headingDegrees: 90,
  }));
}

/** one fix a second from `fromSeconds` to `toSeconds` at 10 m/s, starting `startMeters` from Faxe */
function steady(fromSeconds: number, toSeconds: number, startMeters = 0): Array<[number, number, number]> {
  return Array.from({ length: toSeconds - fromSeconds + 1 }, (_, i) => [fromSeconds + i, startMeters + 10 * i, 10]);
}

const video = (overrides: Partial<VideoTimeline> = {}): VideoTimeline => ({
  startTimeMs: T0,
  durationSeconds: 20,
  frameIntervalSeconds: 1 / 30,
  ...overrides,
});

const times = (samples: Array<{ frameTimeSeconds: number }>) => samples.map((sample) => Math.round(sample.frameTimeSeconds * 1000) / 1000);
const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Math.round((from + i * step) * 1000) / 1000);

describe("sampleByDistance", () => {
  it("keeps a frame every 5 m at 10 m/s: every half second, with position, heading, speed and distance", () => {
    const result = sampleByDistance(eastbound(steady(0, 20)), video(), 5);
    expect(times(result.samples)).toEqual(range(0, 19.5, 0.5));
    expect(result.gpsCoveredSeconds).toBe(20);
    expect(result.stationarySkippedSeconds).toBe(0);
    const sample = result.samples[4]!;
    expect(sample.distanceMeters).toBeCloseTo(20, 6);
    expect(sample.timeMs).toBeCloseTo(T0 + 2000, 3);
    expect(sample.speedMps).toBe(10);
    expect(sample.headingDegrees).toBe(90);
    const expected = destinationPoint(FAXE, 90, 20);
    expect(sample.lat).toBeCloseTo(expected.lat, 9);
    expect(sample.lon).toBeCloseTo(expected.lon, 9);
  });

  it("keeps nothing while the vehicle stands still, and counts that time", () => {
    // drives 80 m, stands from 8 s to 13 s, drives on
    const stop: Array<[number, number, number]> = [
      ...steady(0, 7),
      [8, 80, 0],
      [9, 80, 0],
      [10, 80, 0],
      [11, 80, 0],
      [12, 80, 0],
      [13, 80, 0],
      ...steady(14, 20, 90),
    ];
    const result = sampleByDistance(eastbound(stop), video(), 5);
    expect(times(result.samples)).toEqual([...range(0, 8, 0.5), ...range(13.5, 19.5, 0.5)]);
    expect(result.samples.map((sample) => Math.round(sample.distanceMeters))).toEqual(range(0, 145, 5));
    expect(result.stationarySkippedSeconds).toBe(5);
  });

  it("keeps nothing in a GPS gap and does not count the distance across it", () => {
    const gapped = eastbound([...steady(0, 5), ...steady(12, 20, 120)]);
    const result = sampleByDistance(gapped, video(), 5);
    expect(times(result.samples)).toEqual([...range(0, 5, 0.5), ...range(12.5, 19.5, 0.5)]);
    expect(result.samples.find((sample) => sample.frameTimeSeconds > 12)?.distanceMeters).toBeCloseTo(55, 6);
    expect(result.gpsCoveredSeconds).toBe(13);
  });

  it("samples only the part of a longer track that the video shows, counting distance from its start", () => {
    const result = sampleByDistance(eastbound(steady(-10, 30, -100)), video({ durationSeconds: 10 }), 5);
    expect(times(result.samples)).toEqual(range(0, 9.5, 0.5));
    expect(result.samples[0]!.distanceMeters).toBe(0);
    expect(result.gpsCoveredSeconds).toBe(10);
  });

  it("starts where the track starts when the video started first", () => {
    const result = sampleByDistance(eastbound(steady(5, 30)), video(), 10);
    expect(times(result.samples)).toEqual(range(5, 19, 1));
    expect(result.gpsCoveredSeconds).toBe(15);
  });

  it("puts every sample on a whole frame, never two on the same frame", () => {
    const fast = eastbound(Array.from({ length: 11 }, (_, i) => [i, 70 * i, 70]));
    const result = sampleByDistance(fast, video({ durationSeconds: 10, frameIntervalSeconds: 1 / 25 }), 1);
    const frameIndexes = result.samples.map((sample) => sample.frameTimeSeconds * 25);
    for (const index of frameIndexes) expect(index).toBeCloseTo(Math.round(index), 9);
    expect(new Set(frameIndexes.map(Math.round)).size).toBe(frameIndexes.length);
    expect(frameIndexes.length).toBe(250);
  });

  it("keeps nothing from a vehicle that never moves", () => {
    const parked = eastbound(Array.from({ length: 21 }, (_, i) => [i, 0, 0.3]));
    const result = sampleByDistance(parked, video(), 5);
    expect(result.samples).toEqual([]);
    expect(result.stationarySkippedSeconds).toBe(20);
    expect(result.gpsCoveredSeconds).toBe(20);
  });
});
