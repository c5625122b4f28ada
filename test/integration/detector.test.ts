import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeLetterboxedRgb, readImageSize } from "../../pipeline/adapters/image.js";
import { runDetectCommand } from "../../pipeline/cli/detect-command.js";
import { runEvalCommand } from "../../pipeline/cli/eval-command.js";
import { createDamageDetector, type DamageDetector, type ImageDetections } from "../../pipeline/detector/damage-detector.js";
import { computeLetterbox } from "../../pipeline/detector/letterbox.js";
import { InputError } from "../../pipeline/errors.js";
import { evaluateDataset } from "../../pipeline/evaluation/evaluate-dataset.js";

const MODEL_MANIFEST = path.resolve(process.cwd(), "models/damage/roadwatch-damage.manifest.json");
const SAMPLE_FRAMES = path.resolve(process.cwd(), "sample-data/frames");

const SHARED = path.resolve(process.cwd(), "../shared");
const UNLABELLED_CZECH = path.join(SHARED, "datasets/rdd2022/unlabeled/czech");
const CZECH = path.join(SHARED, "datasets/rdd2022/czech");
const ROAD_IMAGE = path.join(UNLABELLED_CZECH, "Czech_000004.jpg");
// low enough that even an untrained head yields boxes to check
const SCORE_FLOOR = 0.001;
const THREADS = 2;

let detector: DamageDetector;
let tempDir: string;

beforeAll(async () => {
  detector = await createDamageDetector(MODEL_MANIFEST, { threads: THREADS });
  tempDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-detector-"));
});

afterAll(async () => {
  await detector?.close();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
});

function expectBoxesInside(result: ImageDetections): void {
  for (const { box } of result.detections) {
    const [x1, y1, x2, y2] = box;
    expect(x1).toBeGreaterThanOrEqual(0);
    expect(y1).toBeGreaterThanOrEqual(0);
    expect(x2).toBeLessThanOrEqual(result.width);
    expect(y2).toBeLessThanOrEqual(result.height);
    expect(x2).toBeGreaterThan(x1);
    expect(y2).toBeGreaterThan(y1);
  }
}

async function writeManifest(dir: string, changes: (json: Record<string, unknown>) => Record<string, unknown>): Promise<string> {
  const json = JSON.parse(await readFile(MODEL_MANIFEST, "utf8")) as Record<string, unknown>;
  const manifestPath = path.join(dir, "model.manifest.json");
  await writeFile(manifestPath, JSON.stringify(changes(json)));
  return manifestPath;
}

const onnxBesideManifest = () => path.join(path.dirname(MODEL_MANIFEST), "roadwatch-damage.onnx");

