/**
 * The inspection policy: how often each road class must be filmed, and where a segment stands against it on a date.
 * Defaults come from the configuration (ROADWATCH_COVERAGE_POLICY); a planner's setting for a class replaces its default.
 */
import { addDays, daysBetween } from "../time/calendar-date.js";

export const COVERAGE_STATUSES = ["ok", "due-soon", "overdue", "never"] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** A segment is due soon from this many days before its next inspection is due until the day it is due. */
export const DUE_SOON_DAYS = 7;

/**
 * A segment counts as inspected on a day when that day's videos filmed at least this share of its length: driving
 * along it, not crossing it or turning in and out at its end, which the map matcher leaves at a few metres.
 */
export const MIN_COVERED_FRACTION = 0.5;

export const MIN_INTERVAL_DAYS = 1;
/** ten years */
export const MAX_INTERVAL_DAYS = 3650;

export type IntervalSource = "config" | "planner";

export interface ClassInterval {
  roadClass: string;
  requiredIntervalDays: number;
  source: IntervalSource;
}

/** Road class → required interval in days. */
export type IntervalDefaults = Readonly<Record<string, number>>;

/** The intervals in force: each configured default unless a planner set the class, by road class. */
export function intervalsInForce(
  defaults: IntervalDefaults,
  plannerIntervals: readonly { roadClass: string; requiredIntervalDays: number }[],
): ClassInterval[] {
  const byClass = new Map<string, ClassInterval>();
  for (const [roadClass, requiredIntervalDays] of Object.entries(defaults)) {
    byClass.set(roadClass, { roadClass, requiredIntervalDays, source: "config" });
  }
  for (const { roadClass, requiredIntervalDays } of plannerIntervals) {
    byClass.set(roadClass, { roadClass, requiredIntervalDays, source: "planner" });
  }
  return [...byClass.values()].sort((a, b) => a.roadClass.localeCompare(b.roadClass, "da"));
}

/** A whole number of days a policy may ask for. */
export function isIntervalDays(days: number): boolean {
  return Number.isInteger(days) && days >= MIN_INTERVAL_DAYS && days <= MAX_INTERVAL_DAYS;
}

/**
 * Where a segment stands on `at` (YYYY-MM-DD), given the last day on or before it that it was inspected:
 * never: not inspected; overdue: more than `requiredIntervalDays` ago; due-soon: due within DUE_SOON_DAYS
 * (the due day included); ok otherwise, and always once inspected when its class has no policy.
 */
export function coverageStatus(lastInspectedOn: string | null, requiredIntervalDays: number | null, at: string): CoverageStatus {
  if (lastInspectedOn === null) return "never";
  if (requiredIntervalDays === null) return "ok";
  const daysLeft = daysBetween(at, addDays(lastInspectedOn, requiredIntervalDays));
  if (daysLeft < 0) return "overdue";
  return daysLeft <= DUE_SOON_DAYS ? "due-soon" : "ok";
}
