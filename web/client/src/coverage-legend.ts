/** The planner's legend: each status drawn as the map draws it (colour, width, dashes) beside its name. */
import type { CoverageStatus } from "./api-types.js";
import { COVERAGE_STATUSES, COVERAGE_STYLES, legendDashArray, lineCap } from "./coverage-status.js";
import { element, svgElement } from "./dom.js";
import { t } from "./i18n.js";

const SAMPLE_WIDTH = 44;
const SAMPLE_HEIGHT = 14;

export function coverageLegendItems(): HTMLLIElement[] {
  return COVERAGE_STATUSES.map((status) => element("li", {}, [lineSample(status), t(`coverage.status.${status}`)]));
}

/** Hidden from screen readers: the text beside it names the status. */
function lineSample(status: CoverageStatus): SVGSVGElement {
  const style = COVERAGE_STYLES[status];
  const dashes = legendDashArray(style);
  const inset = style.widthPixels;
  return svgElement("svg", { class: "line-sample", width: SAMPLE_WIDTH, height: SAMPLE_HEIGHT, "aria-hidden": "true" }, [
    svgElement("line", {
      x1: inset,
      y1: SAMPLE_HEIGHT / 2,
      x2: SAMPLE_WIDTH - inset,
      y2: SAMPLE_HEIGHT / 2,
      stroke: style.colour,
      "stroke-width": style.widthPixels,
      "stroke-linecap": lineCap(style),
      ...(dashes === null ? {} : { "stroke-dasharray": dashes }),
    }),
  ]);
}
