/** A small line chart of a defect's width over its sightings: does it grow between drives? */
import { svgElement } from "./dom.js";
import { formatDate, formatMeters, t } from "./i18n.js";

export interface WidthSample {
  timeMs: number;
  widthMeters: number;
}

const WIDTH = 300;
const HEIGHT = 120;
const PADDING = { left: 44, right: 10, top: 10, bottom: 24 };

/** Null when fewer than two sightings have a width: one point shows no trend, and the table beside lists it anyway. */
export function growthChart(samples: readonly WidthSample[]): SVGSVGElement | null {
  if (samples.length < 2) return null;
  const sorted = [...samples].sort((a, b) => a.timeMs - b.timeMs);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const spanMs = Math.max(last.timeMs - first.timeMs, 1);
  const maxWidth = Math.max(...sorted.map((sample) => sample.widthMeters), 0.01);
  const plotWidth = WIDTH - PADDING.left - PADDING.right;
  const plotHeight = HEIGHT - PADDING.top - PADDING.bottom;
  const x = (timeMs: number) => PADDING.left + ((timeMs - first.timeMs) / spanMs) * plotWidth;
  const y = (widthMeters: number) => PADDING.top + (1 - widthMeters / maxWidth) * plotHeight;
  const points = sorted.map((sample) => `${x(sample.timeMs).toFixed(1)},${y(sample.widthMeters).toFixed(1)}`).join(" ");
  const baseline = PADDING.top + plotHeight;
  const label = (text: string, attributes: Record<string, string | number>) => {
    const node = svgElement("text", { class: "chart-label", ...attributes });
    node.textContent = text;
    return node;
  };
  return svgElement(
    "svg",
    {
      class: "growth-chart",
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: "img",
      "aria-label": `${t("details.growth")}: ${formatMeters(first.widthMeters)} → ${formatMeters(last.widthMeters)}`,
    },
    [
      svgElement("line", { class: "chart-axis", x1: PADDING.left, y1: baseline, x2: WIDTH - PADDING.right, y2: baseline }),
      svgElement("line", { class: "chart-axis", x1: PADDING.left, y1: PADDING.top, x2: PADDING.left, y2: baseline }),
      label(formatMeters(maxWidth), { x: PADDING.left - 4, y: PADDING.top + 4, "text-anchor": "end" }),
      label("0", { x: PADDING.left - 4, y: baseline, "text-anchor": "end" }),
      label(formatDate(first.timeMs), { x: PADDING.left, y: HEIGHT - 6, "text-anchor": "start" }),
      label(formatDate(last.timeMs), { x: WIDTH - PADDING.right, y: HEIGHT - 6, "text-anchor": "end" }),
      svgElement("polyline", { class: "chart-line", points }),
      ...sorted.map(({ timeMs, widthMeters }) => svgElement("circle", { class: "chart-point", cx: x(timeMs), cy: y(widthMeters), r: 3 })),
    ],
  );
}
