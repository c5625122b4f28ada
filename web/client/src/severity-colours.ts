/**
 * Severity colours, checked against WCAG 2.1 AA. A defect's circle is a graphical object (1.4.11: ≥ 3:1 against what
 * surrounds it) carrying its severity digit in white (1.4.3: ≥ 4.5:1 for the digit). The basemap's light colours are
 * OSM land #f2efe9 (also the plain background used when no tiles load), roads #ffffff, water #aad3df, parks #cdebb0.
 *
 *   colour               vs #f2efe9   vs #ffffff   vs #aad3df   vs #cdebb0   white digit on it
 *   3 urgent  #b71c1c       5.72         6.57         4.10         5.04          6.57
 *   2 plan    #a84f00       4.84         5.55         3.46         4.26          5.55
 *   1 monitor #7d6600       4.85         5.57         3.47         4.27          5.57
 *
 * The monitor "yellow" is a dark ochre because no bright yellow reaches 3:1 on a light map; the digit and the legend
 * say the severity without relying on colour (1.4.1). test/unit/client/severity-colours.test.ts recomputes the table.
 */
import type { SeverityLevel } from "./api-types.js";

export const SEVERITY_COLOURS: Readonly<Record<SeverityLevel, string>> = {
  3: "#b71c1c",
  2: "#a84f00",
  1: "#7d6600",
};

export const SEVERITY_DIGIT_COLOUR = "#ffffff";

/** OSM's land colour, so a map without tiles looks like the map with them and the ratios above hold for both. */
export const MAP_BACKGROUND_COLOUR = "#f2efe9";

/** The basemap colours the table above is computed against. */
export const BASEMAP_COLOURS: readonly string[] = [MAP_BACKGROUND_COLOUR, "#ffffff", "#aad3df", "#cdebb0"];

/** Ring around hovered, opened and selected defects: 14.4:1 on #f2efe9. */
export const HIGHLIGHT_COLOUR = "#1f1f1f";

/** Outline of the lasso shapes and ring of selected defects: 7.5:1 on #f2efe9. */
export const SELECTION_COLOUR = "#1746a2";

export const SEVERITY_LEVELS: readonly SeverityLevel[] = [3, 2, 1];
