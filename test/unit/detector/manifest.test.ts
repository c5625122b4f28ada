import { describe, expect, it } from "vitest";
import {
  checkModelSignature,
  type DamageModelManifest,
  type ModelSignature,
  modelFilePath,
  resolveManifestPath,
  validateManifest,
} from "../../../pipeline/detector/manifest.js";

function manifestJson() {
  return {
    name: "roadwatch-damage",
    version: "1.0.0",
    model: "roadwatch-damage.onnx",
    task: "detect",
    input: {
      name: "images",
      width: 448,
      height: 448,
      layout: "NCHW",
      colorOrder: "RGB",
      scale: 1 / 255,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      letterbox: { padValue: 114 },
    },
    output: { name: "detections", format: "yolov8", boxFormat: "cxcywh", scoresActivated: true },
    classes: [
      { id: "D00", en: "Longitudinal crack", da: "Længderevne", scoreThreshold: 0.3 },
      { id: "D10", en: "Transverse crack", da: "Tværrevne", scoreThreshold: 0.3 },
      { id: "D20", en: "Alligator crack", da: "Krakelering", scoreThreshold: 0.35 },
      { id: "D40", en: "Pothole", da: "Slaghul", scoreThreshold: 0.25 },
    ],
    nms: { iouThreshold: 0.5, maxDetections: 100, classAgnostic: false },
    training: { data: "RDD2022" },
    metrics: { mAP50: 0.4 },
  };
}

function reasonOf(json: unknown): string {
  const result = validateManifest(json);
  if (result.valid) throw new Error("expected the manifest to be invalid");
  return result.reason;
}

describe("validateManifest", () => {
  it("accepts a complete manifest, extra sections included", () => {
    const result = validateManifest(manifestJson());
    expect(result.valid).toBe(true);
    expect(result.valid && result.manifest.classes.map((c) => c.id)).toEqual(["D00", "D10", "D20", "D40"]);
  });

  it("names the missing or wrong field", () => {
    const json = manifestJson();
    expect(reasonOf({ ...json, output: { ...json.output, name: undefined } })).toContain("output.name");
    expect(reasonOf({ ...json, input: { ...json.input, layout: "NHWC" } })).toContain("input.layout");
    expect(reasonOf({ ...json, input: { ...json.input, std: [0.2, 0, 0.2] } })).toContain("input.std.1");
    expect(reasonOf({ ...json, input: { ...json.input, mean: [0.5, 0.5] } })).toContain("input.mean");
    expect(reasonOf({ ...json, nms: { ...json.nms, maxDetections: 0 } })).toContain("nms.maxDetections");
    expect(reasonOf({ ...json, classes: [] })).toContain("classes");
  });

  it("rejects a score threshold outside 0–1", () => {
    const json = manifestJson();
    const classes = json.classes.map((c, i) => (i === 3 ? { ...c, scoreThreshold: 30 } : c));
    expect(reasonOf({ ...json, classes })).toContain("classes.3.scoreThreshold");
  });

  it("rejects duplicate class ids", () => {
    const json = manifestJson();
    expect(reasonOf({ ...json, classes: [...json.classes, json.classes[0]] })).toContain("class ids must be unique");
  });

  it("rejects something that is not a manifest at all", () => {
    expect(validateManifest(null).valid).toBe(false);
    expect(validateManifest("roadwatch-damage.onnx").valid).toBe(false);
  });
});

describe("checkModelSignature", () => {
  const manifest = (() => {
    const result = validateManifest(manifestJson());
    if (!result.valid) throw new Error(result.reason);
    return result.manifest;
  })();

  function signature(overrides: Partial<ModelSignature> = {}): ModelSignature {
    return {
      inputs: [{ name: "images", elementType: "float32", shape: ["batch", 3, 448, 448] }],
      outputs: [{ name: "detections", elementType: "float32", shape: ["batch", 8, "anchors"] }],
      ...overrides,
    };
  }

  function reasonFor(sig: ModelSignature, m: DamageModelManifest = manifest): string {
    const result = checkModelSignature(m, sig);
    if (result.valid) throw new Error("expected a mismatch");
    return result.reason;
  }

  it("accepts a model whose names and shapes match, symbolic dimensions included", () => {
    expect(checkModelSignature(manifest, signature())).toEqual({ valid: true });
    const fixed = signature({ outputs: [{ name: "detections", elementType: "float32", shape: [1, 8, 4116] }] });
    expect(checkModelSignature(manifest, fixed)).toEqual({ valid: true });
  });

  it("names both input names when they differ", () => {
    expect(reasonFor(signature({ inputs: [{ name: "pixel_values", elementType: "float32", shape: [1, 3, 448, 448] }] }))).toBe(
      'manifest names input "images" but the model\'s input is "pixel_values"',
    );
  });

  it("rejects an input size other than the manifest's", () => {
    const reason = reasonFor(signature({ inputs: [{ name: "images", elementType: "float32", shape: [1, 3, 640, 640] }] }));
    expect(reason).toContain("[1, 3, 640, 640]");
    expect(reason).toContain("[1, 3, 448, 448]");
  });

  it("accepts a non-square input when the manifest says so", () => {
    const wide = { ...manifest, input: { ...manifest.input, width: 640, height: 384 } };
    const sig = signature({ inputs: [{ name: "images", elementType: "float32", shape: [1, 3, 384, 640] }] });
    expect(checkModelSignature(wide, sig)).toEqual({ valid: true });
  });

  it("explains a class count that does not fit the output rows", () => {
    const reason = reasonFor(signature({ outputs: [{ name: "detections", elementType: "float32", shape: [1, 84, 8400] }] }));
    expect(reason).toContain("84 rows per box");
    expect(reason).toContain("4 classes need 8");
  });

  it("rejects a missing output, extra inputs and non-float tensors", () => {
    expect(reasonFor(signature({ outputs: [{ name: "output0", elementType: "float32", shape: [1, 8, 4116] }] }))).toContain('"output0"');
    const twoInputs = signature().inputs.concat([{ name: "orig_size", elementType: "int64", shape: [1, 2] }]);
    expect(reasonFor(signature({ inputs: twoInputs }))).toContain("2 inputs");
    expect(reasonFor(signature({ inputs: [{ name: "images", elementType: "uint8", shape: [1, 3, 448, 448] }] }))).toContain("uint8");
  });
});

describe("manifest paths", () => {
  it("finds the manifest beside an .onnx file and leaves a manifest path as it is", () => {
    expect(resolveManifestPath("/models/damage/roadwatch-damage.onnx")).toBe("/models/damage/roadwatch-damage.manifest.json");
    expect(resolveManifestPath("/models/damage/roadwatch-damage.manifest.json")).toBe("/models/damage/roadwatch-damage.manifest.json");
  });

  it("resolves the model file against the manifest's folder", () => {
    const result = validateManifest(manifestJson());
    if (!result.valid) throw new Error(result.reason);
    expect(modelFilePath("/models/damage/roadwatch-damage.manifest.json", result.manifest)).toBe("/models/damage/roadwatch-damage.onnx");
  });
});
