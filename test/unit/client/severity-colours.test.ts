import { describe, expect, it } from "vitest";
import {
  BASEMAP_COLOURS,
  HIGHLIGHT_COLOUR,
  MAP_BACKGROUND_COLOUR,
  SELECTION_COLOUR,
  SEVERITY_COLOURS,
  SEVERITY_DIGIT_COLOUR,
  SEVERITY_LEVELS,
} from "../../../web/client/src/severity-colours.js";
import { contrastRatio } from "../../support/contrast.js";

describe("severity colours", () => {
  it("computes contrast the WCAG way", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("stand out from every basemap colour by at least 3:1 (WCAG 1.4.11, graphical objects)", () => {
    for (const level of SEVERITY_LEVELS) {
      for (const background of BASEMAP_COLOURS) {
        expect(contrastRatio(SEVERITY_COLOURS[level], background), `${level} on ${background}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it("carry their white digit at 4.5:1 or more (WCAG 1.4.3, text)", () => {
    for (const level of SEVERITY_LEVELS) {
      expect(contrastRatio(SEVERITY_COLOURS[level], SEVERITY_DIGIT_COLOUR), String(level)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("match the ratios documented in the module's comment", () => {
    const documented: Record<number, [number, number, number, number, number]> = {
      3: [5.72, 6.57, 4.1, 5.04, 6.57],
      2: [4.84, 5.55, 3.46, 4.26, 5.55],
      1: [4.85, 5.57, 3.47, 4.27, 5.57],
    };
    for (const level of SEVERITY_LEVELS) {
      const computed = [...BASEMAP_COLOURS, SEVERITY_DIGIT_COLOUR].map((other) => contrastRatio(SEVERITY_COLOURS[level], other));
      computed.forEach((ratio, index) => expect(ratio).toBeCloseTo(documented[level]![index]!, 2));
    }
  });

  it("rings the highlighted and selected defects visibly on the map background", () => {
    expect(contrastRatio(HIGHLIGHT_COLOUR, MAP_BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(SELECTION_COLOUR, MAP_BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(3);
  });
});
