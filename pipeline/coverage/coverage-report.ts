/**
 * The planner's figures, from the segments, when each was last inspected and the policy: per road class how much is
 * within policy, due soon, overdue or never inspected; how much was inspected each week; and the roads with the most
 * outstanding defects per kilometre. Lengths are reported in km to the metre, shares to a tenth of a percent.
 */
import { addDays, mondayOf } from "../time/calendar-date.js";
import { type CoverageStatus, coverageStatus } from "./policy.js";

export interface CoverageSegment {
  id: number;
  sourceId: number;
  roadClass: string | null;
  roadName: string | null;
  lengthMeters: number;
  /** YYYY-MM-DD of the last inspection on or before the report's date; null: none */
  lastInspectedOn: string | null;
}

export interface ClassCoverage {
  /** null: lines without a class in the imported file */
  roadClass: string | null;
  /** null: no policy for the class */
  requiredIntervalDays: number | null;
  lengthKm: number;
  /** ok and due soon */
  withinPolicyKm: number;
  withinPolicyPercent: number;
  dueSoonKm: number;
  overdueKm: number;
  neverKm: number;
}

export interface WeeklyCoverage {
  /** YYYY-MM-DD, a Monday */
  weekStart: string;
  /** length of the distinct segments inspected that week */
  inspectedKm: number;
}

export interface RoadDefects {
  roadName: string;
  roadClass: string | null;
  lengthKm: number;
  defects: number;
  defectsPerKm: number;
}

export const TIMELINE_WEEKS = 12;
/** Shorter roads would top the list with a single defect on a 20 m stub. */
export const MIN_ROAD_LENGTH_KM = 0.1;
export const MAX_ROADS = 50;

/** Road class → required interval in days; a class missing here has no policy. */
export type IntervalsByClass = ReadonlyMap<string, number>;

/** A segment's policy interval, or null when its class has none. */
export function intervalOf(segment: Pick<CoverageSegment, "roadClass">, intervals: IntervalsByClass): number | null {
  return segment.roadClass === null ? null : (intervals.get(segment.roadClass) ?? null);
}

export function segmentStatus(segment: CoverageSegment, intervals: IntervalsByClass, at: string): CoverageStatus {
  return coverageStatus(segment.lastInspectedOn, intervalOf(segment, intervals), at);
}

/**
 * What a road is called in reports: its name, or "#" and its feature id in the imported file when the network has
 * no names (as Faxe's road-authority layer has not).
 */
export function roadLabel(segment: Pick<CoverageSegment, "roadName" | "sourceId">): string {
  return segment.roadName ?? `#${segment.sourceId}`;
}

/** One row per road class, by class name (unclassified last). */
export function classCoverage(segments: readonly CoverageSegment[], intervals: IntervalsByClass, at: string): ClassCoverage[] {
  const byClass = new Map<string | null, Record<CoverageStatus, number>>();
  for (const segment of segments) {
    let meters = byClass.get(segment.roadClass);
    if (meters === undefined) {
      meters = { ok: 0, "due-soon": 0, overdue: 0, never: 0 };
      byClass.set(segment.roadClass, meters);
    }
    meters[segmentStatus(segment, intervals, at)] += segment.lengthMeters;
  }
  return [...byClass]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, "da")))
    .map(([roadClass, meters]) => {
      const totalMeters = meters.ok + meters["due-soon"] + meters.overdue + meters.never;
      const withinMeters = meters.ok + meters["due-soon"];
      return {
        roadClass,
        requiredIntervalDays: intervalOf({ roadClass }, intervals),
        lengthKm: km(totalMeters),
        withinPolicyKm: km(withinMeters),
        withinPolicyPercent: totalMeters === 0 ? 0 : Math.round((withinMeters / totalMeters) * 1000) / 10,
        dueSoonKm: km(meters["due-soon"]),
        overdueKm: km(meters.overdue),
        neverKm: km(meters.never),
      };
    });
}

/** The Mondays of the TIMELINE_WEEKS weeks up to and including the one holding `at`, oldest first. */
export function timelineWeeks(at: string): string[] {
  const lastMonday = mondayOf(at);
  return Array.from({ length: TIMELINE_WEEKS }, (_, i) => addDays(lastMonday, -7 * (TIMELINE_WEEKS - 1 - i)));
}

/** Kilometres of distinct segments inspected in each timeline week; days after `at` are not counted. */
export function weeklyCoverage(
  inspectedDays: readonly { segmentId: number; inspectedOn: string }[],
  lengthMetersById: ReadonlyMap<number, number>,
  at: string,
): WeeklyCoverage[] {
  const weeks = timelineWeeks(at);
  const segmentsByWeek = new Map(weeks.map((week) => [week, new Set<number>()]));
  for (const { segmentId, inspectedOn } of inspectedDays) {
    if (inspectedOn > at) continue;
    segmentsByWeek.get(mondayOf(inspectedOn))?.add(segmentId);
  }
  return weeks.map((weekStart) => {
    let meters = 0;
    for (const id of segmentsByWeek.get(weekStart)!) meters += lengthMetersById.get(id) ?? 0;
    return { weekStart, inspectedKm: km(meters) };
  });
}

/**
 * Roads with outstanding defects, most per km first, at most MAX_ROADS of them; roads shorter than MIN_ROAD_LENGTH_KM
 * are left out. A road is the segments sharing a label (roadLabel) and a class.
 */
export function defectDensity(segments: readonly CoverageSegment[], defectsBySegment: ReadonlyMap<number, number>): RoadDefects[] {
  const roads = new Map<string, { roadName: string; roadClass: string | null; meters: number; defects: number }>();
  for (const segment of segments) {
    const roadName = roadLabel(segment);
    const key = JSON.stringify([roadName, segment.roadClass]);
    let road = roads.get(key);
    if (road === undefined) {
      road = { roadName, roadClass: segment.roadClass, meters: 0, defects: 0 };
      roads.set(key, road);
    }
    road.meters += segment.lengthMeters;
    road.defects += defectsBySegment.get(segment.id) ?? 0;
  }
  return [...roads.values()]
    .filter((road) => road.defects > 0 && road.meters >= MIN_ROAD_LENGTH_KM * 1000)
    .map((road) => ({ ...road, perKm: road.defects / (road.meters / 1000) }))
    .sort((a, b) => b.perKm - a.perKm || b.defects - a.defects || a.roadName.localeCompare(b.roadName, "da"))
    .slice(0, MAX_ROADS)
    .map(({ roadName, roadClass, meters, defects, perKm }) => ({
      roadName,
      roadClass,
      lengthKm: km(meters),
      defects,
      defectsPerKm: Math.round(perKm * 100) / 100,
    }));
}

function km(meters: number): number {
  return Math.round(meters) / 1000;
}
