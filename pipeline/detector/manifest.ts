/**
 * The damage model's manifest: everything roadwatch needs to feed the model and read its output.
 * A model works without code changes when its manifest follows this schema and matches the ONNX file.
 */
import path from "node:path";
import { z } from "zod";
import { describeIssues, type Validation } from "../validation.js";

const perChannel = z.tuple([z.number(), z.number(), z.number()]);

const damageClassSchema = z.object({
  /** RDD2022 code, e.g. "D40" */
  id: z.string().min(1),
  en: z.string().min(1),
  da: z.string().min(1),
  scoreThreshold: z.number().min(0).max(1),
});

const manifestSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  /** the ONNX file, relative to the manifest's folder */
  model: z.string().min(1),
  task: z.literal("detect"),
  input: z.object({
    name: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    layout: z.literal("NCHW"),
    colorOrder: z.enum(["RGB", "BGR"]),
    /** applied to 0–255 pixel values before mean and std */
    scale: z.number().positive(),
    mean: perChannel,
    std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
    letterbox: z.object({ padValue: z.number().int().min(0).max(255) }),
  }),
  output: z.object({
    name: z.string().min(1),
    format: z.literal("yolov8"),
    boxFormat: z.literal("cxcywh"),
    scoresActivated: z.boolean(),
  }),
  classes: z
    .array(damageClassSchema)
    .min(1)
    .refine((classes) => new Set(classes.map((c) => c.id)).size === classes.length, "class ids must be unique"),
  nms: z.object({
    iouThreshold: z.number().gt(0).max(1),
    maxDetections: z.number().int().positive(),
    classAgnostic: z.boolean(),
  }),
});

export type DamageModelManifest = z.infer<typeof manifestSchema>;
export type DamageClass = z.infer<typeof damageClassSchema>;

export type ManifestValidation = { valid: true; manifest: DamageModelManifest } | { valid: false; reason: string };

export function validateManifest(json: unknown): ManifestValidation {
  const parsed = manifestSchema.safeParse(json);
  if (parsed.success) return { valid: true, manifest: parsed.data };
  return { valid: false, reason: describeIssues(parsed.error.issues, "manifest") };
}

/** What an ONNX session reports about one input or output; a dimension is a number or a symbolic name. */
export interface TensorDescription {
  name: string;
  /** undefined when the value is not a tensor */
  elementType: string | undefined;
  /** empty when the model does not declare a shape */
  shape: readonly (number | string)[];
}

export interface ModelSignature {
  inputs: readonly TensorDescription[];
  outputs: readonly TensorDescription[];
}

/** Checks the manifest against the model's real inputs and outputs; symbolic dimensions match any size. */
export function checkModelSignature(manifest: DamageModelManifest, signature: ModelSignature): Validation {
  const names = (tensors: readonly TensorDescription[]) => tensors.map((t) => `"${t.name}"`).join(", ");
  if (signature.inputs.length !== 1) {
    return { valid: false, reason: `model has ${signature.inputs.length} inputs (${names(signature.inputs)}); expected one image input` };
  }
  const [input] = signature.inputs;
  if (input?.name !== manifest.input.name) {
    return { valid: false, reason: `manifest names input "${manifest.input.name}" but the model's input is ${names(signature.inputs)}` };
  }
  const inputCheck = checkFloatTensor(input, "input", [1, 3, manifest.input.height, manifest.input.width]);
  if (!inputCheck.valid) return inputCheck;

  const output = signature.outputs.find((candidate) => candidate.name === manifest.output.name);
  if (output === undefined) {
    return { valid: false, reason: `manifest names output "${manifest.output.name}" but the model's outputs are ${names(signature.outputs)}` };
  }
  const rowsPerBox = 4 + manifest.classes.length;
  const rows = output.shape[1];
  if (output.shape.length === 3 && typeof rows === "number" && rows !== rowsPerBox) {
    return {
      valid: false,
      reason:
        `model output "${output.name}" has shape [${output.shape.join(", ")}]: ${rows} rows per box, but the manifest's ` +
        `${manifest.classes.length} classes need ${rowsPerBox} (layout [1, 4 + classes, anchors])`,
    };
  }
  return checkFloatTensor(output, "output", [1, rowsPerBox, "anchors"]);
}

function checkFloatTensor(tensor: TensorDescription, role: string, expected: readonly (number | string)[]): Validation {
  if (tensor.elementType !== "float32") {
    return { valid: false, reason: `model ${role} "${tensor.name}" is ${tensor.elementType ?? "not a tensor"}; expected float32` };
  }
  if (tensor.shape.length === 0) return { valid: true };
  const fits =
    tensor.shape.length === expected.length &&
    tensor.shape.every((dim, i) => typeof dim !== "number" || typeof expected[i] !== "number" || dim === expected[i]);
  if (fits) return { valid: true };
  return {
    valid: false,
    reason: `model ${role} "${tensor.name}" has shape [${tensor.shape.join(", ")}] but the manifest implies [${expected.join(", ")}]`,
  };
}

/** `--model` may name the manifest or the .onnx file; the manifest of "x.onnx" is "x.manifest.json" beside it. */
export function resolveManifestPath(modelOrManifestPath: string): string {
  return modelOrManifestPath.toLowerCase().endsWith(".onnx")
    ? modelOrManifestPath.slice(0, -".onnx".length) + ".manifest.json"
    : modelOrManifestPath;
}

export function modelFilePath(manifestPath: string, manifest: DamageModelManifest): string {
  return path.resolve(path.dirname(manifestPath), manifest.model);
}
