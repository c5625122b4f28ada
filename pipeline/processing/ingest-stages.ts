/**
 * probe → telemetry → sample: the ingest decisions `roadwatch frames` makes too (ingest/video-sampling.ts), with
 * each result stored so that later stages and restarts need neither the file's index nor its track parsed again.
 */
import { alignTrack, probeIntactVideo, sampleVideoFrames } from "../ingest/video-sampling.js";
import { done, type Stage } from "./stage.js";
import { readStageOutput } from "./stage-results.js";
import { toCleanFix, toStoredPoint } from "./stored-track.js";

/** Stream facts and keyframes; an intact file only. */
export const probeStage: Stage<"probe"> = async ({ ffmpeg, rawPath }) => done(await probeIntactVideo(ffmpeg, rawPath));

/** The cleaned track, and when the video started on its clock. */
export const telemetryStage: Stage<"telemetry"> = async ({ video, rawPath, originalPath, storage, settings }) => {
  const { probe } = await readStageOutput(storage.jobs, video.id, "probe");
  const track = await alignTrack({ path: rawPath, originalPath }, probe, { offsetSeconds: 0, timeZone: settings.timeZone });
  await storage.tracks.save({
    videoId: video.id,
    format: track.format,
    points: track.fixes.map(toStoredPoint),
    gpsCoveredSeconds: track.gpsCoveredSeconds,
  });
  await storage.videos.recordProbe(video.id, { durationSeconds: probe.durationSeconds, recordedStartMs: track.start.startTimeMs });
  return done(
    {
      source: track.source,
      startTimeMs: track.start.startTimeMs,
      startTimeSource: track.start.source,
      gpsCoveredSeconds: track.gpsCoveredSeconds,
    },
    { warnings: track.warnings },
  );
};

/** The frames to look at: one every few metres driven, none while standing still. */
export const sampleStage: Stage<"sample"> = async ({ video, storage, settings }) => {
  const { probe } = await readStageOutput(storage.jobs, video.id, "probe");
  const { startTimeMs } = await readStageOutput(storage.jobs, video.id, "telemetry");
  const track = await storage.tracks.get(video.id);
  if (track === null) throw new Error(`video ${video.id}: the telemetry stage is done but its track is not stored`);
  const fixes = track.points.map((point) => toCleanFix(point, video.id));
  const sampling = sampleVideoFrames(fixes, startTimeMs, probe, settings.everyMeters);
  return done({ samples: sampling.samples, stationarySkippedSeconds: sampling.stationarySkippedSeconds });
};
