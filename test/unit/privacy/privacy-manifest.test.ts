import { describe, expect, it } from "vitest";
import type { ModelSignature } from "../../../pipeline/detector/manifest.js";
import {
  checkPrivacyModelSignature,
  outputNames,
  type PrivacyModelManifest,
  validatePrivacyManifest,
} from "../../../pipeline/privacy/privacy-manifest.js";

function faceManifestJson() {
  return {
    name: "yunet",
    version: "1",
    model: "yunet.onnx",
    detects: "faces",
    input: { name: "input", colorOrder: "BGR", sizeMultiple: 32, horizontalScale: 1, recolour: "none" },
    passes: [{ maxWidth: 1280, maxHeight: 736 }],
    output: { format: "yunet", strides: [8, 16, 32] },
    scoreThreshold: 0.6,
    nms: { iouThreshold: 0.3 },
  };
}

function plateManifestJson() {
  return {
    ...faceManifestJson(),
    detects: "plates",
    input: { name: "input", colorOrder: "BGR", sizeMultiple: 32, horizontalScale: 0.667, recolour: "lightPlateAsBlue" },
    output: {
      format: "lpd-yunet",
      boxes: "loc",
      scores: "conf",
      iou: "iou",
      priors: { minSizes: [[10, 16], [32]], steps: [8, 16], variance: 0.1 },
    },
    aspectRatio: { min: 1.2, max: 8 },
  };
}

function validManifest(json: unknown): PrivacyModelManifest {
  const validation = validatePrivacyManifest(json);
  if (!validation.valid) throw new Error(validation.reason);
  return validation.manifest;
}

const float = (name: string, shape: (number | string)[]) => ({ name, elementType: "float32", shape });

describe("validatePrivacyManifest", () => {
  it("accepts a face and a plate manifest", () => {
    expect(validManifest(faceManifestJson()).output.format).toBe("yunet");
    expect(validManifest(plateManifestJson()).input.recolour).toBe("lightPlateAsBlue");
  });

  it("names each problem and where it is", () => {
    const json = { ...faceManifestJson(), scoreThreshold: 1.5, passes: [] };
    const validation = validatePrivacyManifest(json);
    expect(validation.valid).toBe(false);
    if (validation.valid) return;
    expect(validation.reason).toContain("passes:");
    expect(validation.reason).toContain("scoreThreshold:");
  });

  it("wants one prior size list per step and steps that are powers of two", () => {
    const json = plateManifestJson();
    const mismatched = { ...json, output: { ...json.output, priors: { minSizes: [[10]], steps: [8, 16], variance: 0.1 } } };
    expect(validatePrivacyManifest(mismatched)).toEqual({ valid: false, reason: "output.priors.minSizes: priors.minSizes needs one list per step" });
    const oddStep = { ...json, output: { ...json.output, priors: { minSizes: [[10], [20]], steps: [8, 12], variance: 0.1 } } };
    expect(validatePrivacyManifest(oddStep).valid).toBe(false);
  });

  it("knows only the output formats it can decode", () => {
    expect(validatePrivacyManifest({ ...faceManifestJson(), output: { format: "retinaface", strides: [8] } }).valid).toBe(false);
  });
});

describe("outputNames", () => {
  it("lists YuNet's outputs per stride and LPD-YuNet's three", () => {
    expect(outputNames(validManifest({ ...faceManifestJson(), output: { format: "yunet", strides: [8, 16] } }))).toEqual([
      "cls_8",
      "obj_8",
      "bbox_8",
      "cls_16",
      "obj_16",
      "bbox_16",
    ]);
    expect(outputNames(validManifest(plateManifestJson()))).toEqual(["loc", "conf", "iou"]);
  });
});

describe("checkPrivacyModelSignature", () => {
  const plate = validManifest(plateManifestJson());
  const outputs = [float("loc", ["priors", 14]), float("conf", ["priors", 2]), float("iou", ["priors", 1])];

  it("accepts a model with any input size and the named outputs", () => {
    const signature: ModelSignature = { inputs: [float("input", [1, 3, "height", "width"])], outputs };
    expect(checkPrivacyModelSignature(plate, signature)).toEqual({ valid: true });
  });

  it("turns down a model whose input size is fixed: the passes would not fit", () => {
    const signature: ModelSignature = { inputs: [float("input", [1, 3, 240, 320])], outputs };
    expect(checkPrivacyModelSignature(plate, signature)).toEqual({
      valid: false,
      reason: 'model input "input" has the fixed shape [1, 3, 240, 320]; the passes need any height and width',
    });
  });

  it("names a missing output and a wrongly named input", () => {
    expect(checkPrivacyModelSignature(plate, { inputs: [float("input", [])], outputs: outputs.slice(0, 2) })).toEqual({
      valid: false,
      reason: 'the model has no output "iou" (it has "loc", "conf")',
    });
    expect(checkPrivacyModelSignature(plate, { inputs: [float("images", [])], outputs })).toEqual({
      valid: false,
      reason: 'manifest names input "input" but the model\'s inputs are "images"',
    });
  });

  it("wants float32 tensors", () => {
    const signature: ModelSignature = { inputs: [{ name: "input", elementType: "uint8", shape: [] }], outputs };
    expect(checkPrivacyModelSignature(plate, signature)).toEqual({ valid: false, reason: 'model input "input" is uint8; expected float32' });
  });
});
