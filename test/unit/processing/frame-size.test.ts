import { describe, expect, it } from "vitest";
import { deliveredFrameSize } from "../../../pipeline/processing/frame-size.js";

describe("deliveredFrameSize", () => {
  it("keeps a 1080p frame as it is", () => {
    expect(deliveredFrameSize({ width: 1920, height: 1080, rotationDegrees: 0 })).toEqual({ width: 1920, height: 1080 });
  });

  it("scales 4K down to 1920 on the long side, keeping the shape", () => {
    expect(deliveredFrameSize({ width: 3840, height: 2160, rotationDegrees: 0 })).toEqual({ width: 1920, height: 1080 });
    expect(deliveredFrameSize({ width: 4000, height: 3000, rotationDegrees: 180 })).toEqual({ width: 1920, height: 1440 });
  });

  it("turns a portrait recording upright, as ffmpeg decodes it", () => {
    expect(deliveredFrameSize({ width: 1920, height: 1080, rotationDegrees: 90 })).toEqual({ width: 1080, height: 1920 });
    expect(deliveredFrameSize({ width: 3840, height: 2160, rotationDegrees: 270 })).toEqual({ width: 1080, height: 1920 });
  });

  it("never scales up", () => {
    expect(deliveredFrameSize({ width: 640, height: 360, rotationDegrees: 0 }, 1920)).toEqual({ width: 640, height: 360 });
    expect(deliveredFrameSize({ width: 1280, height: 720, rotationDegrees: 0 }, 640)).toEqual({ width: 640, height: 360 });
  });
});
