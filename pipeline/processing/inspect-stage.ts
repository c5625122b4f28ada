/**
 * inspect: the drive matched to the imported road network. The segments it filmed are recorded as inspected on the
 * drive's local date (replacing what an earlier run of this stage recorded), and the video's detections and the
 * defects it merged into are put on the segments they lie on. Without an imported network there is nothing to match:
 * a warning, not a failure.
 */
import { boundsAround } from "../geo/bounds.js";
import { driveCoverage } from "../roads/drive-coverage.js";
import { DEFAULT_MATCHER_OPTIONS } from "../roads/map-matcher.js";
import { loadRoadGraph, placeOnRoads } from "../roads/stored-network.js";
import { localDate } from "../time/calendar-date.js";
import { done, type Stage } from "./stage.js";
import { readStageOutput, type StageOutputs } from "./stage-results.js";
import { toCleanFix } from "./stored-track.js";

/** Roads this far beyond the track are loaded too, so that routes between positions near its edge can be followed. */
const NETWORK_MARGIN_METERS = 500;

const NOTHING_MATCHED: StageOutputs["inspect"] = {
  segmentsDriven: 0,
  drivenMeters: 0,
  offRoadPoints: 0,
  matchRestarts: 0,
  detectionsOnRoads: 0,
  defectsOnRoads: 0,
};

export const inspectStage: Stage<"inspect"> = async ({ video, storage, settings }) => {
  if ((await storage.roadSegments.count()) === 0) {
    return done(NOTHING_MATCHED, { warnings: ["no road network imported (roadwatch roads import): the drive's roads were not recorded"] });
  }
  const track = await storage.tracks.get(video.id);
  if (track === null) throw new Error(`video ${video.id}: the telemetry stage is done but its track is not stored`);
  const fixes = track.points.map((point) => toCleanFix(point, video.id));
  const graph = await loadRoadGraph(storage.roadSegments, boundsAround(fixes, NETWORK_MARGIN_METERS));
  if (graph === null) return done(NOTHING_MATCHED, { warnings: ["the drive lies outside the imported road network"] });

  const { probe } = await readStageOutput(storage.jobs, video.id, "probe");
  const { startTimeMs } = await readStageOutput(storage.jobs, video.id, "telemetry");
  const { createdDefectIds, updatedDefectIds } = await readStageOutput(storage.jobs, video.id, "merge");
  const window = { startMs: startTimeMs, endMs: startTimeMs + probe.durationSeconds * 1000 };
  const coverage = driveCoverage(graph, fixes, window, DEFAULT_MATCHER_OPTIONS);
  const inspections = coverage.segments.map((segment) => ({
    segmentId: segment.segmentId,
    inspectedOn: localDate(segment.firstTimeMs, settings.timeZone),
    coveredMeters: segment.coveredMeters,
  }));
  const onRoads = await storage.transaction(async ({ inspections: inspectionRepository, roadSegments }) => {
    await inspectionRepository.replaceForVideo(video.id, inspections);
    return placeOnRoads(roadSegments, graph, {
      detections: await roadSegments.locatedDetections(video.id),
      defects: await roadSegments.defectPoints([...createdDefectIds, ...updatedDefectIds]),
    });
  });
  return done({
    segmentsDriven: inspections.length,
    drivenMeters: Math.round(inspections.reduce((total, inspection) => total + inspection.coveredMeters, 0)),
    offRoadPoints: coverage.offRoadPoints,
    matchRestarts: coverage.restarts,
    detectionsOnRoads: onRoads.detections,
    defectsOnRoads: onRoads.defects,
  });
};
