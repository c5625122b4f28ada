/**
 * What the detector's own work costs on top of onnxruntime: `detect` (JPEG decode, letterbox, inference,
 * decoding, NMS) against the bare session fed a ready tensor, on the shipped model and the sample frames.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadOnnxModel } from "../../pipeline/adapters/onnx.js";
import { loadConfig } from "../../pipeline/config.js";
import { createDamageDetector } from "../../pipeline/detector/damage-detector.js";
import { modelFilePath } from "../../pipeline/detector/manifest.js";

const ROUNDS = 10;

export async function benchDetector(): Promise<Record<string, number | string>> {
  const config = loadConfig();
  const framesDir = path.join(config.projectRoot, "sample-data", "frames");
  const frames = (await readdir(framesDir)).filter((name) => name.endsWith(".jpg")).map((name) => path.join(framesDir, name));
  const detector = await createDamageDetector(config.modelManifestPath, { threads: config.threads });
  const { input, output } = detector.manifest;
  const bare = await loadOnnxModel(modelFilePath(detector.manifestPath, detector.manifest), { threads: config.threads });
  try {
    const tensor = { data: new Float32Array(3 * input.width * input.height).fill(0.45), dims: [1, 3, input.height, input.width] };
    // first runs allocate onnxruntime's buffers; keep them out of both timings
    await bare.run(input.name, tensor, output.name);
    await detector.detectFile(frames[0]!);

    const detectStart = performance.now();
    for (let round = 0; round < ROUNDS; round++) for (const frame of frames) await detector.detectFile(frame);
    const detectMs = (performance.now() - detectStart) / (ROUNDS * frames.length);

    const bareStart = performance.now();
    for (let round = 0; round < ROUNDS * frames.length; round++) await bare.run(input.name, tensor, output.name);
    const bareMs = (performance.now() - bareStart) / (ROUNDS * frames.length);

    return {
      model: path.basename(detector.manifestPath),
      inputSize: `${input.width}x${input.height}`,
      threads: config.threads,
      detectMsPerImage: round1(detectMs),
      detectImagesPerSecond: round1(1000 / detectMs),
      bareSessionImagesPerSecond: round1(1000 / bareMs),
      detectToBareRatio: round2(bareMs / detectMs),
    };
  } finally {
    await bare.close();
    await detector.close();
  }
}

const round1 = (value: number): number => Math.round(value * 10) / 10;
const round2 = (value: number): number => Math.round(value * 100) / 100;
