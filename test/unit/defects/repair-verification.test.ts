import { describe, expect, it } from "vitest";
import { DEFAULT_CAMERA_MODEL } from "../../../pipeline/defects/camera-model.js";
import {
  countMissedPasses,
  type PassFrame,
  passViewsLocation,
  repairState,
} from "../../../pipeline/defects/repair-verification.js";
import { destinationPoint } from "../../../pipeline/geo/geodesy.js";

const DAY_MS = 86_400_000;
const day = (n: number) => Date.parse("2025-05-05T07:00:00Z") + n * DAY_MS;
const seen = (n: number) => ({ seen: true, passedAtMs: day(n) });
const missed = (n: number) => ({ seen: false, passedAtMs: day(n) });

describe("countMissedPasses", () => {
  it("counts the passes that missed the defect since it was last seen", () => {
    expect(countMissedPasses([seen(0), missed(1), missed(2)])).toBe(2);
    expect(countMissedPasses([missed(0), seen(1), missed(2)])).toBe(1);
    expect(countMissedPasses([seen(0), missed(1), seen(2)])).toBe(0);
  });

  it("orders passes by time, not by the order videos were processed", () => {
    expect(countMissedPasses([missed(3), seen(1), missed(2)])).toBe(2);
    expect(countMissedPasses([missed(1), missed(2), seen(3)])).toBe(0);
  });
});

describe("repairState", () => {
  it("verifies the repair of an assigned or reported-repaired defect after two missed passes", () => {
    expect(repairState("assigned", [seen(0), missed(1), missed(2)])).toEqual({ status: "verified_repaired", missedPasses: 2 });
    expect(repairState("repaired", [seen(0), missed(1), missed(2)])).toEqual({ status: "verified_repaired", missedPasses: 2 });
  });

  it("calls an open defect not seen again after two missed passes, not after one", () => {
    expect(repairState("open", [seen(0), missed(1)])).toEqual({ status: "open", missedPasses: 1 });
    expect(repairState("open", [seen(0), missed(1), missed(2)])).toEqual({ status: "not_seen_again", missedPasses: 2 });
  });

  it("reopens a defect it had concluded was gone when a drive sees it again", () => {
    expect(repairState("not_seen_again", [seen(0), missed(1), missed(2), seen(3)])).toEqual({ status: "open", missedPasses: 0 });
  });

  it("keeps statuses people set when a drive sees the defect", () => {
    expect(repairState("repaired", [seen(0), missed(1), seen(2)])).toEqual({ status: "repaired", missedPasses: 0 });
    expect(repairState("not_found", [seen(0), missed(1), missed(2)])).toEqual({ status: "not_found", missedPasses: 2 });
  });

  it("closes after the configured number of missed passes", () => {
    const options = { missedPassesToClose: 3, passRadiusMeters: 10, viewRangeMeters: 20 };
    expect(repairState("assigned", [seen(0), missed(1), missed(2)], options).status).toBe("assigned");
    expect(repairState("assigned", [seen(0), missed(1), missed(2), missed(3)], options).status).toBe("verified_repaired");
  });
});

describe("passViewsLocation", () => {
  const image = { width: 1920, height: 1080 };
  const roadStart = { lat: 55.255, lon: 12.12 };
  /** frames every 5 m along a road heading north from roadStart */
  const driveNorth = (fromMeters: number, toMeters: number, headingDegrees: number | null = 0): PassFrame[] => {
    const frames: PassFrame[] = [];
    for (let meters = fromMeters; meters <= toMeters; meters += 5) {
      frames.push({ ...destinationPoint(roadStart, 0, meters), headingDegrees });
    }
    return frames;
  };
  // 100 m up the road, 1.5 m right of the vehicle's path
  const defect = destinationPoint(destinationPoint(roadStart, 0, 100), 90, 1.5);
  const views = (frames: PassFrame[]) => passViewsLocation(frames, defect, DEFAULT_CAMERA_MODEL, image);

  it("is true for a drive along the road past the defect", () => {
    expect(views(driveNorth(0, 200))).toBe(true);
  });

  it("is false for a drive on a parallel road 40 m away", () => {
    const parallel = driveNorth(0, 200).map((frame) => ({ ...destinationPoint(frame, 270, 40), headingDegrees: 0 }));
    expect(views(parallel)).toBe(false);
  });

  it("is false when the defect was only ever behind the camera", () => {
    expect(views(driveNorth(100, 200))).toBe(false);
  });

  it("is false when the drive stopped before the defect came close", () => {
    expect(views(driveNorth(0, 85))).toBe(false);
  });

  it("is false without headings: nobody knows where the camera looked", () => {
    expect(views(driveNorth(0, 200, null))).toBe(false);
  });
});
