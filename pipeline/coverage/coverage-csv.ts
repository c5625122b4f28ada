/**
 * The coverage report as one CSV file for a spreadsheet: the per-class summary, an empty line, then the segments
 * needing a drive, each with its middle point so it can be found on a map. Comma-separated like the defect export.
 */
import { csvLine } from "../csv.js";
import { daysBetween } from "../time/calendar-date.js";
import type { ClassCoverage } from "./coverage-report.js";
import type { SegmentState } from "./coverage-service.js";

const CLASS_COLUMNS = [
  "road_class",
  "required_interval_days",
  "length_km",
  "within_policy_km",
  "within_policy_percent",
  "due_soon_km",
  "overdue_km",
  "never_km",
] as const;

const SEGMENT_COLUMNS = [
  "segment_id",
  "road_name",
  "road_class",
  "status",
  "last_inspected",
  "days_since_inspection",
  "required_interval_days",
  "length_m",
  "lon",
  "lat",
] as const;

export function coverageCsv(at: string, classes: readonly ClassCoverage[], needingDrive: readonly SegmentState[]): string {
  const summary = classes.map((row) =>
    csvLine([
      row.roadClass,
      row.requiredIntervalDays,
      row.lengthKm,
      row.withinPolicyKm,
      row.withinPolicyPercent,
      row.dueSoonKm,
      row.overdueKm,
      row.neverKm,
    ]),
  );
  const segments = needingDrive.map((segment) => {
    const [lon, lat] = halfway(segment.coordinates);
    return csvLine([
      segment.id,
      segment.roadName,
      segment.roadClass,
      segment.status,
      segment.lastInspected,
      segment.lastInspected === null ? null : daysBetween(segment.lastInspected, at),
      segment.requiredIntervalDays,
      Math.round(segment.lengthMeters),
      lon,
      lat,
    ]);
  });
  return [csvLine(CLASS_COLUMNS), ...summary, "\r\n", csvLine(SEGMENT_COLUMNS), ...segments].join("");
}

/** The point halfway along the line: on the road, where the middle of a bend's bounding box is not. */
function halfway(coordinates: readonly [number, number][]): [number, number] {
  // over a segment's length, degrees of longitude shrink by the cosine of the latitude and nothing else matters
  const lonScale = Math.cos((coordinates[0]![1] * Math.PI) / 180);
  const edges = coordinates.slice(1).map(([lon, lat], i) => Math.hypot((lon - coordinates[i]![0]) * lonScale, lat - coordinates[i]![1]));
  let remaining = edges.reduce((total, edge) => total + edge, 0) / 2;
  for (const [i, edge] of edges.entries()) {
    if (remaining <= edge && edge > 0) {
      const [lon1, lat1] = coordinates[i]!;
      const [lon2, lat2] = coordinates[i + 1]!;
      const fraction = remaining / edge;
      return [round7(lon1 + (lon2 - lon1) * fraction), round7(lat1 + (lat2 - lat1) * fraction)];
    }
    remaining -= edge;
  }
  return coordinates[0]!;
}

function round7(degrees: number): number {
  return Math.round(degrees * 1e7) / 1e7;
}
