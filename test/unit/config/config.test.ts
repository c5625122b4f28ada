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

describe("the inspection policy from ROADWATCH_COVERAGE_POLICY", () => {
  it("has Faxe's intervals unless told otherwise: municipal roads and cycle routes 28 days, private common roads 90", () => {
    expect(loadConfig({}).coveragePolicy).toEqual({ "Off. kommunevej": 28, "Privat fællesvej": 90, Cykelrute: 28 });
    expect(loadConfig({ ROADWATCH_COVERAGE_POLICY: '{"Off. kommunevej":14}' }).coveragePolicy).toEqual({ "Off. kommunevej": 14 });
  });

  it("refuses anything but road classes with whole days from 1 to 3650, naming the setting and the class", () => {
    for (const text of ['{"Off. kommunevej":0}', '{"Off. kommunevej":7.5}', '{"Off. kommunevej":"28"}']) {
      expect(() => loadConfig({ ROADWATCH_COVERAGE_POLICY: text }), text).toThrow(
        "ROADWATCH_COVERAGE_POLICY.Off. kommunevej: expected whole days from 1 to 3650",
      );
    }
    expect(() => loadConfig({ ROADWATCH_COVERAGE_POLICY: "28" })).toThrow(/ROADWATCH_COVERAGE_POLICY: expected an object of road class to days/);
    expect(() => loadConfig({ ROADWATCH_COVERAGE_POLICY: "{" })).toThrow("ROADWATCH_COVERAGE_POLICY: not valid JSON");
  });
});

describe("sessions and sign-in from ROADWATCH_SESSION_*, ROADWATCH_LOGIN_MAX_FAILURES and ROADWATCH_TRUST_PROXY", () => {
  it("ends sessions after 4 idle hours or 12 in all, refuses after 5 failures, and trusts no proxy unless told", () => {
    expect(loadConfig({})).toMatchObject({ sessionIdleMinutes: 240, sessionMaxHours: 12, loginMaxFailures: 5, trustProxy: null });
    expect(loadConfig({ ROADWATCH_TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(loadConfig({ ROADWATCH_TRUST_PROXY: "loopback, 10.0.0.0/8" }).trustProxy).toBe("loopback, 10.0.0.0/8");
  });

  it("refuses values that are no whole positive number or no proxy list, naming the setting", () => {
    expect(() => loadConfig({ ROADWATCH_SESSION_IDLE_MINUTES: "0" })).toThrow(/ROADWATCH_SESSION_IDLE_MINUTES/);
    expect(() => loadConfig({ ROADWATCH_LOGIN_MAX_FAILURES: "many" })).toThrow(/ROADWATCH_LOGIN_MAX_FAILURES/);
    expect(() => loadConfig({ ROADWATCH_TRUST_PROXY: "everyone; drop table" })).toThrow(/ROADWATCH_TRUST_PROXY/);
  });
});

describe("uploads from ROADWATCH_UPLOAD_MAX_BYTES and ROADWATCH_UPLOAD_TYPES", () => {
  it("takes up to 8 GiB of mp4, mov, gpx, csv and nmea unless told otherwise", () => {
    expect(loadConfig({})).toMatchObject({ uploadMaxBytes: 8 * 1024 ** 3, uploadExtensions: ["mp4", "mov", "gpx", "csv", "nmea"] });
    const config = loadConfig({ ROADWATCH_UPLOAD_MAX_BYTES: "2000000000", ROADWATCH_UPLOAD_TYPES: "MP4, .gpx" });
    expect(config).toMatchObject({ uploadMaxBytes: 2_000_000_000, uploadExtensions: ["mp4", "gpx"] });
  });

  it("refuses a size that is no whole positive number and a type it cannot check, naming the setting", () => {
    expect(() => loadConfig({ ROADWATCH_UPLOAD_MAX_BYTES: "8G" })).toThrow(/ROADWATCH_UPLOAD_MAX_BYTES/);
    expect(() => loadConfig({ ROADWATCH_UPLOAD_TYPES: "mp4,exe" })).toThrow(/ROADWATCH_UPLOAD_TYPES: unknown file types exe/);
  });
});
