/**
 * One nightly run over the inbox: the videos that have finished arriving go through the pipeline (which applies
 * retention at its end), each one the pipeline kept, processed or in quarantine, leaves the inbox with its track
 * file, and the run is summed up for the log and the foremen's morning summary.
 */
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { SeverityLevel } from "../defects/severity.js";
import { openStorage } from "../storage/database.js";
import { INBOX_FOLDER, type InboxVideo, removeFromInbox, scanInbox } from "./nightly-inbox.js";
import { type ProcessingSettings, processVideos, type VideoOutcome } from "./processing-service.js";
import type { ProcessingProgress } from "./progress.js";
import { readStageOutput } from "./stage-results.js";

/** The pipeline holds its own copy of these (under the content hash, or in quarantine): they can leave the inbox. */
const KEPT_STATUSES: ReadonlySet<VideoOutcome["status"]> = new Set(["processed", "quarantined", "unchanged"]);

/** Long enough for a copy in progress to add bytes between the two looks at the inbox. */
const SIZE_CHECK_PAUSE_MS = 10_000;

export type SeverityCounts = Record<SeverityLevel, number>;

export interface NightlyRunSummary {
  startedAtMs: number;
  finishedAtMs: number;
  /** file names are relative to the inbox */
  processed: Array<{ file: string; defectsCreated: number; defectsUpdated: number }>;
  /** set aside under <data>/quarantine and removed from the inbox */
  quarantined: Array<{ file: string; problem: string }>;
  /** could not be read or stored: they stay in the inbox and are tried again next night */
  failed: Array<{ file: string; problem: string }>;
  /** the same content was processed, or set aside, before */
  unchanged: string[];
  /** still being copied: left for the next run */
  arriving: string[];
  /** the defects this run's videos found or saw again, by their severity now */
  defects: { created: SeverityCounts; updated: SeverityCounts };
  rawVideosDeleted: number;
}

export interface NightlyOptions {
  log(line: string): void;
  /** between the two looks at the inbox that tell whether a file is still growing; by default 10 s */
  pauseBetweenLooks?: () => Promise<void>;
}

export async function runNightly(settings: ProcessingSettings, options: NightlyOptions): Promise<NightlyRunSummary> {
  const { log } = options;
  const startedAtMs = Date.now();
  const inboxDir = path.join(settings.dataDir, INBOX_FOLDER);
  const inboxName = (file: string) => path.relative(inboxDir, file);
  const scan = await scanInbox(inboxDir, options.pauseBetweenLooks ?? (() => sleep(SIZE_CHECK_PAUSE_MS)));
  for (const video of scan.arriving) log(`nightly: ${inboxName(video.videoPath)} is still being copied; left for the next run`);
  log(`nightly: ${scan.ready.length} ${scan.ready.length === 1 ? "video" : "videos"} to process in ${inboxDir}`);

  const processing = await processVideos(scan.ready.map((video) => video.videoPath), settings, logLineProgress(log, inboxName));
  for (const outcome of processing.outcomes) log(`nightly: ${inboxName(outcome.file)}: ${describeOutcome(outcome)}`);
  const statusByFile = new Map(processing.outcomes.map((outcome) => [outcome.file, outcome.status]));
  const keptByPipeline = (video: InboxVideo) => {
    const status = statusByFile.get(video.videoPath);
    return status !== undefined && KEPT_STATUSES.has(status);
  };
  const staying = [...scan.arriving, ...scan.ready.filter((video) => !keptByPipeline(video))];
  const tracksStillNeeded = new Set(staying.flatMap((video) => (video.trackPath === null ? [] : [video.trackPath])));
  for (const video of scan.ready.filter(keptByPipeline)) {
    for (const file of await removeFromInbox(video, tracksStillNeeded)) {
      log(`nightly: ${inboxName(file)} changed while it was processed; left for the next run`);
    }
  }

  const summary: NightlyRunSummary = {
    startedAtMs,
    finishedAtMs: Date.now(),
    ...sortOutcomes(processing.outcomes, inboxName),
    arriving: scan.arriving.map((video) => inboxName(video.videoPath)),
    defects: await defectsBySeverity(settings.dataDir, processing.outcomes),
    rawVideosDeleted: processing.rawVideosDeleted,
  };
  log(`nightly: ${describeSummary(summary)}`);
  return summary;
}

