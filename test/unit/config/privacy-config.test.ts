import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.js";

describe("privacy settings", () => {
  it("obscure faces and plates by default, with the shipped models' own thresholds and a quarter margin", () => {
    const { privacy, projectRoot } = loadConfig({});
    expect(privacy).toEqual({
      enabled: true,
      faceModelPath: path.join(projectRoot, "models", "privacy", "face", "yunet-face.manifest.json"),
      plateModelPath: path.join(projectRoot, "models", "privacy", "plate", "lpd-yunet-plate.manifest.json"),
      faceThreshold: null,
      plateThreshold: null,
      marginFraction: 0.25,
    });
  });

  it("are switched off only by an explicit false", () => {
    expect(loadConfig({ ROADWATCH_PRIVACY_ENABLED: "false" }).privacy.enabled).toBe(false);
    expect(loadConfig({ ROADWATCH_PRIVACY_ENABLED: "0" }).privacy.enabled).toBe(false);
    expect(loadConfig({ ROADWATCH_PRIVACY_ENABLED: "true" }).privacy.enabled).toBe(true);
    expect(() => loadConfig({ ROADWATCH_PRIVACY_ENABLED: "maybe" })).toThrow(/ROADWATCH_PRIVACY_ENABLED/);
  });

  it("take thresholds from 0 to 1 and a margin from 0 to 2", () => {
    const { privacy } = loadConfig({ ROADWATCH_PRIVACY_FACE_THRESHOLD: "0.45", ROADWATCH_PRIVACY_PLATE_THRESHOLD: "0.2", ROADWATCH_PRIVACY_MARGIN: "0.5" });
    expect([privacy.faceThreshold, privacy.plateThreshold, privacy.marginFraction]).toEqual([0.45, 0.2, 0.5]);
    expect(() => loadConfig({ ROADWATCH_PRIVACY_FACE_THRESHOLD: "1.5" })).toThrow(/ROADWATCH_PRIVACY_FACE_THRESHOLD/);
    expect(() => loadConfig({ ROADWATCH_PRIVACY_PLATE_THRESHOLD: "" })).toThrow(/ROADWATCH_PRIVACY_PLATE_THRESHOLD/);
    expect(() => loadConfig({ ROADWATCH_PRIVACY_MARGIN: "-0.1" })).toThrow(/ROADWATCH_PRIVACY_MARGIN/);
  });
});
