/**
 * merge: the video's located detections join the defects already known nearby or found new ones, in one transaction;
 * then every defect the drive passed gets its pass recorded (seen, or in view and not seen) for repair verification,
 * and the defects whose best observation is now from this drive get new evidence photos.
 */
import { DEFAULT_MERGE_OPTIONS, MERGEABLE_STATUSES, mergeSearchBounds, planMerge } from "../defects/merge.js";
import { DEFAULT_REPAIR_VERIFICATION_OPTIONS, passViewsLocation, repairState } from "../defects/repair-verification.js";
import { boundsAround } from "../geo/bounds.js";
import { haversineDistanceMeters, type LatLon } from "../geo/geodesy.js";
import type { FrameSample } from "../ingest/sample-by-distance.js";
import { ON_ROAD_METERS, roadClassLookup } from "../roads/stored-network.js";
import type { Defect } from "../storage/defect-repository.js";
import { writeDefectEvidence } from "./evidence.js";
import { deliveredFrameSize } from "./frame-size.js";
import { done, type Stage, type StageContext } from "./stage.js";
import { readStageOutput, readStageProgress, type StageProgress } from "./stage-results.js";

type MergeProgress = StageProgress["merge"];

export const mergeStage: Stage<"merge"> = async (context) => {
  const { video, storage } = context;
  // a restart after the merge was applied must not plan it again: the detections are observations by now
  const merged = (await readStageProgress(storage.jobs, video.id, "merge")) ?? (await applyMerge(context));
  const { samples } = await readStageOutput(storage.jobs, video.id, "sample");
  const seenDefectIds = new Set([...merged.createdDefectIds, ...merged.updatedDefectIds]);
  const passes = await recordPasses(context, samples, seenDefectIds);
  await writeDefectEvidence(context, merged.evidence);
  return done(
    { ...merged, ...passes },
    { counts: { defectsCreated: merged.createdDefectIds.length, defectsUpdated: merged.updatedDefectIds.length } },
  );
};

async function applyMerge({ video, storage }: StageContext): Promise<MergeProgress> {
  return storage.transaction(async (repositories) => {
    const detections = await repositories.detections.listMergeable(video.id);
    const bounds = mergeSearchBounds(detections);
    const defects = bounds === null ? [] : await repositories.defects.findMergeCandidates(bounds, MERGEABLE_STATUSES);
    const roadBounds = boundsAround(detections, ON_ROAD_METERS);
    // a private road's damage is its owners' to mend: severity takes the road's class where a network is imported
    const roadClassAt = roadBounds === null ? null : await roadClassLookup(repositories.roadSegments, roadBounds);
    const plan = planMerge(detections, defects, { ...DEFAULT_MERGE_OPTIONS, roadClassAt: roadClassAt ?? undefined });
    const applied = await repositories.defects.applyMergePlan(plan);
    const ownDetectionIds = new Set(detections.map((detection) => detection.detectionId));
    const progress: MergeProgress = {
      ...applied,
      evidence: [
        ...plan.newDefects.map(({ summary }, i) => ({ defectId: applied.createdDefectIds[i]!, detectionId: summary.bestDetectionId })),
        ...plan.updates
          .filter(({ summary }) => ownDetectionIds.has(summary.bestDetectionId))
          .map(({ defectId, summary }) => ({ defectId, detectionId: summary.bestDetectionId })),
      ],
    };
    await repositories.jobs.recordProgress(video.id, "merge", progress);
    return progress;
  });
}

/**
 * A pass for each defect the drive saw, and for each one it came close to with the spot in the camera's view
 * without seeing it; then each such defect's repair state is worked out again from all its passes.
 */
async function recordPasses(
  { video, storage, settings }: StageContext,
  samples: readonly FrameSample[],
  seenDefectIds: ReadonlySet<number>,
): Promise<{ passes: number; repairStatusChanges: number }> {
  const { probe } = await readStageOutput(storage.jobs, video.id, "probe");
  const image = deliveredFrameSize(probe, settings.maxFrameLongSidePixels);
  const bounds = boundsAround(samples, DEFAULT_REPAIR_VERIFICATION_OPTIONS.passRadiusMeters);
  const nearby = bounds === null ? [] : await storage.defects.findInBounds(bounds, MERGEABLE_STATUSES);
  const missed = nearby.filter((defect) => !seenDefectIds.has(defect.id) && passViewsLocation(samples, defect, settings.camera, image));
  const seen: Defect[] = [];
  for (const id of seenDefectIds) {
    const defect = await storage.defects.get(id);
    if (defect === null) throw new Error(`video ${video.id}: defect ${id}, which this video merged into, is gone`);
    seen.push(defect);
  }
  const passed = [...seen.map((defect) => ({ defect, seen: true })), ...missed.map((defect) => ({ defect, seen: false }))];
  await storage.passes.record(
    passed.map(({ defect, seen }) => ({
      defectId: defect.id,
      videoId: video.id,
      seen,
      passedAtMs: nearestSample(samples, defect).timeMs,
    })),
  );
  let repairStatusChanges = 0;
  for (const { defect } of passed) {
    const state = repairState(defect.status, await storage.passes.listForDefect(defect.id));
    if (state.status === defect.status && state.missedPasses === defect.missedPasses) continue;
    await storage.defects.setRepairState(defect.id, state);
    if (state.status !== defect.status) repairStatusChanges += 1;
  }
  return { passes: passed.length, repairStatusChanges };
}

/** When the drive was closest to the defect: the time of its pass. */
function nearestSample(samples: readonly FrameSample[], location: LatLon): FrameSample {
  let nearest = samples[0];
  if (nearest === undefined) throw new Error("a drive without frames passes nothing");
  let nearestMeters = haversineDistanceMeters(nearest, location);
  for (const sample of samples) {
    const meters = haversineDistanceMeters(sample, location);
    if (meters < nearestMeters) [nearest, nearestMeters] = [sample, meters];
  }
  return nearest;
}