describe("damage detector on a real road image", () => {
  it("reports the image size and detections above each class's threshold, inside the image", async () => {
    const result = await detector.detectFile(ROAD_IMAGE);
    expect(result).toMatchObject({ width: 600, height: 600 });
    const { classes, nms } = detector.manifest;
    expect(result.detections.length).toBeLessThanOrEqual(nms.maxDetections);
    for (const detection of result.detections) {
      const damageClass = classes[detection.classIndex];
      expect(detection.classId).toBe(damageClass?.id);
      expect(detection.label).toBe(damageClass?.en.toLowerCase());
      expect(detection.score).toBeGreaterThanOrEqual(damageClass?.scoreThreshold ?? 0);
    }
    expectBoxesInside(result);
  });

  it("with a score floor returns boxes inside the image, best first", async () => {
    const result = await detector.detectFile(ROAD_IMAGE, { scoreFloor: SCORE_FLOOR });
    expect(result.detections.length).toBeGreaterThan(0);
    expect(result.detections.length).toBeLessThanOrEqual(detector.manifest.nms.maxDetections);
    const scores = result.detections.map((d) => d.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(SCORE_FLOOR);
    expectBoxesInside(result);
  });

  it("gives the same detections for decoded RGB pixels as for the file", async () => {
    const size = await readImageSize(ROAD_IMAGE);
    // a letterbox to the image's own size is a plain decode
    const pixels = await decodeLetterboxedRgb(ROAD_IMAGE, computeLetterbox(size, size), 0);
    const fromPixels = await detector.detectImage({ data: pixels, width: size.width, height: size.height }, { scoreFloor: SCORE_FLOOR });
    const fromFile = await detector.detectFile(ROAD_IMAGE, { scoreFloor: SCORE_FLOOR });
    expect(fromPixels.detections.length).toBe(fromFile.detections.length);
    fromPixels.detections.forEach((detection, i) => {
      expect(detection.classId).toBe(fromFile.detections[i]?.classId);
      expect(detection.score).toBeCloseTo(fromFile.detections[i]?.score ?? -1, 5);
    });
  });

  it("handles a wide video-like frame given as raw pixels, with boxes inside the frame", async () => {
    const size = await readImageSize(ROAD_IMAGE);
    const pixels = await decodeLetterboxedRgb(ROAD_IMAGE, computeLetterbox(size, size), 0);
    // the lower half of the photo: a 600×300 frame
    const frame = { data: pixels.subarray(size.width * 3 * 300), width: 600, height: 300 };
    const result = await detector.detectImage(frame, { scoreFloor: SCORE_FLOOR });
    expect(result).toMatchObject({ width: 600, height: 300 });
    expect(result.detections.length).toBeGreaterThan(0);
    expectBoxesInside(result);
  });

  it("names a file that is not an image", async () => {
    const notImage = path.join(tempDir, "notes.jpg");
    await writeFile(notImage, "this is not a JPEG");
    await expect(detector.detectFile(notImage)).rejects.toThrow(InputError);
    await expect(detector.detectFile(notImage)).rejects.toThrow(`${notImage}: not a readable image`);
  });

  it("rejects raw pixels whose length does not fit the size", async () => {
    await expect(detector.detectImage({ data: new Uint8Array(10), width: 4, height: 4 })).rejects.toThrow("10 bytes do not make a 4×4 RGB image");
  });
});

/**
 * What a person sees in the committed sample frames (RDD2022 test split, never trained on), written down before the
 * shipped model was run on them:
 * - India_002185.jpg: one pothole in the lower right of the road, around x 60-85 %, y 60-80 % of the frame.
 * - India_006590.jpg: a broken road with several potholes on the right half, in the lower half of the frame.
 * - Czech_000026.jpg: a motorway in good repair: no pothole.
 */
describe("the shipped model on frames a person has looked at", () => {
  const centre = ([x1, y1, x2, y2]: readonly number[]): [number, number] => [(x1! + x2!) / 2, (y1! + y2!) / 2];
  const overlaps = (box: readonly number[], region: readonly number[]): boolean =>
    box[0]! < region[2]! && box[2]! > region[0]! && box[1]! < region[3]! && box[3]! > region[1]!;

  it("finds the pothole in the lower right of India_002185", async () => {
    const result = await detector.detectFile(path.join(SAMPLE_FRAMES, "India_002185.jpg"));
    const potholes = result.detections.filter((d) => d.classId === "D40");
    const region = [0.6 * result.width, 0.6 * result.height, 0.85 * result.width, 0.8 * result.height];
    expect(potholes.some((d) => overlaps(d.box, region))).toBe(true);
  });

  it("finds potholes on the right half of the broken road in India_006590", async () => {
    const result = await detector.detectFile(path.join(SAMPLE_FRAMES, "India_006590.jpg"));
    const rightLowerPotholes = result.detections.filter((d) => {
      const [x, y] = centre(d.box);
      return d.classId === "D40" && x > result.width / 2 && y > result.height / 2;
    });
    expect(rightLowerPotholes.length).toBeGreaterThanOrEqual(1);
  });

  it("reports no pothole on the motorway in good repair", async () => {
    const result = await detector.detectFile(path.join(SAMPLE_FRAMES, "Czech_000026.jpg"));
    expect(result.detections.filter((d) => d.classId === "D40")).toEqual([]);
  });
});

describe("loading a model", () => {
  it("accepts the .onnx path with its manifest beside it", async () => {
    const fromOnnx = await createDamageDetector(onnxBesideManifest(), { threads: 1 });
    try {
      expect(fromOnnx.manifestPath).toBe(MODEL_MANIFEST);
    } finally {
      await fromOnnx.close();
    }
  });

  it("names a corrupt .onnx file", async () => {
    const dir = await mkdtemp(path.join(tempDir, "corrupt-"));
    const onnxPath = path.join(dir, "garbage.onnx");
    await writeFile(onnxPath, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const manifestPath = await writeManifest(dir, (json) => ({ ...json, model: "garbage.onnx" }));
    await expect(createDamageDetector(manifestPath, { threads: 1 })).rejects.toThrow(`${onnxPath}: not a usable ONNX model`);
  });

  it("names a model file that is missing", async () => {
    const dir = await mkdtemp(path.join(tempDir, "missing-"));
    const manifestPath = await writeManifest(dir, (json) => ({ ...json, model: "nowhere.onnx" }));
    await expect(createDamageDetector(manifestPath, { threads: 1 })).rejects.toThrow(`${path.join(dir, "nowhere.onnx")}: cannot read the ONNX model`);
  });

  it("names the manifest and both names when the input name does not match the model", async () => {
    const dir = await mkdtemp(path.join(tempDir, "mismatch-"));
    const manifestPath = await writeManifest(dir, (json) => ({
      ...json,
      model: onnxBesideManifest(),
      input: { ...(json.input as object), name: "pixel_values" },
    }));
    const loading = createDamageDetector(manifestPath, { threads: 1 });
    await expect(loading).rejects.toThrow(InputError);
    await expect(loading).rejects.toThrow(
      `${manifestPath}: does not match the model ${onnxBesideManifest()}: manifest names input "pixel_values" but the model's input is "images"`,
    );
  });

  it("names the manifest when the class count does not fit the model's output", async () => {
    const dir = await mkdtemp(path.join(tempDir, "classes-"));
    const manifestPath = await writeManifest(dir, (json) => ({
      ...json,
      model: onnxBesideManifest(),
      classes: [...(json.classes as object[]), { id: "D50", en: "Manhole", da: "Brønddæksel", scoreThreshold: 0.3 }],
    }));
    const loading = createDamageDetector(manifestPath, { threads: 1 });
    await expect(loading).rejects.toThrow(`${manifestPath}: does not match the model ${onnxBesideManifest()}: output has shape [1, 8, `);
    await expect(loading).rejects.toThrow("expected [1, 9, anchors] (4 box rows + 5 class rows)");
  });

  it("names a manifest that is not valid JSON or misses fields", async () => {
    const dir = await mkdtemp(path.join(tempDir, "manifest-"));
    const broken = path.join(dir, "broken.manifest.json");
    await writeFile(broken, "{ not json");
    await expect(createDamageDetector(broken, { threads: 1 })).rejects.toThrow(`${broken}: cannot read the model manifest`);
    const incomplete = await writeManifest(dir, ({ nms: _dropped, ...json }) => json);
    await expect(createDamageDetector(incomplete, { threads: 1 })).rejects.toThrow(`${incomplete}: invalid model manifest: nms:`);
  });
});

describe("roadwatch detect", () => {
  it("prints one JSON line per readable image, names the unreadable one, annotates, and exits with 1", async () => {
    const dir = await mkdtemp(path.join(tempDir, "detect-"));
    const notImage = path.join(dir, "readme.png");
    await writeFile(notImage, "plain text");
    const annotateDir = path.join(dir, "annotated");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await runDetectCommand(
      [notImage, ROAD_IMAGE],
      { model: MODEL_MANIFEST, threads: THREADS, json: true, annotate: annotateDir },
      { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) },
    );
    expect(exitCode).toBe(1);
    expect(stderr.join("")).toContain(`${notImage}: not a readable image`);
    expect(stdout).toHaveLength(1);
    const line = JSON.parse(stdout[0] ?? "") as { image: string; width: number; height: number; detections: unknown[] };
    expect(line).toMatchObject({ image: ROAD_IMAGE, width: 600, height: 600 });
    expect(Array.isArray(line.detections)).toBe(true);
    expect(await readImageSize(path.join(annotateDir, "Czech_000004.jpg"))).toEqual({ width: 600, height: 600 });
  });
});

describe("roadwatch eval", () => {
  it("scores labelled images, warns about a missing label file and skips a broken one", async () => {
    const dir = await mkdtemp(path.join(tempDir, "eval-"));
    const images = path.join(dir, "images");
    const labels = path.join(dir, "labels");
    await mkdir(images);
    await mkdir(labels);
    // Czech_000020: two D10 boxes; Czech_000031: one D00 and two D20; Czech_000002 has no damage and gets no label file
    const labelled = ["Czech_000020", "Czech_000031"];
    for (const name of [...labelled, "Czech_000002"]) await copyFile(path.join(CZECH, "images", `${name}.jpg`), path.join(images, `${name}.jpg`));
    for (const name of labelled) await copyFile(path.join(CZECH, "labels", `${name}.txt`), path.join(labels, `${name}.txt`));

    const evaluation = await evaluateDataset(detector, { imagesDir: images, labelsDir: labels, iouThreshold: 0.5 });
    expect(evaluation.evaluatedImageCount).toBe(3);
    expect(evaluation.warnings).toEqual([`${path.join(labels, "Czech_000002.txt")}: no label file; Czech_000002.jpg counts as an image without damage`]);
    expect(evaluation.report.classes.map((c) => c.groundTruthCount)).toEqual([1, 2, 2, 0]);
    for (const c of evaluation.report.classes) {
      if (c.groundTruthCount > 0) {
        expect(c.averagePrecision).toBeGreaterThanOrEqual(0);
        expect(c.averagePrecision).toBeLessThanOrEqual(1);
      } else {
        expect(c.averagePrecision).toBeNull();
      }
    }

    await writeFile(path.join(labels, "Czech_000002.txt"), "0 0.5 0.5\n");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const exitCode = await runEvalCommand(
      { imagesDir: images, labelsDir: labels, model: MODEL_MANIFEST, threads: THREADS, json: true, iouThreshold: 0.5 },
      { stdout: (text) => stdout.push(text), stderr: (text) => stderr.push(text) },
    );
    expect(exitCode).toBe(1);
    expect(stderr.join("")).toContain(`${path.join(labels, "Czech_000002.txt")}: line 1: expected 5 fields`);
    const report = JSON.parse(stdout.join("")) as { images: number; skippedImages: number; classes: { class: string }[] };
    expect(report).toMatchObject({ images: 2, skippedImages: 1 });
    expect(report.classes.map((c) => c.class)).toEqual(detector.manifest.classes.map((c) => c.id));
  });
});
