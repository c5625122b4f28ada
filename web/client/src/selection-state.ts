/**
 * The foreman's lasso selection: the shapes drawn so far and the history to undo them. A new shape replaces the
 * selection unless it extends it (Shift, or the "add" toggle on a tablet); undo steps back one change, clearing included.
 * Which defects lie inside is the server's answer (preview), never computed here.
 */
import type { Selection, SelectionPreview, ShapeSelection } from "./api-types.js";

export interface SelectionShape {
  selection: ShapeSelection;
  /** the outline as drawn, for showing it on the map */
  outline: [number, number][];
}

export class SelectionState {
  private current: readonly SelectionShape[] = [];
  private readonly history: (readonly SelectionShape[])[] = [];

  get shapes(): readonly SelectionShape[] {
    return this.current;
  }

  get canUndo(): boolean {
    return this.history.length > 0;
  }

  add(shape: SelectionShape, extend: boolean): void {
    this.change(extend ? [...this.current, shape] : [shape]);
  }

  clear(): void {
    if (this.current.length > 0) this.change([]);
  }

  undo(): boolean {
    const previous = this.history.pop();
    if (previous === undefined) return false;
    this.current = previous;
    return true;
  }

  private change(next: readonly SelectionShape[]): void {
    this.history.push(this.current);
    this.current = next;
  }
}

/**
 * A circle as the server takes it, from the ring terra-draw drew: its centre is the mean of the ring's corners (the
 * ring is regular, so the mean is exact up to the projection's curvature over a few hundred metres).
 */
export function circleFromRing(ring: readonly [number, number][], radiusMeters: number): ShapeSelection {
  const corners = ring.length > 1 && sameCorner(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring;
  if (corners.length < 3) throw new Error("a circle needs a ring of at least three corners");
  const sum = corners.reduce(([lonSum, latSum], [lon, lat]) => [lonSum + lon, latSum + lat], [0, 0]);
  return { type: "Circle", center: [sum[0] / corners.length, sum[1] / corners.length], radiusMeters };
}

function sameCorner(a: readonly [number, number] | undefined, b: readonly [number, number] | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
}

/** The area a work order covers: the one shape as drawn (a circle stays exact), several as one MultiPolygon. */
export function combinedSelection(shapes: readonly SelectionShape[]): Selection | null {
  const [only] = shapes;
  if (only === undefined) return null;
  if (shapes.length === 1) return only.selection;
  return { type: "MultiPolygon", coordinates: shapes.map((shape) => [shape.outline]) };
}

/**
 * The defects of several shapes, each previewed on its own: overlapping shapes share defects, so the ids are merged.
 * The server lists only the first few thousand ids of a shape; when any list was cut short the count is the sum of
 * the shapes' counts, an upper bound, since the overlap cannot be known.
 */
export function combinePreviews(previews: readonly SelectionPreview[]): SelectionPreview {
  const ids = [...new Set(previews.flatMap((preview) => preview.ids))].sort((a, b) => a - b);
  const complete = previews.every((preview) => preview.ids.length === preview.count);
  return { ids, count: complete ? ids.length : previews.reduce((sum, preview) => sum + preview.count, 0) };
}
