/** What the page's small SVG charts share: axes and labels, styled by the chart-* classes in styles.css. */
import { type ChartFrame, plotHeight, plotWidth } from "./chart-scale.js";
import { svgElement } from "./dom.js";

/** The x axis along the plot's bottom and the y axis along its left edge. */
export function chartAxes(frame: ChartFrame): SVGLineElement[] {
  const { left, top } = frame.padding;
  const baseline = top + plotHeight(frame);
  return [
    svgElement("line", { class: "chart-axis", x1: left, y1: baseline, x2: left + plotWidth(frame), y2: baseline }),
    svgElement("line", { class: "chart-axis", x1: left, y1: top, x2: left, y2: baseline }),
  ];
}

/** The maximum and 0 beside the y axis. */
export function valueAxisLabels(frame: ChartFrame, maximumText: string): SVGTextElement[] {
  const x = frame.padding.left - 4;
  return [
    chartLabel(maximumText, { x, y: frame.padding.top + 4, "text-anchor": "end" }),
    chartLabel("0", { x, y: frame.padding.top + plotHeight(frame), "text-anchor": "end" }),
  ];
}

export function chartLabel(text: string, attributes: Record<string, string | number>): SVGTextElement {
  const node = svgElement("text", { class: "chart-label", ...attributes });
  node.textContent = text;
  return node;
}
