/**
 * A face or number-plate detector: one ONNX session, loaded and checked against its manifest once, run over a frame
 * in the manifest's passes (each a whole-frame scale, so small faces and distant plates get enough pixels without
 * tiling seams), the passes' hits merged by non-maximum suppression.
 */
import { readFile } from "node:fs/promises";
import { decodeLetterboxedRgb, type RawRgbImage } from "../adapters/image.js";
import { loadOnnxModel, type OnnxModel } from "../adapters/onnx.js";
import { boxAreaPixels, type Box } from "../detector/box.js";
import type { FloatTensor, ScoredBox } from "../detector/decode.js";
import { boxToSourcePixels, type ImageSize } from "../detector/letterbox.js";
import { nonMaxSuppression } from "../detector/nms.js";
import { toInputTensor } from "../detector/preprocess.js";
import { describeError, InputError } from "../errors.js";
import { checkLpdYunetOutputs, decodeLpdYunetOutputs, lpdYunetPriors } from "./lpd-yunet-decode.js";
import { passInputSize, stretchLetterbox } from "./passes.js";
import {
  checkPrivacyModelSignature,
  type DetectionPass,
  outputNames,
  type PrivacyModelManifest,
  privacyModelFilePath,
  validatePrivacyManifest,
} from "./privacy-manifest.js";
import { lightPlatesAsBlue } from "./recolour.js";
import { checkYunetOutputs, decodeYunetOutputs } from "./yunet-decode.js";

export interface PrivacyHit {
  score: number;
  /** in the frame's pixels, clipped to the frame */
  box: Box;
}

export interface PrivacyDetectorOptions {
  /** onnxruntime intra-op threads (Config.threads) */
  threads: number;
  /** null: the manifest's scoreThreshold */
  scoreThreshold: number | null;
}

/** Pixels as they come, scaled 0–255: YuNet and LPD-YuNet take raw BGR values. */
const RAW_PIXEL_VALUES = { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } as const;

/** bounds the work of suppression on a frame the model finds noisy; a street scene has far fewer faces and plates */
const MAX_HITS_PER_FRAME = 500;

export class PrivacyDetector {
  private constructor(
    readonly manifest: PrivacyModelManifest,
    readonly manifestPath: string,
    readonly scoreThreshold: number,
    private readonly model: OnnxModel,
  ) {}

  /** LPD-YuNet's prior boxes by input size: a video's frames all have the same */
  private readonly priorsBySize = new Map<string, Float32Array>();

  /** `manifestPath` is a privacy model manifest; its .onnx file is named in it, relative to it. */
  static async load(manifestPath: string, options: PrivacyDetectorOptions): Promise<PrivacyDetector> {
    const manifest = await loadManifest(manifestPath);
    const onnxPath = privacyModelFilePath(manifestPath, manifest);
    const model = await loadOnnxModel(onnxPath, { threads: options.threads });
    const signature = checkPrivacyModelSignature(manifest, model.signature);
    if (!signature.valid) {
      await model.close();
      throw new InputError(manifestPath, `does not match the model ${onnxPath}: ${signature.reason}`);
    }
    return new PrivacyDetector(manifest, manifestPath, options.scoreThreshold ?? manifest.scoreThreshold, model);
  }

  /** What the model finds in the frame, best score first. */
  async detect(frame: RawRgbImage): Promise<PrivacyHit[]> {
    const hits: ScoredBox[] = [];
    for (const pass of this.manifest.passes) hits.push(...(await this.detectInPass(frame, pass)));
    const suppression = { iouThreshold: this.manifest.nms.iouThreshold, maxDetections: MAX_HITS_PER_FRAME, classAgnostic: true };
    return nonMaxSuppression(hits, suppression).map(({ score, box }) => ({ score, box }));
  }

  close(): Promise<void> {
    return this.model.close();
  }

  private async detectInPass(frame: RawRgbImage, pass: DetectionPass): Promise<ScoredBox[]> {
    const { input, aspectRatio } = this.manifest;
    const size = passInputSize(frame, pass, input);
    const letterbox = stretchLetterbox(frame, size);
    const rgb = await decodeLetterboxedRgb(frame, letterbox, 0);
    const pixels = input.recolour === "lightPlateAsBlue" ? lightPlatesAsBlue(rgb) : rgb;
    const data = toInputTensor(pixels, size, { colorOrder: input.colorOrder, ...RAW_PIXEL_VALUES });
    const tensor = { data, dims: [1, 3, size.height, size.width] };
    const outputs = await this.model.runOutputs(input.name, tensor, outputNames(this.manifest));
    return this.decode(outputs, size)
      .filter((hit) => pass.maxObjectWidth === undefined || hit.box[2] - hit.box[0] <= pass.maxObjectWidth)
      .map((hit) => ({ ...hit, box: boxToSourcePixels(hit.box, letterbox) }))
      .filter(({ box }) => {
        if (boxAreaPixels(box) <= 0) return false;
        if (aspectRatio === undefined) return true;
        const ratio = (box[2] - box[0]) / (box[3] - box[1]);
        return ratio >= aspectRatio.min && ratio <= aspectRatio.max;
      });
  }

  /** The model's hits in model-input pixels; an output that does not fit the input size is the manifest's fault. */
  private decode(outputs: Map<string, FloatTensor>, size: ImageSize): ScoredBox[] {
    const { output } = this.manifest;
    if (output.format === "yunet") {
      const check = checkYunetOutputs(outputs, size, output.strides);
      if (!check.valid) throw new InputError(this.manifestPath, `does not match its model: ${check.reason}`);
      return decodeYunetOutputs(outputs, size, output.strides, this.scoreThreshold);
    }
    const plateOutputs = { boxes: outputs.get(output.boxes)!, scores: outputs.get(output.scores)!, iou: outputs.get(output.iou)! };
    const sizeKey = `${size.width}x${size.height}`;
    const priors = this.priorsBySize.get(sizeKey) ?? lpdYunetPriors(size, output.priors);
    this.priorsBySize.set(sizeKey, priors);
    const check = checkLpdYunetOutputs(plateOutputs, priors);
    if (!check.valid) throw new InputError(this.manifestPath, `does not match its model: ${check.reason}`);
    return decodeLpdYunetOutputs(plateOutputs, priors, output.priors.variance, this.scoreThreshold);
  }
}

async function loadManifest(manifestPath: string): Promise<PrivacyModelManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw new InputError(manifestPath, `cannot read the privacy model manifest (${describeError(error)})`);
  }
  const validation = validatePrivacyManifest(json);
  if (!validation.valid) throw new InputError(manifestPath, `invalid privacy model manifest: ${validation.reason}`);
  return validation.manifest;
}
