/**
 * detect: every sampled frame through the damage detector. ffmpeg decodes the next frames while onnxruntime works on
 * this one (readAhead), and each frame's outcome is committed together with how far the stage got, so a restart
 * goes on after the last frame done instead of starting the video over.
 */
import type { RawRgbImage } from "../adapters/image.js";
import type { Detection } from "../detector/damage-detector.js";
import type { FrameSample } from "../ingest/sample-by-distance.js";
import { decodeSampledFrames } from "./decode-frames.js";
import { deliveredFrameSize } from "./frame-size.js";
import { keepFrame } from "./keep-frame.js";
import { readAhead } from "./read-ahead.js";
import { done, skipped, type Stage, type StageContext } from "./stage.js";
import { readStageOutput, readStageProgress, type StageProgress } from "./stage-results.js";

type DetectProgress = StageProgress["detect"];

const NOTHING_DETECTED: DetectProgress = {
  processedThroughSeconds: null,
  framesDetected: 0,
  framesKept: 0,
  detections: 0,
  facesBlurred: 0,
  platesBlurred: 0,
  damageBlurred: 0,
};

export const detectStage: Stage<"detect"> = async (context) => {
  const { video, storage, settings } = context;
  const intact = await readStageOutput(storage.jobs, video.id, "probe");
  const { samples } = await readStageOutput(storage.jobs, video.id, "sample");
  if (samples.length === 0) return skipped("no frames to look at: the vehicle did not move while the video had GPS");

  const earlier = (await readStageProgress(storage.jobs, video.id, "detect")) ?? NOTHING_DETECTED;
  const doneBefore = earlier.processedThroughSeconds;
  const alreadyDone = doneBefore === null ? 0 : samples.filter((sample) => sample.frameTimeSeconds <= doneBefore).length;
  // for the progress display: how many of the video's samples are done once this one is
  const doneWith = new Map(samples.map((sample, index) => [sample, index + 1]));
  context.progress.framesDetected(alreadyDone, samples.length);

  const size = deliveredFrameSize(intact.probe, settings.maxFrameLongSidePixels);
  const pending = samples.slice(alreadyDone);
  const frames = readAhead(decodeSampledFrames(context.ffmpeg, context.rawPath, intact, pending, size), settings.readAheadFrames);
  let progress = earlier;
  for await (const { sample, image } of frames) {
    const found = await context.detector.detectImage(image);
    progress = await recordFrame(context, sample, image, found.detections, progress);
    context.progress.framesDetected(doneWith.get(sample)!, samples.length);
  }

  const missingFrames = samples.length - progress.framesDetected;
  return done(
    { ...progress, missingFrames },
    {
      counts: {
        frames: progress.framesDetected - earlier.framesDetected,
        detections: progress.detections - earlier.detections,
        facesBlurred: progress.facesBlurred - earlier.facesBlurred,
        platesBlurred: progress.platesBlurred - earlier.platesBlurred,
        damageBlurred: progress.damageBlurred - earlier.damageBlurred,
      },
      warnings: missingFrames > 0 ? [`${missingFrames} sampled frames could not be decoded`] : [],
    },
  );
};

/** Stores one frame's outcome and the stage's progress at once; a frame with detections is kept (anonymised) first. */
async function recordFrame(
  context: StageContext,
  sample: FrameSample,
  image: RawRgbImage,
  detections: readonly Detection[],
  before: DetectProgress,
): Promise<DetectProgress> {
  const { video, storage, media, anonymiser } = context;
  const progress = { ...before, processedThroughSeconds: sample.frameTimeSeconds, framesDetected: before.framesDetected + 1 };
  if (detections.length === 0) {
    await storage.jobs.recordProgress(video.id, "detect", progress);
    return progress;
  }
  // written before the rows that point at it; a stop in between leaves a file the restart writes again
  const kept = await keepFrame(media, anonymiser, {
    videoId: video.id,
    frameTimeSeconds: sample.frameTimeSeconds,
    frame: image,
    damageBoxes: detections.map((detection) => detection.box),
  });
  return storage.transaction(async (repositories) => {
    const frame = await repositories.frames.insertIfNew({ videoId: video.id, ...sample, path: kept.path });
    const inserted = await repositories.detections.insertMany(
      detections.map(({ classId, score, box }) => ({ frameId: frame.id, classId, score, box })),
    );
    const after: DetectProgress = {
      ...progress,
      framesKept: progress.framesKept + 1,
      detections: progress.detections + inserted,
      facesBlurred: progress.facesBlurred + kept.facesBlurred,
      platesBlurred: progress.platesBlurred + kept.platesBlurred,
      damageBlurred: progress.damageBlurred + kept.damageBlurred,
    };
    await repositories.jobs.recordProgress(video.id, "detect", after);
    return after;
  });
}
