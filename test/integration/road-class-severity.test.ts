/**
 * A defect is graded by the road it lies on, read from the imported network: a pothole on a private road is its
 * owners' to mend, so it is not urgent for the municipality.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_MERGE_OPTIONS, planMerge } from "../../pipeline/defects/merge.js";
import { boundsAround } from "../../pipeline/geo/bounds.js";
import { LocalProjection, type XY } from "../../pipeline/roads/local-projection.js";
import { roadClassLookup } from "../../pipeline/roads/stored-network.js";
import { openStorage, type Storage } from "../../pipeline/storage/database.js";
import { importRoadRegister } from "../support/road-register.js";

const plane = new LocalProjection({ lat: 55.2557, lon: 12.1192 });

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/** Torvegade runs 300 m east; Møllevej, a private road, 300 m east 200 m further north. */
async function storageWithTwoRoads(): Promise<Storage> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-road-class-"));
  const storage = await openStorage(dataDir);
  cleanup = async () => {
    await storage.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  const roads: { navn: string; type: string; points: XY[] }[] = [
    { navn: "Torvegade", type: "Off. kommunevej", points: [[0, 0], [300, 0]] },
    { navn: "Møllevej", type: "Privat fællesvej", points: [[0, 200], [300, 200]] },
  ];
  await importRoadRegister(
    storage,
    path.join(dataDir, "roads.geojson"),
    roads.map(({ navn, type, points }) => ({ name: navn, roadClass: type, coordinates: points.map((xy) => plane.toLonLat(xy)) })),
  );
  return storage;
}

function at([x, y]: XY): { lat: number; lon: number } {
  const [lon, lat] = plane.toLonLat([x, y]);
  return { lat, lon };
}

/** Three confident sightings of a 40 cm pothole from one drive. */
function potholeAt(position: XY, firstDetectionId: number) {
  return [0, 1, 2].map((i) => ({
    detectionId: firstDetectionId + i,
    classId: "D40",
    score: 0.9,
    ...at([position[0] + i * 0.5, position[1]]),
    widthMeters: 0.4,
    seenAtMs: Date.parse("2026-11-20T08:00:00Z") + i * 200,
    videoId: 1,
  }));
}

describe("the road class behind a defect's severity", () => {
  it("names the class of the road within reach of a point, and none far from every road", async () => {
    const storage = await storageWithTwoRoads();
    const lookup = await roadClassLookup(storage.roadSegments, boundsAround([at([-100, -100]), at([400, 300])], 0)!);

    expect(lookup).not.toBeNull();
    expect(lookup!(at([150, 6]))).toBe("Off. kommunevej");
    expect(lookup!(at([150, 195]))).toBe("Privat fællesvej");
    expect(lookup!(at([150, 100]))).toBeNull();
  });

  it("grades a pothole on the private road one level below the same pothole on the municipal road", async () => {
    const storage = await storageWithTwoRoads();
    const sightings = [...potholeAt([100, 2], 1), ...potholeAt([100, 198], 10)];
    const roadClassAt = await roadClassLookup(storage.roadSegments, boundsAround(sightings, 25)!);

    const plan = planMerge(sightings, [], { ...DEFAULT_MERGE_OPTIONS, roadClassAt: roadClassAt! });

    const levelNear = (y: number) => plan.newDefects.find(({ summary }) => Math.abs(at([100, y]).lat - summary.lat) < 0.0002)?.summary.severity;
    expect(levelNear(2)?.level).toBe(3);
    expect(levelNear(198)?.level).toBe(2);
    expect(levelNear(198)?.reasons.map((reason) => reason.code)).toContain("minor-road");
  });

  it("finds no road where no network is imported", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-road-class-"));
    const storage = await openStorage(dataDir);
    cleanup = async () => {
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    };
    expect(await roadClassLookup(storage.roadSegments, boundsAround([at([0, 0])], 100)!)).toBeNull();
  });
});
