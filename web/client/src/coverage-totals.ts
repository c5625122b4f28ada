/** The municipality's coverage summed over road classes, as the planner's summary line and table footer show it. */
import type { CoverageClassSummary } from "./api-types.js";

export interface CoverageTotals {
  lengthKm: number;
  /** the length of the classes that have a required interval: what "within policy" and "overdue" are shares of */
  withPolicyKm: number;
  withinPolicyKm: number;
  dueSoonKm: number;
  overdueKm: number;
  neverKm: number;
  /** 0–100 of withPolicyKm; null when no class has an interval */
  withinPolicyPercent: number | null;
  overduePercent: number | null;
}

export function coverageTotals(classes: readonly CoverageClassSummary[]): CoverageTotals {
  const sum = (pick: (summary: CoverageClassSummary) => number, among = classes) =>
    among.reduce((total, summary) => total + pick(summary), 0);
  const withPolicy = classes.filter((summary) => summary.requiredIntervalDays !== null);
  const withPolicyKm = sum((summary) => summary.lengthKm, withPolicy);
  const withinPolicyKm = sum((summary) => summary.withinPolicyKm, withPolicy);
  const overdueKm = sum((summary) => summary.overdueKm, withPolicy);
  const share = (km: number) => (withPolicyKm > 0 ? (km / withPolicyKm) * 100 : null);
  return {
    lengthKm: sum((summary) => summary.lengthKm),
    withPolicyKm,
    withinPolicyKm,
    dueSoonKm: sum((summary) => summary.dueSoonKm, withPolicy),
    overdueKm,
    neverKm: sum((summary) => summary.neverKm),
    withinPolicyPercent: share(withinPolicyKm),
    overduePercent: share(overdueKm),
  };
}
