import { describe, expect, it } from "vitest";
import { chartY, niceCeiling } from "../../../web/client/src/chart-scale.js";

describe("niceCeiling", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect(niceCeiling(17.3)).toBe(20);
    expect(niceCeiling(20)).toBe(20);
    expect(niceCeiling(21)).toBe(50);
    expect(niceCeiling(51)).toBe(100);
    expect(niceCeiling(0.3)).toBe(0.5);
    expect(niceCeiling(1)).toBe(1);
  });

  it("gives an empty chart a scale of 1", () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(Number.NaN)).toBe(1);
  });
});

describe("chartY", () => {
  it("puts 0 on the plot's bottom and the maximum on its top", () => {
    const frame = { width: 100, height: 60, padding: { left: 10, right: 0, top: 10, bottom: 20 } };
    expect(chartY(frame, 0, 5)).toBe(40);
    expect(chartY(frame, 5, 5)).toBe(10);
    expect(chartY(frame, 2.5, 5)).toBe(25);
  });
});
