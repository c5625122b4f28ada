/** The planner's inspection intervals: which classes the editor lists, and what it accepts as an interval. */
import type { CoverageClassSummary, PolicyInterval } from "./api-types.js";

/** Ten years: a longer interval is a typing slip, not a policy. */
export const MAX_INTERVAL_DAYS = 3650;

export type IntervalValidation = { valid: true; days: number } | { valid: false; reason: "not-a-whole-number" | "out-of-range" };

/** What the planner typed in an interval field: a whole number of days, 1 to MAX_INTERVAL_DAYS. */
export function validateIntervalDays(text: string): IntervalValidation {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { valid: false, reason: "not-a-whole-number" };
  const days = Number(trimmed);
  if (days < 1 || days > MAX_INTERVAL_DAYS) return { valid: false, reason: "out-of-range" };
  return { valid: true, days };
}

/**
 * The policy's classes, then any class of the road network the policy does not name yet (it has no interval, and
 * a planner may give it one), each once, in that order. Lines without a class can have no interval.
 */
export function policyRows(intervals: readonly PolicyInterval[], networkClasses: readonly CoverageClassSummary[]): PolicyInterval[] {
  const named = new Set(intervals.map((interval) => interval.roadClass));
  const unnamed = networkClasses.flatMap(({ roadClass }): PolicyInterval[] =>
    roadClass === null || named.has(roadClass) ? [] : [{ roadClass, requiredIntervalDays: null, source: "config" }],
  );
  return [...intervals, ...unnamed];
}
