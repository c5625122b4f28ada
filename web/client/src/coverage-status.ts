/**
 * How the planner's map draws a road segment's inspection status. Colour is never the only cue (WCAG 1.4.1): each
 * status also has its own line width and dash pattern, and the legend draws the same lines. Each colour stands out
 * from every basemap colour by at least 3:1 (1.4.11, graphical objects); see severity-colours.ts for the basemap.
 *
 *   status      colour     vs #f2efe9   vs #ffffff   vs #aad3df   vs #cdebb0   line
 *   overdue     #b71c1c       5.72         6.57         4.10         5.04        widest, solid
 *   due-soon    #a84f00       4.84         5.55         3.46         4.26        wide, long dashes
 *   never       #6a1b9a       8.18         9.39         5.85         7.20        wide, dots
 *   ok          #2e7d32       4.47         5.13         3.20         3.93        thin, solid
 *
 * test/unit/client/coverage-status.test.ts recomputes the table.
 */
import type { LineLayerSpecification } from "maplibre-gl";
import type { CoverageStatus } from "./api-types.js";

export interface CoverageLineStyle {
  colour: string;
  /** at zoom 14; narrower when zoomed out, wider when zoomed in */
  widthPixels: number;
  /** dash and gap lengths in line widths, as MapLibre's line-dasharray takes them; null: a solid line */
  dashLineWidths: readonly number[] | null;
}

export const COVERAGE_STYLES: Readonly<Record<CoverageStatus, CoverageLineStyle>> = {
  overdue: { colour: "#b71c1c", widthPixels: 6, dashLineWidths: null },
  "due-soon": { colour: "#a84f00", widthPixels: 4, dashLineWidths: [3, 1.5] },
  never: { colour: "#6a1b9a", widthPixels: 4, dashLineWidths: [1, 1.5] },
  ok: { colour: "#2e7d32", widthPixels: 2.5, dashLineWidths: null },
};

/** The most urgent first: the order of the legend and the summary. */
export const COVERAGE_STATUSES: readonly CoverageStatus[] = ["overdue", "due-soon", "never", "ok"];

/** The order the map draws them in, bottom first: where segments meet, the more urgent status lies on top. */
export const COVERAGE_DRAW_ORDER: readonly CoverageStatus[] = ["ok", "never", "due-soon", "overdue"];

/** Line widths grow with the zoom, relative to zoom 14: a whole municipality at zoom 10 stays readable. */
const WIDTH_BY_ZOOM: readonly [zoom: number, factor: number][] = [
  [10, 0.5],
  [14, 1],
  [18, 2],
];

export function coverageLinePaint(style: CoverageLineStyle): NonNullable<LineLayerSpecification["paint"]> {
  const stops = WIDTH_BY_ZOOM.flatMap(([zoom, factor]) => [zoom, style.widthPixels * factor]);
  return {
    "line-color": style.colour,
    "line-width": ["interpolate", ["linear"], ["zoom"], ...stops],
    ...(style.dashLineWidths === null ? {} : { "line-dasharray": [...style.dashLineWidths] }),
  };
}

/** Round caps would fill the gaps between dashes; solid lines join smoothly with them. */
export function lineCap(style: CoverageLineStyle): "round" | "butt" {
  return style.dashLineWidths === null ? "round" : "butt";
}

export function coverageLineLayout(style: CoverageLineStyle): NonNullable<LineLayerSpecification["layout"]> {
  return { "line-cap": lineCap(style), "line-join": "round" };
}

/** The dash pattern for an SVG stroke of the style's width at zoom 14, as the legend draws it; null: solid. */
export function legendDashArray(style: CoverageLineStyle): string | null {
  return style.dashLineWidths === null ? null : style.dashLineWidths.map((length) => length * style.widthPixels).join(" ");
}
