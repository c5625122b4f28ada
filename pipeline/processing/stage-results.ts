/**
 * What each stage stores in its job row, and the checks it is read back through: a later stage, or a restart of
 * the same stage, trusts nothing it did not validate.
 */
import { z } from "zod";
import type { VideoProbe } from "../adapters/ffmpeg.js";
import type { FrameSample } from "../ingest/sample-by-distance.js";
import type { JobRepository } from "../storage/job-repository.js";
import type { JobStage } from "../storage/schema.js";

const probeSchema = z.object({
  durationSeconds: z.number(),
  width: z.number(),
  height: z.number(),
  framesPerSecond: z.number(),
  codec: z.string(),
  containerFormat: z.string(),
  creationTimeMs: z.number().nullable(),
  rotationDegrees: z.number(),
  firstFrameSeconds: z.number(),
}) satisfies z.ZodType<VideoProbe>;

const frameSampleSchema = z.object({
  frameTimeSeconds: z.number(),
  timeMs: z.number(),
  lat: z.number(),
  lon: z.number(),
  headingDegrees: z.number().nullable(),
  speedMps: z.number(),
  distanceMeters: z.number(),
}) satisfies z.ZodType<FrameSample>;

const count = z.number().int().nonnegative();

/** Frames through the detector so far, in video order: a restart goes on after processedThroughSeconds. */
const detectProgressSchema = z.object({
  processedThroughSeconds: z.number().nullable(),
  framesDetected: count,
  framesKept: count,
  detections: count,
  // progress recorded before obscuring existed counts nothing obscured
  facesBlurred: count.default(0),
  platesBlurred: count.default(0),
  damageBlurred: count.default(0),
});

/** Written in the transaction that applied the merge, so that a restart finishes the passes and evidence. */
const mergeProgressSchema = z.object({
  createdDefectIds: z.array(z.number().int()),
  updatedDefectIds: z.array(z.number().int()),
  /** defects whose best observation is now one of this video's detections: they get new photos */
  evidence: z.array(z.object({ defectId: z.number().int(), detectionId: z.number().int() })),
});

const STAGE_OUTPUTS = {
  probe: z.object({ probe: probeSchema, keyframeSeconds: z.array(z.number()) }),
  telemetry: z.object({
    /** the track file, or the video for its own telemetry */
    source: z.string(),
    startTimeMs: z.number(),
    startTimeSource: z.string(),
    gpsCoveredSeconds: z.number(),
  }),
  sample: z.object({ samples: z.array(frameSampleSchema), stationarySkippedSeconds: z.number() }),
  detect: detectProgressSchema.extend({ missingFrames: count }),
  locate: z.object({ placed: count, unplaced: count }),
  merge: mergeProgressSchema.extend({ passes: count, repairStatusChanges: count }),
  inspect: z.object({
    /** road segments the drive filmed some of */
    segmentsDriven: count,
    /** their filmed lengths summed */
    drivenMeters: z.number(),
    /** positions with no road near, and times the map matcher had to start afresh */
    offRoadPoints: count,
    matchRestarts: count,
    detectionsOnRoads: count,
    defectsOnRoads: count,
  }),
} satisfies Record<JobStage, z.ZodType>;

const STAGE_PROGRESS = { detect: detectProgressSchema, merge: mergeProgressSchema };

export type StageOutputs = { [S in JobStage]: z.infer<(typeof STAGE_OUTPUTS)[S]> };
export type ResumableStage = keyof typeof STAGE_PROGRESS;
export type StageProgress = { [S in ResumableStage]: z.infer<(typeof STAGE_PROGRESS)[S]> };

/** The stored output of a stage that is done. */
export async function readStageOutput<S extends JobStage>(jobs: JobRepository, videoId: number, stage: S): Promise<StageOutputs[S]> {
  const job = await jobs.get(videoId, stage);
  if (job === null || job.status !== "done") throw new Error(`video ${videoId}: the ${stage} stage has not finished`);
  return parseStored(STAGE_OUTPUTS[stage], job.result, videoId, stage) as StageOutputs[S];
}

/** What an unfinished stage recorded before the process stopped; null when it recorded nothing. */
export async function readStageProgress<S extends ResumableStage>(
  jobs: JobRepository,
  videoId: number,
  stage: S,
): Promise<StageProgress[S] | null> {
  const job = await jobs.get(videoId, stage);
  if (job === null || job.result === null) return null;
  return parseStored(STAGE_PROGRESS[stage], job.result, videoId, stage) as StageProgress[S];
}

function parseStored(schema: z.ZodType, stored: unknown, videoId: number, stage: JobStage): unknown {
  const parsed = schema.safeParse(stored);
  if (!parsed.success) {
    throw new Error(`video ${videoId}: the stored result of the ${stage} stage is not valid (${z.prettifyError(parsed.error)})`);
  }
  return parsed.data;
}
