import { describe, expect, it } from "vitest";
import type { Sighting } from "../../../pipeline/defects/defect.js";
import {
  DEFAULT_MERGE_OPTIONS,
  type DefectSnapshot,
  mergeSearchBounds,
  planMerge,
} from "../../../pipeline/defects/merge.js";
import { destinationPoint, haversineDistanceMeters, type LatLon } from "../../../pipeline/geo/geodesy.js";
import { seededRandom } from "../../support/seeded-random.js";

const origin = { lat: 55.255, lon: 12.12 };
const DAY_MS = 86_400_000;
const monday = Date.parse("2025-05-05T07:00:00Z");

let nextDetectionId = 1;

function sighting(
  at: LatLon,
  fields: Partial<Omit<Sighting, "lat" | "lon">> = {},
): Sighting {
  return {
    detectionId: nextDetectionId++,
    classId: "D40",
    score: 0.8,
    widthMeters: 0.3,
    seenAtMs: monday,
    videoId: 1,
    ...at,
    ...fields,
  };
}

/** `meters` from the origin towards `bearingDegrees`. */
function near(meters: number, bearingDegrees = 0): LatLon {
  return destinationPoint(origin, bearingDegrees, meters);
}

function snapshotOf(id: number, sightings: Sighting[]): DefectSnapshot {
  const plan = planMerge(sightings, []);
  const summary = plan.newDefects[0]?.summary;
  if (summary === undefined) throw new Error("expected one defect");
  return { id, classId: summary.classId, lat: summary.lat, lon: summary.lon, sightings };
}

