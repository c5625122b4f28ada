/** Runs the detector over a labelled image folder and scores it against the YOLO label files. */
import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { DamageDetector } from "../detector/damage-detector.js";
import { describeError, InputError } from "../errors.js";
import { evaluateDetections, type EvaluationReport, type ImageEvaluation } from "./metrics.js";
import { parseYoloLabels } from "./yolo-labels.js";

/** Average precision integrates the whole precision–recall curve, so detections count down to this score. */
export const EVALUATION_SCORE_FLOOR = 0.001;

const IMAGE_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp"]);

export interface DatasetOptions {
  imagesDir: string;
  /** holds NAME.txt for every image NAME.jpg */
  labelsDir: string;
  iouThreshold: number;
}

export interface DatasetEvaluation {
  report: EvaluationReport;
  evaluatedImageCount: number;
  /** e.g. images without a label file, counted as images without damage */
  warnings: string[];
  /** images left out because the image or its label file could not be read */
  failures: InputError[];
}

export async function evaluateDataset(detector: DamageDetector, options: DatasetOptions): Promise<DatasetEvaluation> {
  const imageNames = await listImages(options.imagesDir);
  // fail before the slow part when the labels folder is wrong
  await readFolder(options.labelsDir);
  const { classes } = detector.manifest;
  const evaluations: ImageEvaluation[] = [];
  const warnings: string[] = [];
  const failures: InputError[] = [];
  for (const imageName of imageNames) {
    const imagePath = path.join(options.imagesDir, imageName);
    const labelPath = path.join(options.labelsDir, `${path.parse(imageName).name}.txt`);
    try {
      const result = await detector.detectFile(imagePath, { scoreFloor: EVALUATION_SCORE_FLOOR });
      const labelText = await readLabelFile(labelPath);
      if (labelText === undefined) warnings.push(`${labelPath}: no label file; ${imageName} counts as an image without damage`);
      const groundTruth = parseYoloLabels(labelText ?? "", {
        file: labelPath,
        classCount: classes.length,
        imageWidth: result.width,
        imageHeight: result.height,
      });
      evaluations.push({ groundTruth, detections: result.detections });
    } catch (error) {
      // a problem with this image or its labels skips the image; a problem with the model stops the run
      if (!(error instanceof InputError) || (error.file !== imagePath && error.file !== labelPath)) throw error;
      failures.push(error);
    }
  }
  const report = evaluateDetections(evaluations, {
    classCount: classes.length,
    iouThreshold: options.iouThreshold,
    scoreThresholds: classes.map((c) => c.scoreThreshold),
  });
  return { report, evaluatedImageCount: evaluations.length, warnings, failures };
}

async function listImages(imagesDir: string): Promise<string[]> {
  const names = (await readFolder(imagesDir))
    // data sets are often assembled from symbolic links into a shared pool
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort();
  if (names.length === 0) throw new InputError(imagesDir, `no images (${[...IMAGE_EXTENSIONS].join(", ")}) in this folder`);
  return names;
}

async function readFolder(folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new InputError(folder, `cannot read this folder (${describeError(error)})`);
  }
}

async function readLabelFile(labelPath: string): Promise<string | undefined> {
  try {
    return await readFile(labelPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new InputError(labelPath, `cannot read the label file (${describeError(error)})`);
  }
}
