/** A small line chart of a defect's width over its sightings: does it grow between drives? */
import { chartAxes, chartLabel, valueAxisLabels } from "./chart-parts.js";
import { type ChartFrame, chartY, plotWidth } from "./chart-scale.js";
import { svgElement } from "./dom.js";
import { formatDate, formatMeters, t } from "./i18n.js";

export interface WidthSample {
  timeMs: number;
  widthMeters: number;
}

const FRAME: ChartFrame = { width: 300, height: 120, padding: { left: 44, right: 10, top: 10, bottom: 24 } };

/** Null when fewer than two sightings have a width: one point shows no trend, and the table beside lists it anyway. */
export function growthChart(samples: readonly WidthSample[]): SVGSVGElement | null {
  if (samples.length < 2) return null;
  const sorted = [...samples].sort((a, b) => a.timeMs - b.timeMs);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const spanMs = Math.max(last.timeMs - first.timeMs, 1);
  const maxWidth = Math.max(...sorted.map((sample) => sample.widthMeters), 0.01);
  const { width, height, padding } = FRAME;
  const x = (timeMs: number) => padding.left + ((timeMs - first.timeMs) / spanMs) * plotWidth(FRAME);
  const y = (widthMeters: number) => chartY(FRAME, widthMeters, maxWidth);
  const points = sorted.map((sample) => `${x(sample.timeMs).toFixed(1)},${y(sample.widthMeters).toFixed(1)}`).join(" ");
  return svgElement(
    "svg",
    {
      class: "growth-chart",
      viewBox: `0 0 ${width} ${height}`,
      role: "img",
      "aria-label": `${t("details.growth")}: ${formatMeters(first.widthMeters)} → ${formatMeters(last.widthMeters)}`,
    },
    [
      ...chartAxes(FRAME),
      ...valueAxisLabels(FRAME, formatMeters(maxWidth)),
      chartLabel(formatDate(first.timeMs), { x: padding.left, y: height - 6, "text-anchor": "start" }),
      chartLabel(formatDate(last.timeMs), { x: width - padding.right, y: height - 6, "text-anchor": "end" }),
      svgElement("polyline", { class: "chart-line", points }),
      ...sorted.map(({ timeMs, widthMeters }) => svgElement("circle", { class: "chart-point", cx: x(timeMs), cy: y(widthMeters), r: 3 })),
    ],
  );
}
