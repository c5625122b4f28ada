/**
 * Inspection coverage for planners, as `roadwatch coverage` and the planner's page show it: the stored network and
 * inspections read through the repositories, judged against the policy in force on a given date.
 */
import type { DefectStatus } from "../defects/defect.js";
import type { GeoBounds } from "../geo/bounds.js";
import type { Repositories } from "../storage/database.js";
import type { RoadSegment } from "../storage/road-segment-repository.js";
import { localDate } from "../time/calendar-date.js";
import {
  type ClassCoverage,
  classCoverage,
  type CoverageSegment,
  defectDensity,
  intervalOf,
  type IntervalsByClass,
  type RoadDefects,
  roadLabel,
  segmentStatus,
  timelineWeeks,
  type WeeklyCoverage,
  weeklyCoverage,
} from "./coverage-report.js";
import { type ClassInterval, type CoverageStatus, type IntervalDefaults, intervalsInForce, MIN_COVERED_FRACTION } from "./policy.js";

/** Defects still on the road: what "defects per km" counts. */
export const OUTSTANDING_DEFECT_STATUSES: readonly DefectStatus[] = ["open", "assigned"];

export interface CoverageSettings {
  /** road class → required interval in days (ROADWATCH_COVERAGE_POLICY) */
  defaultIntervals: IntervalDefaults;
  /** the zone whose calendar days drives are dated by, and "today" is read in */
  timeZone: string;
}

export interface CoverageSummary {
  /** YYYY-MM-DD */
  at: string;
  classes: ClassCoverage[];
  weekly: WeeklyCoverage[];
  roads: RoadDefects[];
}

/** A segment with where it stands against the policy. */
export interface SegmentState {
  id: number;
  /** its name, or "#" and its feature id when the network has no names */
  roadName: string;
  roadClass: string | null;
  lengthMeters: number;
  /** YYYY-MM-DD; null: never inspected by then */
  lastInspected: string | null;
  requiredIntervalDays: number | null;
  status: CoverageStatus;
  /** [lon, lat] in WGS84 */
  coordinates: [number, number][];
}

const STATUS_ORDER: Record<CoverageStatus, number> = { never: 0, overdue: 1, "due-soon": 2, ok: 3 };

export class CoverageService {
  constructor(
    private readonly repositories: Pick<Repositories, "roadSegments" | "inspections" | "inspectionPolicy">,
    private readonly settings: CoverageSettings,
  ) {}

  /** Today's date in the municipality's zone. */
  today(nowMs: number = Date.now()): string {
    return localDate(nowMs, this.settings.timeZone);
  }

  /** The intervals in force, by road class. */
  async policy(): Promise<ClassInterval[]> {
    return intervalsInForce(this.settings.defaultIntervals, await this.repositories.inspectionPolicy.list());
  }

  /** A planner sets a class's interval, or with null goes back to the configured default; returns the policy in force. */
  async setInterval(roadClass: string, requiredIntervalDays: number | null): Promise<ClassInterval[]> {
    await this.repositories.inspectionPolicy.set(roadClass, requiredIntervalDays);
    return this.policy();
  }

  async summary(at: string): Promise<CoverageSummary> {
    const { roadSegments, inspections } = this.repositories;
    const [segments, intervals, days, defects] = await Promise.all([
      this.segmentsWithInspections(roadSegments.listSummaries(), at),
      this.intervalsByClass(),
      inspections.inspectedDays({ from: timelineWeeks(at)[0]!, through: at }, MIN_COVERED_FRACTION),
      roadSegments.defectCounts(OUTSTANDING_DEFECT_STATUSES),
    ]);
    const lengths = new Map(segments.map((segment) => [segment.id, segment.lengthMeters]));
    return {
      at,
      classes: classCoverage(segments, intervals, at),
      weekly: weeklyCoverage(days, lengths, at),
      roads: defectDensity(segments, defects),
    };
  }

  /** Segments meeting `bounds` with their state on `at`, by id; at most `limit`. */
  async segments(bounds: GeoBounds, at: string, limit: number): Promise<SegmentState[]> {
    const [segments, intervals] = await Promise.all([
      this.segmentsWithInspections(this.repositories.roadSegments.list(bounds, limit), at),
      this.intervalsByClass(),
    ]);
    return segments.map((segment) => stateOf(segment, intervals, at));
  }

  /**
   * The segments the crews should drive next: those whose class has a policy and that are overdue or were never
   * inspected by `at`; never inspected first, then the longest overdue, by class.
   */
  async needingDrive(at: string): Promise<SegmentState[]> {
    const [segments, intervals] = await Promise.all([
      this.segmentsWithInspections(this.repositories.roadSegments.list(null), at),
      this.intervalsByClass(),
    ]);
    return segments
      .map((segment) => stateOf(segment, intervals, at))
      .filter((state) => state.requiredIntervalDays !== null && (state.status === "overdue" || state.status === "never"))
      .sort(
        (a, b) =>
          (a.roadClass ?? "").localeCompare(b.roadClass ?? "", "da") ||
          STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
          (a.lastInspected ?? "").localeCompare(b.lastInspected ?? "") ||
          a.roadName.localeCompare(b.roadName, "da") ||
          a.id - b.id,
      );
  }

  private async segmentsWithInspections<S extends Omit<CoverageSegment, "lastInspectedOn">>(
    segments: Promise<S[]>,
    at: string,
  ): Promise<(S & CoverageSegment)[]> {
    const [list, last] = await Promise.all([
      segments,
      this.repositories.inspections.lastInspected({ from: null, through: at }, MIN_COVERED_FRACTION),
    ]);
    return list.map((segment) => ({ ...segment, lastInspectedOn: last.get(segment.id) ?? null }));
  }

  private async intervalsByClass(): Promise<IntervalsByClass> {
    return new Map((await this.policy()).map((interval) => [interval.roadClass, interval.requiredIntervalDays]));
  }
}

function stateOf(segment: RoadSegment & CoverageSegment, intervals: IntervalsByClass, at: string): SegmentState {
  return {
    id: segment.id,
    roadName: roadLabel(segment),
    roadClass: segment.roadClass,
    lengthMeters: segment.lengthMeters,
    lastInspected: segment.lastInspectedOn,
    requiredIntervalDays: intervalOf(segment, intervals),
    status: segmentStatus(segment, intervals, at),
    coordinates: segment.coordinates,
  };
}