describe("planMerge", () => {
  it("makes one defect of a pothole seen in 4 consecutive frames, at the score-weighted mean position", () => {
    // GPS and projection scatter the same pothole by a metre or two from frame to frame
    const frames = [
      sighting(near(0), { score: 0.9, seenAtMs: monday }),
      sighting(near(1.5, 90), { score: 0.6, seenAtMs: monday + 400 }),
      sighting(near(2, 180), { score: 0.5, seenAtMs: monday + 800 }),
      sighting(near(1, 270), { score: 0.7, seenAtMs: monday + 1200 }),
    ];
    const plan = planMerge(frames, []);
    expect(plan.updates).toEqual([]);
    expect(plan.newDefects).toHaveLength(1);
    const [defect] = plan.newDefects;
    expect(defect?.observations.map((o) => o.detectionId)).toEqual(frames.map((f) => f.detectionId));
    const weight = 0.9 + 0.6 + 0.5 + 0.7;
    const expectedLat = frames.reduce((sum, f) => sum + f.score * f.lat, 0) / weight;
    const expectedLon = frames.reduce((sum, f) => sum + f.score * f.lon, 0) / weight;
    expect(defect?.summary.lat).toBeCloseTo(expectedLat, 10);
    expect(defect?.summary.lon).toBeCloseTo(expectedLon, 10);
    expect(defect?.summary).toMatchObject({
      classId: "D40",
      observationCount: 4,
      bestDetectionId: frames[0]?.detectionId,
      firstSeenMs: monday,
      lastSeenMs: monday + 1200,
    });
  });

  it("adds a later drive's sightings to the existing defect instead of starting a new one", () => {
    const existing = snapshotOf(17, [sighting(near(0)), sighting(near(1, 90), { seenAtMs: monday + 400 })]);
    const tuesday = [
      sighting(near(4, 45), { videoId: 2, seenAtMs: monday + DAY_MS, score: 0.95, widthMeters: 0.4 }),
      sighting(near(3, 60), { videoId: 2, seenAtMs: monday + DAY_MS + 400 }),
    ];
    const plan = planMerge(tuesday, [existing]);
    expect(plan.newDefects).toEqual([]);
    expect(plan.updates).toHaveLength(1);
    const [update] = plan.updates;
    expect(update?.defectId).toBe(17);
    expect(update?.observations.map((o) => o.detectionId)).toEqual(tuesday.map((t) => t.detectionId));
    expect(update?.summary).toMatchObject({
      observationCount: 4,
      firstSeenMs: monday,
      lastSeenMs: monday + DAY_MS + 400,
      maxWidthMeters: 0.4,
      bestDetectionId: tuesday[0]?.detectionId,
    });
  });

  it("keeps damage far apart as separate defects, whatever the class", () => {
    const plan = planMerge([sighting(near(0), { classId: "D40" }), sighting(near(60, 90), { classId: "D00" })], []);
    expect(plan.newDefects.map((d) => d.summary.classId).sort()).toEqual(["D00", "D40"]);
  });

  it("starts a new defect just outside the merge radius and joins one just inside", () => {
    const existing = snapshotOf(5, [sighting(near(0))]);
    const inside = sighting(near(7, 90), { videoId: 2 });
    const outside = sighting(near(9, 270), { videoId: 2 });
    const plan = planMerge([inside, outside], [existing]);
    expect(plan.updates.map((u) => u.observations.map((o) => o.detectionId))).toEqual([[inside.detectionId]]);
    expect(plan.newDefects.map((d) => d.observations.map((o) => o.detectionId))).toEqual([[outside.detectionId]]);
  });

  it("joins the nearest of two compatible defects", () => {
    const west = snapshotOf(1, [sighting(near(6, 270))]);
    const east = snapshotOf(2, [sighting(near(6, 90))]);
    const plan = planMerge([sighting(near(2, 90), { videoId: 2 })], [west, east]);
    expect(plan.updates.map((u) => u.defectId)).toEqual([2]);
  });

  it("merges a crack that became a pothole into one defect that takes the pothole class", () => {
    const crack = snapshotOf(3, [sighting(near(0), { classId: "D20", widthMeters: 0.8 })]);
    const plan = planMerge([sighting(near(1, 90), { classId: "D40", videoId: 2, seenAtMs: monday + 30 * DAY_MS })], [crack]);
    expect(plan.newDefects).toEqual([]);
    expect(plan.updates[0]?.summary.classId).toBe("D40");
    expect(plan.updates[0]?.summary.severity.reasons.map((r) => r.code)).toContain("became-pothole");
  });

  it("merges cracks named differently from frame to frame", () => {
    const plan = planMerge([sighting(near(0), { classId: "D00" }), sighting(near(1), { classId: "D10" })], []);
    expect(plan.newDefects).toHaveLength(1);
  });

  it("never merges a class outside the crack/pothole family with another class", () => {
    const plan = planMerge([sighting(near(0), { classId: "D40" }), sighting(near(1), { classId: "D50" })], [
      snapshotOf(9, [sighting(near(0.5), { classId: "D40" })]),
    ]);
    expect(plan.updates.map((u) => u.observations.map((o) => o.classId))).toEqual([["D40"]]);
    expect(plan.newDefects.map((d) => d.summary.classId)).toEqual(["D50"]);
  });

  it("founds a new defect at the best-scoring detection and gives it every compatible detection within the radius", () => {
    const best = sighting(near(0), { score: 0.95 });
    const weak = [sighting(near(6, 90), { score: 0.4 }), sighting(near(6, 270), { score: 0.4 })];
    const plan = planMerge([...weak, best], []);
    // the two weak ones are 12 m apart: only a founder between them keeps them together
    expect(plan.newDefects).toHaveLength(1);
    expect(plan.newDefects[0]?.summary.bestDetectionId).toBe(best.detectionId);
  });

  it("plans nothing for no detections", () => {
    expect(planMerge([], [snapshotOf(1, [sighting(near(0))])])).toEqual({ newDefects: [], updates: [] });
  });

  it("merges 100,000 detections in far less than five seconds", () => {
    // 20,000 damage sites along roads of a 20 km square, each seen in 5 frames scattered by up to 2 m
    const random = seededRandom(42);
    const detections: Sighting[] = [];
    for (let site = 0; site < 20_000; site++) {
      const centre = destinationPoint(destinationPoint(origin, 90, random() * 20_000), 0, random() * 20_000);
      for (let frame = 0; frame < 5; frame++) {
        detections.push(sighting(destinationPoint(centre, random() * 360, random() * 2), { score: 0.3 + random() * 0.7 }));
      }
    }
    const existing = Array.from({ length: 2_000 }, (_, i) => snapshotOf(i + 1, [sighting(destinationPoint(origin, 45, i * 10))]));

    const started = performance.now();
    const plan = planMerge(detections, existing);
    const elapsedMs = performance.now() - started;

    expect(elapsedMs).toBeLessThan(5_000);
    const placed = [...plan.newDefects, ...plan.updates].reduce((sum, d) => sum + d.observations.length, 0);
    expect(placed).toBe(100_000);
    // sites closer than the radius merge, so a little under 20,000 defects
    expect(plan.newDefects.length).toBeGreaterThan(18_000);
    expect(plan.newDefects.length).toBeLessThanOrEqual(20_000);
  });
});

describe("mergeSearchBounds", () => {
  it("holds every point a detection could merge with", () => {
    const detections = [near(0), near(100, 90), near(50, 0)];
    const bounds = mergeSearchBounds(detections);
    if (bounds === null) throw new Error("expected bounds");
    const justInside = [
      destinationPoint(near(100, 90), 90, 7.9),
      destinationPoint(near(50, 0), 0, 7.9),
      destinationPoint(origin, 225, 7.9),
    ];
    for (const corner of justInside) {
      expect(corner.lat).toBeGreaterThanOrEqual(bounds.minLat);
      expect(corner.lat).toBeLessThanOrEqual(bounds.maxLat);
      expect(corner.lon).toBeGreaterThanOrEqual(bounds.minLon);
      expect(corner.lon).toBeLessThanOrEqual(bounds.maxLon);
    }
    // and not much more: the margin is the merge radius
    const northMarginMeters = haversineDistanceMeters({ lat: bounds.maxLat, lon: 0 }, { lat: near(50, 0).lat, lon: 0 });
    expect(northMarginMeters).toBeCloseTo(DEFAULT_MERGE_OPTIONS.mergeRadiusMeters, 1);
  });

  it("is null without detections", () => {
    expect(mergeSearchBounds([])).toBeNull();
  });
});
