/**
 * What anonymising costs and what it finds: each detector pass of the shipped face and plate models alone on 1080p
 * frames (ms and recall by object size, on drawn faces and Danish-style plates over real road photos), the whole
 * anonymiser per kept 1080p frame, and its share of the pipeline's time on a 1080p drive in which every sampled
 * frame shows a pothole, a person and a parked car (every frame the damage model finds the pothole in is kept).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { encodeJpeg } from "../../pipeline/adapters/image.js";
import { loadConfig } from "../../pipeline/config.js";
import { intersectionOverUnion } from "../../pipeline/detector/box.js";
import { Anonymiser } from "../../pipeline/privacy/anonymiser.js";
import { PrivacyDetector } from "../../pipeline/privacy/privacy-detector.js";
import { privacyModelFilePath, validatePrivacyManifest } from "../../pipeline/privacy/privacy-manifest.js";
import { processingSettings, processVideos } from "../../pipeline/processing/processing-service.js";
import type { ProcessingProgress } from "../../pipeline/processing/progress.js";
import { driveTrack, FAXE, makeSlideshowClip, toGpx } from "../support/make-clip.js";
import { renderScene, type Scene, type SceneItem, SKIN_TONES } from "../support/privacy-scene.js";
import { withStorage } from "../support/storage.js";

const SHARED = path.resolve("../shared");
const ROAD_PHOTOS = ["Czech_000016.jpg", "Czech_000004.jpg", "Czech_000019.jpg"].map((name) =>
  path.join(SHARED, "datasets/rdd2022/unlabeled/czech", name),
);
/** a road photo with a pothole the damage model finds, stretched to 1080p under the drive's person and car */
const POTHOLE_PHOTO = path.resolve("sample-data/frames/India_002185.jpg");
const FACE_WIDTHS = [16, 24, 32, 48, 96, 240];
/** one row of cars per frame: the widest in the middle, where its car fits */
const PLATE_ROWS = [
  [40, 240, 56],
  [80, 160, 112],
];
/** a hit this close to a drawn face or plate found it */
const MIN_IOU = 0.3;
const ROUNDS = 2;
const DRIVE_SECONDS = 20;
const SILENT: ProcessingProgress = { videoStarted() {}, stageStarted() {}, framesDetected() {}, videoFinished() {}, note() {} };

