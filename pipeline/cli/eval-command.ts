import { Command, InvalidArgumentError } from "commander";
import type { Config } from "../config.js";
import { createDamageDetector } from "../detector/damage-detector.js";
import type { DamageModelManifest } from "../detector/manifest.js";
import { type DatasetEvaluation, EVALUATION_SCORE_FLOOR, evaluateDataset } from "../evaluation/evaluate-dataset.js";
import type { ThresholdMetrics } from "../evaluation/metrics.js";
import { type CommandOutput, processOutput } from "./command-output.js";

export interface EvalCommandOptions {
  imagesDir: string;
  labelsDir: string;
  /** manifest, or the .onnx file with its manifest beside it */
  model: string;
  threads: number;
  json: boolean;
  iouThreshold: number;
}

export function evalCommand(config: Config): Command {
  return new Command("eval")
    .description(
      "Score the damage model on labelled images: average precision per class and its mean (mAP), " +
        "and precision, recall and F1 at the manifest's per-class score thresholds.",
    )
    .requiredOption("--images <dir>", "folder of images (JPEG, PNG, WebP)")
    .requiredOption("--labels <dir>", "folder of YOLO label files, NAME.txt per image: 'class cx cy w h' normalised; empty = no damage")
    .option("--model <path>", "model manifest, or the .onnx file with its manifest beside it", config.modelManifestPath)
    .option("--json", "print the results as one JSON object")
    .option("--iou <threshold>", "IoU a detection needs with a labelled box of its class to count as found", parseIouThreshold, 0.5)
    .addHelpText(
      "after",
      [
        "",
        `Average precision uses every detection scoring at least ${EVALUATION_SCORE_FLOOR} (all-point interpolation);`,
        "precision, recall and F1 count the detections at or above each class's threshold. Overall figures sum the",
        "counts over classes. An image without a label file counts as an image without damage (with a warning).",
      ].join("\n"),
    )
    .action(async (options: { images: string; labels: string; model: string; json?: boolean; iou: number }) => {
      process.exitCode = await runEvalCommand(
        {
          imagesDir: options.images,
          labelsDir: options.labels,
          model: options.model,
          threads: config.threads,
          json: options.json === true,
          iouThreshold: options.iou,
        },
        processOutput,
      );
    });
}

function parseIouThreshold(text: string): number {
  const value = Number(text);
  if (!(value > 0 && value <= 1)) throw new InvalidArgumentError("expected a number above 0 and at most 1, e.g. 0.5");
  return value;
}

/** Returns the exit code: 1 when an image or label file could not be used. */
export async function runEvalCommand(options: EvalCommandOptions, output: CommandOutput): Promise<number> {
  const detector = await createDamageDetector(options.model, { threads: options.threads });
  let evaluation: DatasetEvaluation;
  try {
    evaluation = await evaluateDataset(detector, {
      imagesDir: options.imagesDir,
      labelsDir: options.labelsDir,
      iouThreshold: options.iouThreshold,
    });
  } finally {
    await detector.close();
  }
  for (const warning of evaluation.warnings) output.stderr(`warning: ${warning}\n`);
  for (const failure of evaluation.failures) output.stderr(`skipped: ${failure.message}\n`);
  const text = options.json
    ? `${JSON.stringify(toJson(evaluation, detector.manifest, options.iouThreshold), null, 2)}\n`
    : formatReport(evaluation, detector.manifest, options.iouThreshold);
  output.stdout(text);
  return evaluation.failures.length > 0 ? 1 : 0;
}

function toJson(evaluation: DatasetEvaluation, manifest: DamageModelManifest, iouThreshold: number) {
  const { report } = evaluation;
  return {
    model: { name: manifest.name, version: manifest.version },
    images: evaluation.evaluatedImageCount,
    skippedImages: evaluation.failures.length,
    iouThreshold,
    scoreFloor: EVALUATION_SCORE_FLOOR,
    meanAveragePrecision: report.meanAveragePrecision,
    overall: report.overall,
    classes: report.classes.map(({ classIndex, ...metrics }) => {
      const damageClass = manifest.classes[classIndex];
      return { class: damageClass?.id, label: damageClass?.en.toLowerCase(), scoreThreshold: damageClass?.scoreThreshold, ...metrics };
    }),
  };
}

function formatReport(evaluation: DatasetEvaluation, manifest: DamageModelManifest, iouThreshold: number): string {
  const { report } = evaluation;
  const apHeader = `AP@${iouThreshold}`;
  const rateCells = (m: ThresholdMetrics) => [m.truePositives, m.falsePositives, m.falseNegatives].map(String).concat(
    [m.precision, m.recall, m.f1].map(formatRate),
  );
  const rows = [
    ["class", "label", "threshold", "labelled", "TP", "FP", "FN", "precision", "recall", "F1", apHeader],
    ...report.classes.map((c) => {
      const damageClass = manifest.classes[c.classIndex];
      return [
        damageClass?.id ?? String(c.classIndex),
        damageClass?.en.toLowerCase() ?? "",
        damageClass?.scoreThreshold.toFixed(2) ?? "",
        String(c.groundTruthCount),
        ...rateCells(c),
        formatRate(c.averagePrecision),
      ];
    }),
    [
      "all",
      "",
      "",
      String(report.classes.reduce((total, c) => total + c.groundTruthCount, 0)),
      ...rateCells(report.overall),
      formatRate(report.meanAveragePrecision),
    ],
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  // text columns align left, numbers right
  const line = (row: string[]) =>
    row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("  ").trimEnd();
  return [
    `${manifest.name} ${manifest.version}: ${evaluation.evaluatedImageCount} images` +
      (evaluation.failures.length > 0 ? ` (${evaluation.failures.length} skipped)` : "") +
      `, IoU >= ${iouThreshold}`,
    "",
    ...rows.map(line),
    "",
    `mAP@${iouThreshold} (mean AP over classes with labelled boxes): ${formatRate(report.meanAveragePrecision)}`,
    "",
  ].join("\n");
}

function formatRate(value: number | null): string {
  return value === null ? "–" : value.toFixed(3);
}
