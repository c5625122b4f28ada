import { describe, expect, it } from "vitest";
import {
  type CameraModel,
  DEFAULT_CAMERA_MODEL,
  groundToPixel,
  pixelToGround,
  placeDetection,
} from "../../../pipeline/defects/camera-model.js";
import { haversineDistanceMeters, initialBearingDegrees } from "../../../pipeline/geo/geodesy.js";

const image = { width: 1920, height: 1080 };
const camera: CameraModel = { mountHeightMeters: 1.3, pitchDownDegrees: 8, horizontalFieldOfViewDegrees: 70, maxRangeMeters: 30 };
const radians = (degrees: number) => (degrees * Math.PI) / 180;
// f = (W / 2) / tan(HFOV / 2) = 960 / tan 35° ≈ 1371.0 px
const focal = 960 / Math.tan(radians(35));
const vehicle = { lat: 55.255, lon: 12.12 };

describe("pixelToGround", () => {
  it("puts the image centre h / tan(pitch) straight ahead", () => {
    const ground = pixelToGround(camera, image, { x: 960, y: 540 });
    expect(ground?.aheadMeters).toBeCloseTo(1.3 / Math.tan(radians(8)), 9); // 9.25 m
    expect(ground?.lateralMeters).toBeCloseTo(0, 9);
  });

  it("puts a pixel of the centre column at h / tan(pitch + angle below the optical axis)", () => {
    for (const row of [600, 800, 1080]) {
      const angleBelowAxis = Math.atan((row - 540) / focal);
      const ground = pixelToGround(camera, image, { x: 960, y: row });
      expect(ground?.aheadMeters).toBeCloseTo(1.3 / Math.tan(radians(8) + angleBelowAxis), 9);
    }
  });

  it("counts right of the image centre as positive lateral offset", () => {
    // on the centre row the ray meets the road at depth h / sin(pitch); 200 px right is 200 / f of that depth
    const depth = 1.3 / Math.sin(radians(8));
    expect(pixelToGround(camera, image, { x: 1160, y: 540 })?.lateralMeters).toBeCloseTo((depth * 200) / focal, 9);
    expect(pixelToGround(camera, image, { x: 760, y: 540 })?.lateralMeters).toBeCloseTo((-depth * 200) / focal, 9);
  });

  it("finds no road at or above the horizon", () => {
    // the horizon lies f · tan(pitch) ≈ 192.7 px above the centre row
    const horizonRow = 540 - focal * Math.tan(radians(8));
    expect(pixelToGround(camera, image, { x: 960, y: horizonRow - 1 })).toBeNull();
    expect(pixelToGround(camera, image, { x: 960, y: 100 })).toBeNull();
    expect(pixelToGround(camera, image, { x: 960, y: horizonRow + 1 })?.aheadMeters).toBeGreaterThan(100);
  });
});

describe("groundToPixel", () => {
  it("inverts pixelToGround", () => {
    for (const pixel of [
      { x: 960, y: 540 },
      { x: 100, y: 1000 },
      { x: 1800, y: 760 },
    ]) {
      const ground = pixelToGround(camera, image, pixel);
      if (ground === null) throw new Error("expected a road point");
      const back = groundToPixel(camera, image, ground);
      expect(back?.x).toBeCloseTo(pixel.x, 6);
      expect(back?.y).toBeCloseTo(pixel.y, 6);
    }
  });

  it("gives no pixel for a point behind the camera", () => {
    expect(groundToPixel(camera, image, { aheadMeters: -20, lateralMeters: 0 })).toBeNull();
  });
});

describe("placeDetection", () => {
  it("places a box whose bottom edge is at the centre row 9.25 m along the heading", () => {
    const placement = placeDetection(camera, image, { ...vehicle, headingDegrees: 90 }, [900, 500, 1020, 540]);
    if (placement === null) throw new Error("expected a placement");
    const expectedMeters = 1.3 / Math.tan(radians(8));
    expect(placement.distanceMeters).toBeCloseTo(expectedMeters, 9);
    expect(haversineDistanceMeters(vehicle, placement)).toBeCloseTo(expectedMeters, 3);
    expect(initialBearingDegrees(vehicle, placement)).toBeCloseTo(90, 3);
  });

  it("places damage right of the image centre to the right of the direction of travel", () => {
    const placement = placeDetection(camera, image, { ...vehicle, headingDegrees: 0 }, [1400, 700, 1600, 800]);
    if (placement === null) throw new Error("expected a placement");
    expect(placement.lateralMeters).toBeGreaterThan(0);
    const bearing = initialBearingDegrees(vehicle, placement);
    const expectedBearing = (Math.atan2(placement.lateralMeters, placement.aheadMeters) * 180) / Math.PI;
    expect(bearing).toBeCloseTo(expectedBearing, 3);
    expect(bearing).toBeGreaterThan(0);
  });

  it("estimates the width from the box width at the bottom edge's depth", () => {
    // bottom edge on the centre row: depth h / sin(pitch) ≈ 9.34 m; 400 px span 400 / f of it ≈ 2.73 m
    const placement = placeDetection(camera, image, { ...vehicle, headingDegrees: 0 }, [760, 400, 1160, 540]);
    expect(placement?.widthMeters).toBeCloseTo(((1.3 / Math.sin(radians(8))) * 400) / focal, 9);
    const left = pixelToGround(camera, image, { x: 760, y: 540 });
    const right = pixelToGround(camera, image, { x: 1160, y: 540 });
    expect(placement?.widthMeters).toBeCloseTo((right?.lateralMeters ?? NaN) - (left?.lateralMeters ?? NaN), 9);
  });

  it("drops damage beyond the camera's range and above the horizon", () => {
    // 10 px below the horizon is ≈ 180 m ahead
    const horizonRow = 540 - focal * Math.tan(radians(8));
    const pose = { ...vehicle, headingDegrees: 0 };
    expect(placeDetection(camera, image, pose, [900, horizonRow - 40, 1000, horizonRow + 10])).toBeNull();
    expect(placeDetection(camera, image, pose, [900, 0, 1000, horizonRow - 5])).toBeNull();
    const farSighted = { ...camera, maxRangeMeters: 200 };
    expect(placeDetection(farSighted, image, pose, [900, horizonRow - 40, 1000, horizonRow + 10])).not.toBeNull();
  });

  it("with the phone defaults puts the image centre 9.25 m ahead", () => {
    const placement = placeDetection(DEFAULT_CAMERA_MODEL, image, { ...vehicle, headingDegrees: 0 }, [900, 500, 1020, 540]);
    expect(placement?.aheadMeters).toBeCloseTo(9.25, 2);
  });
});
