/**
 * The road-damage detector: one ONNX session, loaded and checked against its manifest once,
 * then reused for every image file, encoded buffer or decoded video frame.
 */
import { readFile } from "node:fs/promises";
import { loadOnnxModel, type OnnxModel } from "../adapters/onnx.js";
import { decodeLetterboxedRgb, type ImageSource, type RawRgbImage, readImageSize } from "../adapters/image.js";
import { describeError, InputError } from "../errors.js";
import { boxAreaPixels, type Box } from "./box.js";
import { checkYoloOutputShape, decodeYoloOutput, type FloatTensor } from "./decode.js";
import { boxToSourcePixels, computeLetterbox } from "./letterbox.js";
import {
  checkModelSignature,
  type DamageModelManifest,
  modelFilePath,
  resolveManifestPath,
  validateManifest,
} from "./manifest.js";
import { nonMaxSuppression } from "./nms.js";
import { toInputTensor } from "./preprocess.js";

export interface Detection {
  /** position of the class in the manifest, as in YOLO label files */
  classIndex: number;
  /** the manifest's class id, e.g. "D40" */
  classId: string;
  /** English class name in lower case, e.g. "pothole" */
  label: string;
  score: number;
  /** in the original image's pixels, clipped to the image */
  box: Box;
}

export interface ImageDetections {
  width: number;
  height: number;
  /** best score first */
  detections: Detection[];
}

export interface DetectOptions {
  /**
   * Report every detection scoring at least this instead of applying the manifest's per-class thresholds:
   * precision–recall curves (average precision) need the low-scoring detections too.
   */
  scoreFloor?: number;
}

export interface DamageDetector {
  readonly manifest: DamageModelManifest;
  readonly manifestPath: string;
  detectFile(imagePath: string, options?: DetectOptions): Promise<ImageDetections>;
  /** `image` is an encoded image (JPEG, PNG, …) or decoded RGB pixels such as a video frame */
  detectImage(image: Buffer | RawRgbImage, options?: DetectOptions): Promise<ImageDetections>;
  close(): Promise<void>;
}

export interface DamageDetectorOptions {
  /** onnxruntime intra-op threads (Config.threads) */
  threads: number;
}

/** `modelPath` is the manifest, or the .onnx file with its manifest beside it. */
export async function createDamageDetector(modelPath: string, options: DamageDetectorOptions): Promise<DamageDetector> {
  const manifestPath = resolveManifestPath(modelPath);
  const manifest = await loadManifest(manifestPath);
  const onnxPath = modelFilePath(manifestPath, manifest);
  const model = await loadOnnxModel(onnxPath, { threads: options.threads });
  try {
    const signature = checkModelSignature(manifest, model.signature);
    if (!signature.valid) throw new InputError(manifestPath, `does not match the model ${onnxPath}: ${signature.reason}`);
    const detector = new OnnxDamageDetector(manifest, manifestPath, onnxPath, model);
    await detector.checkOutputShape();
    return detector;
  } catch (error) {
    await model.close();
    throw error;
  }
}

async function loadManifest(manifestPath: string): Promise<DamageModelManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (error) {
    throw new InputError(manifestPath, `cannot read the model manifest (${describeError(error)})`);
  }
  const validation = validateManifest(json);
  if (!validation.valid) throw new InputError(manifestPath, `invalid model manifest: ${validation.reason}`);
  return validation.manifest;
}

class OnnxDamageDetector implements DamageDetector {
  constructor(
    readonly manifest: DamageModelManifest,
    readonly manifestPath: string,
    private readonly onnxPath: string,
    private readonly model: OnnxModel,
  ) {}

  detectFile(imagePath: string, options: DetectOptions = {}): Promise<ImageDetections> {
    return this.detect(imagePath, options);
  }

  detectImage(image: Buffer | RawRgbImage, options: DetectOptions = {}): Promise<ImageDetections> {
    return this.detect(image, options);
  }

  close(): Promise<void> {
    return this.model.close();
  }

  /** Output sizes are often symbolic in the model file, so only a real run shows whether the class count fits. */
  async checkOutputShape(): Promise<void> {
    const { width, height, letterbox } = this.manifest.input;
    await this.predict(new Uint8Array(width * height * 3).fill(letterbox.padValue));
  }

  private async detect(source: ImageSource, options: DetectOptions): Promise<ImageDetections> {
    const { input, output, classes, nms } = this.manifest;
    if (options.scoreFloor !== undefined && !(options.scoreFloor >= 0 && options.scoreFloor <= 1)) {
      throw new RangeError(`scoreFloor must be between 0 and 1, got ${options.scoreFloor}`);
    }
    const size = await readImageSize(source);
    const letterbox = computeLetterbox(size, { width: input.width, height: input.height });
    const prediction = await this.predict(await decodeLetterboxedRgb(source, letterbox, input.letterbox.padValue));
    const boxes = decodeYoloOutput(prediction, {
      classCount: classes.length,
      scoresActivated: output.scoresActivated,
      minScoreByClass: classes.map((c) => options.scoreFloor ?? c.scoreThreshold),
    })
      .map((candidate) => ({ ...candidate, box: boxToSourcePixels(candidate.box, letterbox) }))
      // boxes that lie wholly in the padding collapse to nothing when clipped
      .filter((candidate) => boxAreaPixels(candidate.box) > 0);
    const detections = nonMaxSuppression(boxes, nms).map(({ classIndex, score, box }) => {
      const damageClass = classes[classIndex];
      if (damageClass === undefined) throw new RangeError(`class index ${classIndex} out of range`);
      return { classIndex, classId: damageClass.id, label: damageClass.en.toLowerCase(), score, box };
    });
    return { width: size.width, height: size.height, detections };
  }

  /** Runs the model on letterboxed RGB pixels of the input size; the output's shape is checked on every run. */
  private async predict(rgb: Uint8Array): Promise<FloatTensor> {
    const { input, output, classes } = this.manifest;
    const target = { width: input.width, height: input.height };
    const tensor = { data: toInputTensor(rgb, target, input), dims: [1, 3, input.height, input.width] };
    const prediction = await this.model.run(input.name, tensor, output.name);
    const shape = checkYoloOutputShape(prediction.dims, classes.length);
    if (!shape.valid) throw new InputError(this.manifestPath, `does not match the model ${this.onnxPath}: ${shape.reason}`);
    return prediction;
  }
}
