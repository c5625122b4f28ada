import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.js";
import { cameraForDevice, DEFAULT_CAMERA_MODEL } from "../../../pipeline/defects/camera-model.js";

describe("camera profiles from ROADWATCH_CAMERAS", () => {
  it("uses the windscreen-phone defaults when nothing is configured", () => {
    const { cameras } = loadConfig({});
    expect(cameraForDevice(cameras, null)).toEqual(DEFAULT_CAMERA_MODEL);
    expect(cameraForDevice(cameras, "any-phone")).toEqual(DEFAULT_CAMERA_MODEL);
  });

  it("lays the default over the built-in values and each device over the default", () => {
    const { cameras } = loadConfig({
      ROADWATCH_CAMERAS: JSON.stringify({ default: { pitchDownDegrees: 10 }, devices: { "dashcam-7": { mountHeightMeters: 1.6 } } }),
    });
    expect(cameraForDevice(cameras, null)).toEqual({ ...DEFAULT_CAMERA_MODEL, pitchDownDegrees: 10 });
    expect(cameraForDevice(cameras, "dashcam-7")).toEqual({ ...DEFAULT_CAMERA_MODEL, pitchDownDegrees: 10, mountHeightMeters: 1.6 });
    expect(cameraForDevice(cameras, "unknown")).toEqual({ ...DEFAULT_CAMERA_MODEL, pitchDownDegrees: 10 });
  });

  it("refuses broken JSON, unknown fields and impossible mounts, naming the setting", () => {
    expect(() => loadConfig({ ROADWATCH_CAMERAS: "{" })).toThrow(/ROADWATCH_CAMERAS.*not valid JSON/);
    expect(() => loadConfig({ ROADWATCH_CAMERAS: '{"default":{"height":1}}' })).toThrow(/ROADWATCH_CAMERAS/);
    expect(() => loadConfig({ ROADWATCH_CAMERAS: '{"devices":{"x":{"mountHeightMeters":-1}}}' })).toThrow(/ROADWATCH_CAMERAS/);
  });
});

describe("the road network from ROADWATCH_ROADS", () => {
  it("is off unless set, and reads the road class from the column `type` unless told otherwise", () => {
    expect(loadConfig({})).toMatchObject({ roadsPath: null, roadsClassField: "type" });
    const config = loadConfig({ ROADWATCH_ROADS: "roads/faxe.gpkg", ROADWATCH_ROADS_CLASS_FIELD: "vejklasse" });
    expect(config.roadsPath).toBe(path.resolve("roads/faxe.gpkg"));
    expect(config.roadsClassField).toBe("vejklasse");
  });
});
