import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import type { Config } from "../config.js";
import { coverageCsv } from "../coverage/coverage-csv.js";
import type { ClassCoverage } from "../coverage/coverage-report.js";
import { type CoverageSettings, CoverageService, type SegmentState } from "../coverage/coverage-service.js";
import { openStorage } from "../storage/database.js";
import { daysBetween, isCalendarDate } from "../time/calendar-date.js";
import { type CommandOutput, processOutput } from "./command-output.js";

export type CoverageFormat = "text" | "json" | "csv";

export interface CoverageRequest {
  dataDir: string;
  /** YYYY-MM-DD; null: today in the configured time zone */
  at: string | null;
  format: CoverageFormat;
}

/** `roadwatch coverage`: the planner's per-class summary and the segments to drive next. */
export function coverageCommand(config: Config): Command {
  return new Command("coverage")
    .description("How much of each road class was inspected within its required interval, and which segments are overdue")
    .option("--data <dir>", "data directory", config.dataDir)
    .option("--at <YYYY-MM-DD>", "the day to judge on (default: today)", calendarDate)
    .option("--json", "print JSON: the summary as GET /api/coverage gives it, and the overdue segments")
    .option("--csv", "print CSV as GET /api/coverage.csv gives it")
    .addHelpText(
      "after",
      [
        "",
        "Required intervals per road class come from ROADWATCH_COVERAGE_POLICY and from what planners set on the page.",
        "A segment is inspected on a day when that day's videos filmed at least half its length. Overdue segments are",
        "those of a class with a policy that were last inspected longer ago than its interval, or never.",
      ].join("\n"),
    )
    .action(async (options: { data: string; at?: string; json?: boolean; csv?: boolean }) => {
      if (options.json === true && options.csv === true) throw new InvalidArgumentError("give --json or --csv, not both");
      const format: CoverageFormat = options.json === true ? "json" : options.csv === true ? "csv" : "text";
      const request = { dataDir: path.resolve(options.data), at: options.at ?? null, format };
      process.exitCode = await runCoverageCommand(request, { defaultIntervals: config.coveragePolicy, timeZone: config.defaultTimeZone }, processOutput);
    });
}

/** Exit code 1 when no road network has been imported. */
export async function runCoverageCommand(request: CoverageRequest, settings: CoverageSettings, output: CommandOutput): Promise<number> {
  const storage = await openStorage(request.dataDir);
  try {
    if ((await storage.roadSegments.count()) === 0) {
      output.stderr(`no road network in ${request.dataDir}: import one with roadwatch roads import FILE\n`);
      return 1;
    }
    const coverage = new CoverageService(storage, settings);
    const at = request.at ?? coverage.today();
    const [summary, overdue] = await Promise.all([coverage.summary(at), coverage.needingDrive(at)]);
    if (request.format === "csv") output.stdout(coverageCsv(at, summary.classes, overdue));
    else if (request.format === "json") {
      const overdueSegments = overdue.map(({ coordinates: _coordinates, ...segment }) => segment);
      output.stdout(`${JSON.stringify({ ...summary, overdue: overdueSegments }, null, 2)}\n`);
    } else output.stdout(coverageText(at, summary.classes, overdue));
    return 0;
  } finally {
    await storage.close();
  }
}

function coverageText(at: string, classes: readonly ClassCoverage[], overdue: readonly SegmentState[]): string {
  const table = [
    ["road class", "interval", "km", "within km", "within %", "due soon km", "overdue km", "never km"],
    ...classes.map((row) => [
      row.roadClass ?? "(no class)",
      row.requiredIntervalDays === null ? "-" : `${row.requiredIntervalDays} d`,
      row.lengthKm.toFixed(1),
      row.withinPolicyKm.toFixed(1),
      row.withinPolicyPercent.toFixed(1),
      row.dueSoonKm.toFixed(1),
      row.overdueKm.toFixed(1),
      row.neverKm.toFixed(1),
    ]),
  ];
  const overdueKm = overdue.reduce((total, segment) => total + segment.lengthMeters, 0) / 1000;
  const segmentLines = overdue.map((segment) =>
    [
      segment.id,
      segment.roadName,
      segment.roadClass ?? "(no class)",
      segment.lastInspected === null ? "never inspected" : `last ${segment.lastInspected} (${daysBetween(segment.lastInspected, at)} d ago)`,
      `${Math.round(segment.lengthMeters)} m`,
    ].join("\t"),
  );
  return [
    `Inspection coverage on ${at}`,
    ...alignColumns(table),
    "",
    `${overdue.length} segments to drive (${overdueKm.toFixed(1)} km): overdue or never inspected`,
    ...segmentLines,
    "",
  ].join("\n");
}

/** The first column left-aligned, the rest right-aligned, two spaces apart. */
function alignColumns(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  "));
}

function calendarDate(value: string): string {
  if (!isCalendarDate(value)) throw new InvalidArgumentError("expected a date as YYYY-MM-DD");
  return value;
}
