/** The planner's coverage in words and tables: the overdue line, the table per road class, defects per km by road. */
import type { CoverageClassSummary, RoadDefectDensity } from "./api-types.js";
import type { CoverageTotals } from "./coverage-totals.js";
import { dataTable } from "./data-table.js";
import { formatKilometers, formatNumber, formatPercent, t } from "./i18n.js";

/** Shown where a class has no interval: a share of nothing required means nothing. */
const NOT_APPLICABLE = "–";

export function overdueSummaryText(totals: CoverageTotals): string {
  if (totals.overduePercent === null) return t("coverage.noPolicySummary");
  return t("coverage.overdueSummary", {
    overdue: formatKilometers(totals.overdueKm),
    total: formatKilometers(totals.withPolicyKm),
    percent: formatPercent(totals.overduePercent),
  });
}

export function classTable(classes: readonly CoverageClassSummary[], totals: CoverageTotals): HTMLTableElement {
  const columns = [
    { label: t("coverage.roadClass") },
    { label: t("coverage.interval"), numeric: true },
    { label: t("coverage.length"), numeric: true },
    { label: t("coverage.withinPolicy"), numeric: true },
    { label: t("coverage.status.overdue"), numeric: true },
    { label: t("coverage.status.due-soon"), numeric: true },
    { label: t("coverage.status.never"), numeric: true },
  ];
  const rows = classes.map((summary) => {
    const days = summary.requiredIntervalDays;
    const hasInterval = days !== null;
    return [
      roadClassName(summary.roadClass),
      hasInterval ? t("coverage.intervalDays", { days }) : t("coverage.noInterval"),
      formatKilometers(summary.lengthKm),
      hasInterval ? formatPercent(summary.withinPolicyPercent) : NOT_APPLICABLE,
      hasInterval ? formatKilometers(summary.overdueKm) : NOT_APPLICABLE,
      hasInterval ? formatKilometers(summary.dueSoonKm) : NOT_APPLICABLE,
      formatKilometers(summary.neverKm),
    ];
  });
  const footer = [
    t("coverage.total"),
    "",
    formatKilometers(totals.lengthKm),
    totals.withinPolicyPercent === null ? NOT_APPLICABLE : formatPercent(totals.withinPolicyPercent),
    formatKilometers(totals.overdueKm),
    formatKilometers(totals.dueSoonKm),
    formatKilometers(totals.neverKm),
  ];
  return dataTable(columns, rows, footer);
}

/** In the server's order: the most defects per km first. */
export function roadTable(roads: readonly RoadDefectDensity[]): HTMLTableElement {
  const columns = [
    { label: t("coverage.road") },
    { label: t("coverage.roadClass") },
    { label: t("coverage.length"), numeric: true },
    { label: t("coverage.defects"), numeric: true },
    { label: t("coverage.defectsPerKm"), numeric: true },
  ];
  const rows = roads.map((road) => [
    road.roadName,
    roadClassName(road.roadClass),
    formatKilometers(road.lengthKm),
    formatNumber(road.defects),
    formatNumber(road.defectsPerKm, 1),
  ]);
  return dataTable(columns, rows);
}

/** Lines the network file gave no class are still roads. */
export function roadClassName(roadClass: string | null): string {
  return roadClass ?? t("coverage.noClass");
}
