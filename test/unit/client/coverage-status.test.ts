import { describe, expect, it } from "vitest";
import type { CoverageStatus } from "../../../web/client/src/api-types.js";
import {
  COVERAGE_DRAW_ORDER,
  COVERAGE_STATUSES,
  COVERAGE_STYLES,
  coverageLineLayout,
  coverageLinePaint,
  legendDashArray,
} from "../../../web/client/src/coverage-status.js";
import { BASEMAP_COLOURS } from "../../../web/client/src/severity-colours.js";
import { contrastRatio } from "../../support/contrast.js";

describe("coverage status styles", () => {
  it("stand out from every basemap colour by at least 3:1 (WCAG 1.4.11), as the module's table says", () => {
    const documented: Record<CoverageStatus, [number, number, number, number]> = {
      overdue: [5.72, 6.57, 4.1, 5.04],
      "due-soon": [4.84, 5.55, 3.46, 4.26],
      never: [8.18, 9.39, 5.85, 7.2],
      ok: [4.47, 5.13, 3.2, 3.93],
    };
    for (const status of COVERAGE_STATUSES) {
      BASEMAP_COLOURS.forEach((background, index) => {
        const ratio = contrastRatio(COVERAGE_STYLES[status].colour, background);
        expect(ratio, `${status} on ${background}`).toBeGreaterThanOrEqual(3);
        expect(ratio).toBeCloseTo(documented[status][index]!, 2);
      });
    }
  });

  it("tell every two statuses apart without colour: by line width or dash pattern (WCAG 1.4.1)", () => {
    for (const a of COVERAGE_STATUSES) {
      for (const b of COVERAGE_STATUSES) {
        if (a === b) continue;
        const [styleA, styleB] = [COVERAGE_STYLES[a], COVERAGE_STYLES[b]];
        const sameLine = styleA.widthPixels === styleB.widthPixels && legendDashArray(styleA) === legendDashArray(styleB);
        expect(sameLine, `${a} and ${b}`).toBe(false);
      }
    }
  });

  it("lists and draws each status once, drawing overdue last so it lies on top", () => {
    expect([...COVERAGE_STATUSES].sort()).toEqual(["due-soon", "never", "ok", "overdue"]);
    expect([...COVERAGE_DRAW_ORDER].sort()).toEqual([...COVERAGE_STATUSES].sort());
    expect(COVERAGE_DRAW_ORDER.at(-1)).toBe("overdue");
  });

  it("paints dashed statuses with a dash array and butt caps, solid ones without and with round caps", () => {
    const dueSoon = coverageLinePaint(COVERAGE_STYLES["due-soon"]);
    expect(dueSoon["line-dasharray"]).toEqual([3, 1.5]);
    expect(coverageLineLayout(COVERAGE_STYLES["due-soon"])["line-cap"]).toBe("butt");
    const overdue = coverageLinePaint(COVERAGE_STYLES.overdue);
    expect(overdue).not.toHaveProperty("line-dasharray");
    expect(overdue["line-color"]).toBe("#b71c1c");
    expect(coverageLineLayout(COVERAGE_STYLES.overdue)["line-cap"]).toBe("round");
  });

  it("widens lines with the zoom around their width at zoom 14", () => {
    expect(coverageLinePaint(COVERAGE_STYLES.overdue)["line-width"]).toEqual(["interpolate", ["linear"], ["zoom"], 10, 3, 14, 6, 18, 12]);
  });

  it("draws the legend's dashes in pixels of the legend line's width", () => {
    expect(legendDashArray(COVERAGE_STYLES["due-soon"])).toBe("12 6");
    expect(legendDashArray(COVERAGE_STYLES.never)).toBe("4 6");
    expect(legendDashArray(COVERAGE_STYLES.ok)).toBeNull();
  });
});
