import { describe, expect, it } from "vitest";
import {
  circleFromRing,
  combinedSelection,
  combinePreviews,
  SelectionState,
  type SelectionShape,
} from "../../../web/client/src/selection-state.js";

function square(lon: number, lat: number, sizeDegrees: number): SelectionShape {
  const outline: [number, number][] = [
    [lon, lat],
    [lon + sizeDegrees, lat],
    [lon + sizeDegrees, lat + sizeDegrees],
    [lon, lat + sizeDegrees],
    [lon, lat],
  ];
  return { selection: { type: "Polygon", coordinates: [outline] }, outline };
}

describe("SelectionState", () => {
  it("replaces the selection with a new shape unless told to extend it", () => {
    const state = new SelectionState();
    const first = square(12, 55, 0.01);
    const second = square(12.1, 55, 0.01);
    const third = square(12.2, 55, 0.01);
    state.add(first, false);
    state.add(second, false);
    expect(state.shapes).toEqual([second]);
    state.add(third, true);
    expect(state.shapes).toEqual([second, third]);
  });

  it("undoes one change at a time, a clear included, and stops at the empty start", () => {
    const state = new SelectionState();
    const first = square(12, 55, 0.01);
    const second = square(12.1, 55, 0.01);
    state.add(first, false);
    state.add(second, true);
    state.clear();
    expect(state.shapes).toEqual([]);
    expect(state.undo()).toBe(true);
    expect(state.shapes).toEqual([first, second]);
    expect(state.undo()).toBe(true);
    expect(state.shapes).toEqual([first]);
    expect(state.undo()).toBe(true);
    expect(state.shapes).toEqual([]);
    expect(state.canUndo).toBe(false);
    expect(state.undo()).toBe(false);
  });

  it("does not record clearing an empty selection as a change", () => {
    const state = new SelectionState();
    state.clear();
    expect(state.canUndo).toBe(false);
  });
});

describe("circleFromRing", () => {
  it("finds the centre of a closed regular ring and keeps the radius", () => {
    const center = [12.12, 55.25] as const;
    const ring: [number, number][] = Array.from({ length: 64 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 64;
      return [center[0] + 0.002 * Math.cos(angle), center[1] + 0.001 * Math.sin(angle)];
    });
    ring.push(ring[0]!);
    const circle = circleFromRing(ring, 125);
    expect(circle.type).toBe("Circle");
    if (circle.type !== "Circle") return;
    expect(circle.center[0]).toBeCloseTo(center[0], 9);
    expect(circle.center[1]).toBeCloseTo(center[1], 9);
    expect(circle.radiusMeters).toBe(125);
  });

  it("refuses a ring too short to be a circle", () => {
    expect(() => circleFromRing([[12, 55], [12.1, 55]], 10)).toThrow("at least three corners");
  });
});

describe("combinePreviews", () => {
  it("counts a defect in two overlapping shapes once", () => {
    expect(combinePreviews([{ ids: [3, 1, 2], count: 3 }, { ids: [2, 3, 7], count: 3 }])).toEqual({ ids: [1, 2, 3, 7], count: 4 });
  });

  it("adds up the counts when a shape's id list was cut short", () => {
    const long = { ids: [1, 2], count: 9000 };
    expect(combinePreviews([long, { ids: [2, 5], count: 2 }]).count).toBe(9002);
  });
});

describe("combinedSelection", () => {
  it("sends one shape as drawn, a circle included, and nothing for no shape", () => {
    const circle: SelectionShape = {
      selection: { type: "Circle", center: [12.1, 55.2], radiusMeters: 40 },
      outline: square(12.1, 55.2, 0.001).outline,
    };
    expect(combinedSelection([circle])).toEqual(circle.selection);
    expect(combinedSelection([])).toBeNull();
  });

  it("sends several shapes as one MultiPolygon of their outlines", () => {
    const first = square(12, 55, 0.01);
    const second = square(12.1, 55, 0.01);
    expect(combinedSelection([first, second])).toEqual({ type: "MultiPolygon", coordinates: [[first.outline], [second.outline]] });
  });
});
