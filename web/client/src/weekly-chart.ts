/** Kilometres inspected per week as a small bar chart, labelled by ISO week number as Danish planners count weeks. */
import type { WeeklyInspection } from "./api-types.js";
import { isoWeekNumber } from "./calendar-day.js";
import { chartAxes, chartLabel, valueAxisLabels } from "./chart-parts.js";
import { type ChartFrame, chartY, niceCeiling, plotWidth } from "./chart-scale.js";
import { svgElement } from "./dom.js";
import { formatDay, formatKilometers, t } from "./i18n.js";

const FRAME: ChartFrame = { width: 360, height: 150, padding: { left: 52, right: 8, top: 10, bottom: 26 } };
/** the share of its slot a bar fills; the rest is the gap to the next */
const BAR_FILL = 0.7;

export function weeklyChart(weeks: readonly WeeklyInspection[]): SVGSVGElement {
  const { height, padding } = FRAME;
  const maximum = niceCeiling(Math.max(0, ...weeks.map((week) => week.inspectedKm)));
  const slot = plotWidth(FRAME) / Math.max(weeks.length, 1);
  const baseline = chartY(FRAME, 0, maximum);
  const bars = weeks.flatMap((week, index) => {
    const weekNumber = isoWeekNumber(week.weekStart);
    const top = chartY(FRAME, week.inspectedKm, maximum);
    const x = padding.left + index * slot + (slot * (1 - BAR_FILL)) / 2;
    const title = svgElement("title", {});
    title.textContent = t("coverage.weekBar", { week: weekNumber, date: formatDay(week.weekStart), km: formatKilometers(week.inspectedKm) });
    return [
      svgElement("rect", { class: "chart-bar", x, y: top, width: slot * BAR_FILL, height: baseline - top }, [title]),
      chartLabel(String(weekNumber), { x: x + (slot * BAR_FILL) / 2, y: height - 10, "text-anchor": "middle" }),
    ];
  });
  return svgElement("svg", { class: "weekly-chart", viewBox: `0 0 ${FRAME.width} ${height}`, role: "img", "aria-label": chartSummary(weeks) }, [
    ...bars,
    ...chartAxes(FRAME),
    ...valueAxisLabels(FRAME, formatKilometers(maximum)),
    chartLabel(t("coverage.weekAxis"), { x: padding.left - 4, y: height - 10, "text-anchor": "end" }),
  ]);
}

/** What the chart shows, for those who cannot see it. */
function chartSummary(weeks: readonly WeeklyInspection[]): string {
  const total = weeks.reduce((sum, week) => sum + week.inspectedKm, 0);
  const most = weeks.reduce<WeeklyInspection | null>((best, week) => (best === null || week.inspectedKm > best.inspectedKm ? week : best), null);
  if (most === null) return t("coverage.weeklyHeading");
  return t("coverage.weeklyLabel", {
    weeks: weeks.length,
    total: formatKilometers(total),
    most: formatKilometers(most.inspectedKm),
    week: isoWeekNumber(most.weekStart),
  });
}
