/**
 * The manifest of a face or number-plate detector: what roadwatch needs to feed the model and read its output.
 * Another model in one of the known output formats works without code changes when its manifest says so.
 */
import path from "node:path";
import { z } from "zod";
import type { ModelSignature, TensorDescription } from "../detector/manifest.js";
import { describeIssues, type Validation } from "../validation.js";

const passSchema = z.object({
  /** the frame is scaled to fit inside maxWidth × maxHeight model-input pixels, which bounds the pass's cost */
  maxWidth: z.number().int().positive(),
  maxHeight: z.number().int().positive(),
  /**
   * Hits wider than this in model-input pixels are dropped: the model's own false boxes are large, and a coarser
   * pass finds the objects that are really this big.
   */
  maxObjectWidth: z.number().positive().optional(),
});

const inputSchema = z.object({
  name: z.string().min(1),
  colorOrder: z.enum(["RGB", "BGR"]),
  /** the model takes input sizes that are multiples of this (1: any size) */
  sizeMultiple: z.number().int().positive(),
  /**
   * Model-input pixels per frame pixel across, relative to down: below 1 squeezes the frame sideways, so that
   * objects wider than the model's training objects look like them (a 520×110 mm EU plate like a 440×140 mm one).
   */
  horizontalScale: z.number().positive().max(4),
  /**
   * "lightPlateAsBlue": the frame's brightness is turned into a blue-to-white scale, so that dark characters on
   * a light plate look like the white characters on the blue plates the model learnt from.
   */
  recolour: z.enum(["none", "lightPlateAsBlue"]),
});

const yunetOutputSchema = z.object({
  /** outputs cls_S, obj_S, bbox_S for each stride S (libfacedetection's YuNet) */
  format: z.literal("yunet"),
  strides: z.array(z.number().int().positive()).min(1),
});

const lpdYunetOutputSchema = z.object({
  /** OpenCV Zoo's LPD-YuNet: prior boxes with a box and four corners each, a plate probability and an IoU estimate */
  format: z.literal("lpd-yunet"),
  boxes: z.string().min(1),
  scores: z.string().min(1),
  iou: z.string().min(1),
  priors: z.object({
    /** prior box sizes in model-input pixels, one list per step */
    minSizes: z.array(z.array(z.number().positive()).min(1)).min(1),
    /** feature-map strides; each a power of two, at least 4 */
    steps: z.array(z.number().int().refine((step) => step >= 4 && (step & (step - 1)) === 0, "a power of two, at least 4")).min(1),
    variance: z.number().positive(),
  }),
});

const manifestSchema = z
  .object({
    name: z.string().min(1),
    version: z.string().min(1),
    /** the ONNX file, relative to the manifest's folder */
    model: z.string().min(1),
    /** what a hit is: counted in the run summary as faces or number plates blurred */
    detects: z.enum(["faces", "plates"]),
    input: inputSchema,
    passes: z.array(passSchema).min(1),
    output: z.discriminatedUnion("format", [yunetOutputSchema, lpdYunetOutputSchema]),
    /** a hit scoring below this is not blurred; ROADWATCH_PRIVACY_*_THRESHOLD overrides it */
    scoreThreshold: z.number().min(0).max(1),
    nms: z.object({ iouThreshold: z.number().gt(0).max(1) }),
    /** width ÷ height of a hit in frame pixels; outside these the box is not the object (e.g. a frame-sized false box) */
    aspectRatio: z.object({ min: z.number().positive(), max: z.number().positive() }).optional(),
  })
  .refine((manifest) => manifest.output.format !== "lpd-yunet" || manifest.output.priors.minSizes.length === manifest.output.priors.steps.length, {
    message: "priors.minSizes needs one list per step",
    path: ["output", "priors", "minSizes"],
  });

export type PrivacyModelManifest = z.infer<typeof manifestSchema>;
export type DetectionPass = z.infer<typeof passSchema>;
export type PrivacyModelInput = z.infer<typeof inputSchema>;
export type LpdYunetOutput = z.infer<typeof lpdYunetOutputSchema>;

export type PrivacyManifestValidation = { valid: true; manifest: PrivacyModelManifest } | { valid: false; reason: string };

export function validatePrivacyManifest(json: unknown): PrivacyManifestValidation {
  const parsed = manifestSchema.safeParse(json);
  if (parsed.success) return { valid: true, manifest: parsed.data };
  return { valid: false, reason: describeIssues(parsed.error.issues, "manifest") };
}

/** The output names a manifest reads, in the order its decoder wants them. */
export function outputNames(manifest: PrivacyModelManifest): string[] {
  const { output } = manifest;
  if (output.format === "lpd-yunet") return [output.boxes, output.scores, output.iou];
  return output.strides.flatMap((stride) => [`cls_${stride}`, `obj_${stride}`, `bbox_${stride}`]);
}

/** Checks the manifest against the model's real inputs and outputs: names, float32, an NCHW image input. */
export function checkPrivacyModelSignature(manifest: PrivacyModelManifest, signature: ModelSignature): Validation {
  const input = signature.inputs.find((candidate) => candidate.name === manifest.input.name);
  if (input === undefined) {
    return { valid: false, reason: `manifest names input "${manifest.input.name}" but the model's inputs are ${names(signature.inputs)}` };
  }
  const inputCheck = checkFloat(input, "input");
  if (!inputCheck.valid) return inputCheck;
  if (input.shape.length !== 0 && (input.shape.length !== 4 || input.shape[1] !== 3)) {
    return { valid: false, reason: `model input "${input.name}" has shape [${input.shape.join(", ")}]; expected [1, 3, height, width]` };
  }
  const fixedSize = input.shape.slice(2).some((dim) => typeof dim === "number");
  if (fixedSize) {
    return {
      valid: false,
      reason: `model input "${input.name}" has the fixed shape [${input.shape.join(", ")}]; the passes need any height and width`,
    };
  }
  for (const name of outputNames(manifest)) {
    const output = signature.outputs.find((candidate) => candidate.name === name);
    if (output === undefined) return { valid: false, reason: `the model has no output "${name}" (it has ${names(signature.outputs)})` };
    const outputCheck = checkFloat(output, "output");
    if (!outputCheck.valid) return outputCheck;
  }
  return { valid: true };
}

export function privacyModelFilePath(manifestPath: string, manifest: PrivacyModelManifest): string {
  return path.resolve(path.dirname(manifestPath), manifest.model);
}

function checkFloat(tensor: TensorDescription, role: string): Validation {
  if (tensor.elementType === "float32") return { valid: true };
  return { valid: false, reason: `model ${role} "${tensor.name}" is ${tensor.elementType ?? "not a tensor"}; expected float32` };
}

function names(tensors: readonly TensorDescription[]): string {
  return tensors.map((tensor) => `"${tensor.name}"`).join(", ");
}