export async function benchPrivacy(): Promise<Record<string, number | string>> {
  const config = loadConfig();
  const workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-privacy-bench-"));
  try {
    const faceScenes = await Promise.all(ROAD_PHOTOS.map((photo, i) => faceScene(photo, i)));
    const plateScenes = await Promise.all(ROAD_PHOTOS.flatMap((photo, i) => PLATE_ROWS.map((row) => plateScene(photo, row, i))));
    const results: Record<string, number | string> = { "privacy.threads": config.threads };
    Object.assign(results, await benchPasses("face", config.privacy.faceModelPath, faceScenes, workDir, config.threads));
    Object.assign(results, await benchPasses("plate", config.privacy.plateModelPath, plateScenes, workDir, config.threads));

    const anonymiser = await Anonymiser.load({ ...config.privacy, threads: config.threads });
    let anonymiseMs: number;
    try {
      anonymiseMs = await msPerFrame([...faceScenes, ...plateScenes], (scene) => anonymiser.anonymise(scene.image));
    } finally {
      await anonymiser.close();
    }
    results["privacy.anonymise_ms_per_1080p_frame"] = round(anonymiseMs, 0);
    return { ...results, ...(await benchPipelineShare(workDir, config, anonymiseMs)) };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Each of the model's passes alone, then all of them as shipped: ms per frame and the share of objects found, by width. */
async function benchPasses(
  kind: "face" | "plate",
  manifestPath: string,
  scenes: readonly (Scene & { widths: number[] })[],
  workDir: string,
  threads: number,
): Promise<Record<string, string | number>> {
  const json = JSON.parse(await readFile(manifestPath, "utf8")) as { passes: { maxWidth: number; maxHeight: number }[] };
  const validation = validatePrivacyManifest(json);
  if (!validation.valid) throw new Error(`${manifestPath}: ${validation.reason}`);
  const modelPath = privacyModelFilePath(manifestPath, validation.manifest);
  const variants = [
    ...json.passes.map((pass, i) => ({ label: `pass ${pass.maxWidth}x${pass.maxHeight}`, json: { ...json, model: modelPath, passes: [json.passes[i]] } })),
    { label: "as shipped", json: { ...json, model: modelPath } },
  ];
  const results: Record<string, string | number> = {};
  for (const [index, variant] of variants.entries()) {
    const variantPath = path.join(workDir, `${kind}-${index}.manifest.json`);
    await writeFile(variantPath, JSON.stringify(variant.json));
    const detector = await PrivacyDetector.load(variantPath, { threads, scoreThreshold: null });
    try {
      const found = new Map<number, { found: number; total: number }>();
      for (const scene of scenes) {
        const hits = await detector.detect(scene.image);
        scene.truth.forEach((truth, i) => {
          const width = scene.widths[i]!;
          const tally = found.get(width) ?? { found: 0, total: 0 };
          found.set(width, tally);
          tally.total += 1;
          if (hits.some((hit) => intersectionOverUnion(hit.box, truth) >= MIN_IOU)) tally.found += 1;
        });
      }
      const ms = await msPerFrame(scenes, (scene) => detector.detect(scene.image));
      const recall = [...found.entries()]
        .sort(([a], [b]) => a - b)
        .map(([width, tally]) => `${width}px ${tally.found}/${tally.total}`)
        .join(", ");
      results[`privacy.${kind}.${variant.label}`] = `${round(ms, 0)} ms; found by width: ${recall}`;
    } finally {
      await detector.close();
    }
  }
  return results;
}

/**
 * The pipeline on a 1080p drive twice, with and without anonymising: the difference is what anonymising adds to the
 * frames kept. How many are kept depends on the drive; the share is also given for one frame in five kept.
 */
async function benchPipelineShare(workDir: string, config: ReturnType<typeof loadConfig>, anonymiseMs: number): Promise<Record<string, number | string>> {
  const scene = await renderScene({
    width: 1920,
    height: 1080,
    background: await readFile(POTHOLE_PHOTO),
    items: [
      { kind: "face", x: 1500, y: 250, widthPixels: 64 },
      { kind: "plate", x: 300, y: 420, widthPixels: 100 },
    ],
  });
  const folder = path.join(workDir, "drive");
  await mkdir(folder, { recursive: true });
  const slide = path.join(workDir, "slide.jpg");
  await writeFile(slide, await encodeJpeg(scene.image, 92));
  const recordedAt = new Date("2024-05-06T06:30:00Z");
  const video = path.join(folder, "drive.mp4");
  await makeSlideshowClip({
    outPath: video,
    slides: [slide],
    slideSeconds: DRIVE_SECONDS,
    durationSeconds: DRIVE_SECONDS,
    creationTime: recordedAt,
    ffmpegPath: config.ffmpegPath,
  });
  const track = driveTrack({ ...FAXE, timeMs: recordedAt.getTime(), bearingDegrees: 60 }, [{ seconds: DRIVE_SECONDS, speedMps: 8 }]);
  await writeFile(path.join(folder, "drive.gpx"), toGpx(track));

  const timed = async (enabled: boolean) => {
    const dataDir = path.join(workDir, `data-${enabled}`);
    const settings = { ...processingSettings(config, dataDir), timeZone: "UTC", privacy: { ...config.privacy, enabled } };
    const started = performance.now();
    const summary = await processVideos([video], settings, SILENT);
    const seconds = (performance.now() - started) / 1000;
    const outcome = summary.outcomes[0];
    if (outcome?.status !== "processed") throw new Error(`the bench drive was not processed: ${JSON.stringify(outcome)}`);
    const kept = (await withStorage(dataDir, (storage) => storage.frames.listForVideo(outcome.videoId))).length;
    return { seconds, counts: summary.counts, kept };
  };
  const without = await timed(false);
  const withPrivacy = await timed(true);
  const { kept } = withPrivacy;
  const addedSeconds = withPrivacy.seconds - without.seconds;
  return {
    "privacy.drive": `${DRIVE_SECONDS} s 1080p30 at 8 m/s: ${without.counts.frames} sampled frames, ${kept} kept (a pothole found)`,
    "privacy.drive_seconds_without": round(without.seconds, 2),
    "privacy.drive_seconds_with": round(withPrivacy.seconds, 2),
    "privacy.pipeline_ms_per_frame_without": round((without.seconds * 1000) / without.counts.frames, 0),
    "privacy.added_ms_per_kept_frame": kept === 0 ? "no frame kept" : round((addedSeconds * 1000) / kept, 0),
    "privacy.share_of_run_time": round(addedSeconds / withPrivacy.seconds, 2),
    "privacy.share_if_1_in_5_frames_kept": round(
      (anonymiseMs * 0.2) / ((without.seconds * 1000) / without.counts.frames + anonymiseMs * 0.2),
      2,
    ),
    "privacy.faces_plates_blurred": `${withPrivacy.counts.facesBlurred} faces, ${withPrivacy.counts.platesBlurred} plates`,
  };
}

async function faceScene(photo: string, variant: number): Promise<Scene & { widths: number[] }> {
  const items: SceneItem[] = FACE_WIDTHS.map((widthPixels, i) => ({
    kind: "face",
    x: 150 + i * 320,
    y: 330 + (i % 2) * 80,
    widthPixels,
    tone: SKIN_TONES[(i + variant) % SKIN_TONES.length],
  }));
  return { ...(await renderScene({ width: 1920, height: 1080, background: await readFile(photo), items })), widths: FACE_WIDTHS };
}

async function plateScene(photo: string, widths: number[], variant: number): Promise<Scene & { widths: number[] }> {
  const items: SceneItem[] = widths.map((widthPixels, i) => ({
    kind: "plate",
    x: 320 + i * 640 - widthPixels / 2,
    y: 700,
    widthPixels,
    variant: variant + i,
  }));
  return { ...(await renderScene({ width: 1920, height: 1080, background: await readFile(photo), items })), widths };
}

/** Mean wall time of `work` per scene over ROUNDS rounds, after a first untimed one (onnxruntime allocates on first runs). */
async function msPerFrame<S>(scenes: readonly S[], work: (scene: S) => Promise<unknown>): Promise<number> {
  await work(scenes[0]!);
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) for (const scene of scenes) await work(scene);
  return (performance.now() - started) / (ROUNDS * scenes.length);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
