import path from "node:path";
import { Command } from "commander";
import type { Config } from "../config.js";
import {
  type ProcessingSettings,
  type ProcessingSummary,
  processingSettings,
  processVideos,
  type VideoOutcome,
} from "../processing/processing-service.js";
import { describeFrames, type ProcessingProgress, ProgressTracker, progressLines } from "../processing/progress.js";
import { QUARANTINE_FOLDER, VIDEO_EXTENSIONS } from "../processing/uploads.js";
import type { JobStage } from "../storage/schema.js";
import { type CommandOutput, processOutput } from "./command-output.js";

const DEFAULT_COLUMNS = 80;

export interface ProcessCommandOptions {
  json: boolean;
  /** "bar": two lines redrawn in place, for a terminal; "lines": a log line per step, for logs and pipes */
  progress: "bar" | "lines";
  /** terminal width for the bar */
  columns?: number;
}

export function processCommand(config: Config): Command {
  return new Command("process")
    .description("Run the nightly pipeline now: find road damage in vehicle videos, place it on the map and merge it into defects.")
    .argument("<paths...>", `video files (${VIDEO_EXTENSIONS.join(" ")}), or folders holding them`)
    .option("--data <dir>", "data directory: database, media store and quarantine", config.dataDir)
    .option("--device <id>", "the phone or dashcam that recorded the videos: stored with them, and its camera profile (ROADWATCH_CAMERAS) is used")
    .option("--json", "print the summary as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Each video's GPS comes from a track file beside it (VIDEO.gpx, .nmea or .csv), else from its GoPro or CAMM",
        "telemetry. Videos are known by their content: a file processed before is not processed again, and a run",
        "that was stopped carries on where it stopped. A video that cannot be processed is set aside under",
        `<data>/${QUARANTINE_FOLDER}/ with the reason, the other videos go on, and the exit code is 1.`,
        "",
        "The --json summary looks like:",
        '  {"videos":2,"frames":480,"detections":31,"defects":{"created":4,"updated":2},',
        '   "privacy":{"enabled":true,"facesBlurred":3,"platesBlurred":5,"damageBlurred":1},',
        '   "errors":[{"file":"c.mp4","problem":"..."}],"quarantined":1,"unchanged":[],"rawVideosDeleted":0}',
        "",
        "Faces and number plates are blurred in every frame before it is stored (ROADWATCH_PRIVACY_ENABLED, see",
        "PRIVACY.md); damageBlurred counts damage boxes the blurring covered, which it never spares.",
      ].join("\n"),
    )
    .action(async (paths: string[], options: { data: string; device?: string; json?: boolean }) => {
      const settings = processingSettings(config, path.resolve(options.data), options.device ?? null);
      const display: ProcessCommandOptions = {
        json: options.json === true,
        progress: process.stderr.isTTY ? "bar" : "lines",
        columns: process.stderr.columns,
      };
      process.exitCode = await runProcessCommand(paths, settings, display, processOutput);
    });
}

/** Returns the exit code: 1 when any video failed. Progress goes to stderr, the summary to stdout. */
export async function runProcessCommand(
  paths: readonly string[],
  settings: ProcessingSettings,
  options: ProcessCommandOptions,
  output: CommandOutput,
): Promise<number> {
  // a terminal that does not tell its width reports 0
  const columns = options.columns || DEFAULT_COLUMNS;
  const progress = options.progress === "bar" ? new TerminalProgress(output, columns) : new LogLineProgress(output);
  let summary: ProcessingSummary;
  try {
    summary = await processVideos(paths, settings, progress);
  } finally {
    progress.close();
  }
  const errors = summaryErrors(summary.outcomes);
  output.stdout(options.json ? `${JSON.stringify(toJson(summary, errors), null, 2)}\n` : summaryText(summary));
  for (const { file, problem } of errors) output.stderr(`${file}: ${problem}\n`);
  return errors.length > 0 ? 1 : 0;
}

function summaryErrors(outcomes: readonly VideoOutcome[]): Array<{ file: string; problem: string }> {
  return outcomes.flatMap((outcome) =>
    outcome.status === "failed" || outcome.status === "quarantined" ? [{ file: outcome.file, problem: outcome.problem }] : [],
  );
}

function toJson(summary: ProcessingSummary, errors: ReturnType<typeof summaryErrors>) {
  const { counts, outcomes } = summary;
  return {
    videos: outcomes.filter((outcome) => outcome.status === "processed").length,
    frames: counts.frames,
    detections: counts.detections,
    defects: { created: counts.defectsCreated, updated: counts.defectsUpdated },
    privacy: {
      enabled: summary.privacyEnabled,
      facesBlurred: counts.facesBlurred,
      platesBlurred: counts.platesBlurred,
      damageBlurred: counts.damageBlurred,
    },
    errors,
    quarantined: outcomes.filter((outcome) => outcome.status === "quarantined").length,
    unchanged: outcomes.flatMap((outcome) => (outcome.status === "unchanged" ? [{ file: outcome.file, reason: outcome.reason }] : [])),
    rawVideosDeleted: summary.rawVideosDeleted,
  };
}

