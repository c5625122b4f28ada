import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Command } from "commander";
import { writeAnnotatedJpeg } from "../adapters/image.js";
import type { Config } from "../config.js";
import { createDamageDetector, type ImageDetections } from "../detector/damage-detector.js";
import { describeError, InputError } from "../errors.js";
import { type CommandOutput, processOutput } from "./command-output.js";


export interface DetectCommandOptions {
  /** manifest, or the .onnx file with its manifest beside it */
  model: string;
  threads: number;
  json: boolean;
  /** folder for JPEG copies with the detections drawn */
  annotate?: string;
}

// distinct on grey asphalt and dark enough for white label text; one per class index, repeating after ten
const CLASS_COLOURS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#f032e6", "#469990", "#9a6324", "#800000", "#000075"];

export function detectCommand(config: Config): Command {
  return new Command("detect")
    .description("Find road damage in image files.")
    .argument("<images...>", "image files (JPEG, PNG, WebP)")
    .option("--model <path>", "model manifest, or the .onnx file with its manifest beside it", config.modelManifestPath)
    .option("--json", "print JSON Lines: one JSON object per image, written as soon as the image is done")
    .option("--annotate <dir>", "write a JPEG copy of each image with its detections drawn into this folder")
    .addHelpText(
      "after",
      [
        "",
        "Each --json line looks like:",
        '  {"image":"a.jpg","width":600,"height":600,"detections":[{"class":"D40","label":"pothole","score":0.83,"box":[x1,y1,x2,y2]}]}',
        "Boxes are in the image's own pixels. An image that cannot be read is reported on stderr, the other",
        "images are still processed, and the exit code is 1.",
      ].join("\n"),
    )
    .action(async (images: string[], options: { model: string; json?: boolean; annotate?: string }) => {
      process.exitCode = await runDetectCommand(
        images,
        { model: options.model, threads: config.threads, json: options.json === true, annotate: options.annotate },
        processOutput,
      );
    });
}

/** Returns the exit code: 1 when any image failed. */
export async function runDetectCommand(images: readonly string[], options: DetectCommandOptions, output: CommandOutput): Promise<number> {
  const detector = await createDamageDetector(options.model, { threads: options.threads });
  const annotationNames = new AnnotationNames();
  let failed = false;
  try {
    if (options.annotate !== undefined) await createFolder(options.annotate);
    for (const image of images) {
      try {
        const result = await detector.detectFile(image);
        output.stdout(options.json ? `${JSON.stringify(toJson(image, result))}\n` : `${summaryLine(image, result)}\n`);
        if (options.annotate !== undefined) {
          await annotate(image, result, path.join(options.annotate, annotationNames.next(image)));
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        output.stderr(`${error.message}\n`);
        failed = true;
      }
    }
  } finally {
    await detector.close();
  }
  return failed ? 1 : 0;
}

async function createFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new InputError(folder, `cannot create the folder (${describeError(error)})`);
  }
}

function toJson(image: string, result: ImageDetections) {
  return {
    image,
    width: result.width,
    height: result.height,
    detections: result.detections.map((d) => ({ class: d.classId, label: d.label, score: round(d.score, 3), box: d.box.map((v) => round(v, 1)) })),
  };
}

function summaryLine(image: string, result: ImageDetections): string {
  const header = `${image} (${result.width}×${result.height}):`;
  if (result.detections.length === 0) return `${header} no damage found`;
  const found = result.detections.map((d) => `${d.label} ${d.score.toFixed(2)} at [${d.box.map((v) => Math.round(v)).join(", ")}]`);
  return `${header} ${result.detections.length} found: ${found.join("; ")}`;
}

async function annotate(image: string, result: ImageDetections, outputPath: string): Promise<void> {
  const annotations = result.detections.map((d) => ({
    box: d.box,
    text: `${d.label} ${d.score.toFixed(2)}`,
    colour: CLASS_COLOURS[d.classIndex % CLASS_COLOURS.length] ?? "#ffffff",
  }));
  await writeAnnotatedJpeg(image, annotations, outputPath);
}

/** NAME.jpg for each image; images with the same name from different folders get NAME-2.jpg, NAME-3.jpg, … */
class AnnotationNames {
  private readonly used = new Set<string>();

  next(imagePath: string): string {
    const stem = path.parse(imagePath).name;
    let name = `${stem}.jpg`;
    for (let copy = 2; this.used.has(name); copy++) name = `${stem}-${copy}.jpg`;
    this.used.add(name);
    return name;
  }
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