function sortOutcomes(outcomes: readonly VideoOutcome[], inboxName: (file: string) => string) {
  const sorted: Pick<NightlyRunSummary, "processed" | "quarantined" | "failed" | "unchanged"> = {
    processed: [],
    quarantined: [],
    failed: [],
    unchanged: [],
  };
  for (const outcome of outcomes) {
    const file = inboxName(outcome.file);
    switch (outcome.status) {
      case "processed":
        sorted.processed.push({ file, defectsCreated: outcome.counts.defectsCreated, defectsUpdated: outcome.counts.defectsUpdated });
        break;
      case "quarantined":
        sorted.quarantined.push({ file, problem: outcome.problem });
        break;
      case "failed":
        sorted.failed.push({ file, problem: outcome.problem });
        break;
      case "unchanged":
        sorted.unchanged.push(file);
        break;
    }
  }
  return sorted;
}

/**
 * Each defect counted once: one that two of the night's videos saw is one defect, and one that a video found and a
 * later video saw again is a new one.
 */
async function defectsBySeverity(dataDir: string, outcomes: readonly VideoOutcome[]): Promise<NightlyRunSummary["defects"]> {
  const storage = await openStorage(dataDir);
  try {
    const created = new Set<number>();
    const updated = new Set<number>();
    for (const outcome of outcomes) {
      if (outcome.status !== "processed") continue;
      const merge = await readStageOutput(storage.jobs, outcome.videoId, "merge");
      for (const id of merge.createdDefectIds) created.add(id);
      for (const id of merge.updatedDefectIds) updated.add(id);
    }
    const count = async (ids: Iterable<number>) => {
      const counts: SeverityCounts = { 3: 0, 2: 0, 1: 0 };
      for (const id of ids) {
        const defect = await storage.defects.get(id);
        if (defect !== null) counts[defect.severity.level] += 1;
      }
      return counts;
    };
    return { created: await count(created), updated: await count([...updated].filter((id) => !created.has(id))) };
  } finally {
    await storage.close();
  }
}

function describeOutcome(outcome: VideoOutcome): string {
  switch (outcome.status) {
    case "processed":
      return `processed: ${outcome.counts.defectsCreated} new defects, ${outcome.counts.defectsUpdated} seen again (video ${outcome.videoId})`;
    case "quarantined":
      return `put in quarantine: ${outcome.problem}`;
    case "failed":
      return `not processed, stays in the inbox: ${outcome.problem}`;
    case "unchanged":
      return outcome.reason;
  }
}

/** "1 processed, 1 quarantined, 0 failed, 0 unchanged, 0 still arriving; defects: 3 new, 1 seen again; 0 raw videos deleted" */
function describeSummary(summary: NightlyRunSummary): string {
  const total = (counts: SeverityCounts) => counts[1] + counts[2] + counts[3];
  return [
    `${summary.processed.length} processed, ${summary.quarantined.length} quarantined, ${summary.failed.length} failed, ` +
      `${summary.unchanged.length} unchanged, ${summary.arriving.length} still arriving`,
    `defects: ${total(summary.defects.created)} new, ${total(summary.defects.updated)} seen again`,
    `${summary.rawVideosDeleted} raw videos deleted`,
  ].join("; ");
}

/** A log line for each video as it starts and each note; a nightly log has no use for frame counts. */
function logLineProgress(log: (line: string) => void, inboxName: (file: string) => string): ProcessingProgress {
  return {
    videoStarted: (file, index, count) => log(`nightly: [${index + 1}/${count}] ${inboxName(file)}`),
    stageStarted: () => undefined,
    framesDetected: () => undefined,
    videoFinished: () => undefined,
    note: (message) => log(`nightly: ${message}`),
  };
}