function summaryText(summary: ProcessingSummary): string {
  const lines: string[] = [];
  for (const outcome of summary.outcomes) {
    if (outcome.status === "processed") {
      lines.push(`${outcome.file}: ${describeCounts(outcome.counts)} (video ${outcome.videoId})`);
      lines.push(...outcome.warnings.map((warning) => `  warning: ${warning}`));
    } else if (outcome.status === "unchanged") {
      lines.push(`${outcome.file}: ${outcome.reason}`);
    }
  }
  const processed = summary.outcomes.filter((outcome) => outcome.status === "processed").length;
  const quarantined = summary.outcomes.filter((outcome) => outcome.status === "quarantined").length;
  lines.push(
    `${processed} of ${summary.outcomes.length} videos processed: ${describeCounts(summary.counts)}` +
      (quarantined > 0 ? `; ${quarantined} put in quarantine` : ""),
  );
  lines.push(describePrivacy(summary));
  return `${lines.join("\n")}\n`;
}

/** "privacy: blurred in the kept frames: faces 3, number plates 5 (2 damage boxes partly covered)" */
function describePrivacy({ privacyEnabled, counts }: ProcessingSummary): string {
  if (!privacyEnabled) return "privacy: OFF (ROADWATCH_PRIVACY_ENABLED=false): faces and number plates were stored unblurred";
  const covered = counts.damageBlurred > 0 ? ` (${counts.damageBlurred} damage boxes partly covered)` : "";
  return `privacy: blurred in the kept frames: faces ${counts.facesBlurred}, number plates ${counts.platesBlurred}${covered}`;
}

/** "480 frames, 31 detections, 4 new defects, 2 defects seen again" */
function describeCounts(counts: ProcessingSummary["counts"]): string {
  const defects = `${counts.defectsCreated} new defects, ${counts.defectsUpdated} defects seen again`;
  return `${counts.frames} frames, ${counts.detections} detections, ${defects}`;
}

interface ProgressDisplay extends ProcessingProgress {
  close(): void;
}

/** Two lines on a terminal, redrawn in place at most a few times a second. */
class TerminalProgress implements ProgressDisplay {
  private static readonly REDRAW_INTERVAL_MS = 200;
  private static readonly BAR_WIDTH = 20;
  private readonly tracker = new ProgressTracker(Date.now());
  private drawnLines = 0;
  private drawnAtMs = 0;

  constructor(
    private readonly output: CommandOutput,
    private readonly columns: number,
  ) {}

  videoStarted(file: string, index: number, count: number): void {
    this.tracker.videoStarted(file, index, count);
    this.draw();
  }

  stageStarted(stage: JobStage): void {
    this.tracker.stageStarted(stage);
    this.draw();
  }

  framesDetected(done: number, total: number): void {
    const nowMs = Date.now();
    this.tracker.framesDetected(done, total, nowMs);
    if (done === total || nowMs - this.drawnAtMs >= TerminalProgress.REDRAW_INTERVAL_MS) this.draw();
  }

  videoFinished(): void {
    this.tracker.videoFinished();
    this.draw();
  }

  note(message: string): void {
    this.erase();
    this.output.stderr(`${message}\n`);
    this.draw();
  }

  close(): void {
    this.erase();
  }

  private draw(): void {
    this.erase();
    this.drawnAtMs = Date.now();
    const lines = progressLines(this.tracker.snapshot(this.drawnAtMs), TerminalProgress.BAR_WIDTH);
    // a line that wraps would leave half of itself behind when erased
    this.output.stderr(lines.map((line) => `${line.slice(0, this.columns - 1)}\n`).join(""));
    this.drawnLines = lines.length;
  }

  private erase(): void {
    // cursor up one line, clear it; once per drawn line
    this.output.stderr("\x1b[1A\x1b[2K".repeat(this.drawnLines));
    this.drawnLines = 0;
  }
}

/** A log line when a video or stage starts and every tenth of the detect stage. */
class LogLineProgress implements ProgressDisplay {
  private static readonly STEPS = 10;
  private readonly tracker = new ProgressTracker(Date.now());
  private prefix = "";
  private loggedStep = -1;

  constructor(private readonly output: CommandOutput) {}

  videoStarted(file: string, index: number, count: number): void {
    this.tracker.videoStarted(file, index, count);
    this.prefix = `[${index + 1}/${count}] ${file}`;
  }

  stageStarted(stage: JobStage): void {
    this.tracker.stageStarted(stage);
    this.loggedStep = -1;
    this.output.stderr(`${this.prefix}: ${stage}\n`);
  }

  framesDetected(done: number, total: number): void {
    const nowMs = Date.now();
    this.tracker.framesDetected(done, total, nowMs);
    const step = Math.floor((done / total) * LogLineProgress.STEPS);
    if (step <= this.loggedStep) return;
    this.loggedStep = step;
    this.output.stderr(`${this.prefix}: detect ${describeFrames(this.tracker.snapshot(nowMs))}\n`);
  }

  videoFinished(): void {
    this.tracker.videoFinished();
  }

  note(message: string): void {
    this.output.stderr(`${message}\n`);
  }

  close(): void {}
}
