/** A line in plane metres (see local-projection.ts) measured along its length: offsets, projections, pieces. */
import type { XY } from "./local-projection.js";

export interface PolylineProjection {
  /** how far along the line the nearest point lies */
  offsetMeters: number;
  /** from the point to the line */
  distanceMeters: number;
  /** the nearest point on the line */
  point: XY;
}

export class Polyline {
  /** cumulative length at each vertex: 0 at the first */
  private readonly offsets: Float64Array;

  /** At least two vertices; repeated vertices are fine. */
  constructor(readonly points: readonly XY[]) {
    if (points.length < 2) throw new Error(`a line needs two vertices, not ${points.length}`);
    this.offsets = new Float64Array(points.length);
    for (let i = 1; i < points.length; i++) {
      this.offsets[i] = this.offsets[i - 1]! + Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
    }
  }

  get lengthMeters(): number {
    return this.offsets[this.offsets.length - 1]!;
  }

  get start(): XY {
    return this.points[0]!;
  }

  get end(): XY {
    return this.points[this.points.length - 1]!;
  }

  /** The point of the line nearest to `point`; the first of equally near ones. */
  project(point: XY): PolylineProjection {
    let best: PolylineProjection | null = null;
    for (let i = 1; i < this.points.length; i++) {
      const [ax, ay] = this.points[i - 1]!;
      const [bx, by] = this.points[i]!;
      const dx = bx - ax;
      const dy = by - ay;
      const lengthSquared = dx * dx + dy * dy;
      const fraction = lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, ((point[0] - ax) * dx + (point[1] - ay) * dy) / lengthSquared));
      const nearest: XY = [ax + fraction * dx, ay + fraction * dy];
      const distanceMeters = Math.hypot(point[0] - nearest[0], point[1] - nearest[1]);
      if (best === null || distanceMeters < best.distanceMeters) {
        best = { offsetMeters: this.offsets[i - 1]! + fraction * (this.offsets[i]! - this.offsets[i - 1]!), distanceMeters, point: nearest };
      }
    }
    return best!;
  }

  /** The point `offsetMeters` along the line, clamped to its ends. */
  pointAt(offsetMeters: number): XY {
    const i = this.edgeAt(offsetMeters);
    const [ax, ay] = this.points[i - 1]!;
    const [bx, by] = this.points[i]!;
    const edgeLength = this.offsets[i]! - this.offsets[i - 1]!;
    const fraction = edgeLength === 0 ? 0 : (offsetMeters - this.offsets[i - 1]!) / edgeLength;
    // the vertices themselves at the edge's ends: pieces cut from one line must meet on exactly the same coordinates
    if (fraction <= 0) return this.points[i - 1]!;
    if (fraction >= 1) return this.points[i]!;
    return [ax + fraction * (bx - ax), ay + fraction * (by - ay)];
  }

  /** The vertices between two offsets (from ≤ to), with the cut points as the new ends. */
  slice(fromMeters: number, toMeters: number): XY[] {
    const from = Math.max(0, Math.min(fromMeters, this.lengthMeters));
    const to = Math.max(from, Math.min(toMeters, this.lengthMeters));
    const sliced: XY[] = [this.pointAt(from)];
    for (let i = 1; i < this.points.length - 1; i++) {
      if (this.offsets[i]! > from && this.offsets[i]! < to) sliced.push(this.points[i]!);
    }
    sliced.push(this.pointAt(to));
    return sliced;
  }

  /**
   * The line cut into the fewest pieces of equal length no longer than `maxLengthMeters` (give or take a millimetre,
   * so that 200 m measured as 200.0000001 m still makes two): 230 m by 100 m gives three pieces of 76.7 m rather than
   * 100, 100 and a 30 m stub.
   */
  splitEvenly(maxLengthMeters: number): XY[][] {
    const count = Math.max(1, Math.ceil((this.lengthMeters - 0.001) / maxLengthMeters));
    const pieceLength = this.lengthMeters / count;
    return Array.from({ length: count }, (_, i) => this.slice(i * pieceLength, i === count - 1 ? this.lengthMeters : (i + 1) * pieceLength));
  }

  /** Index of the vertex ending the edge that holds `offsetMeters` (1 .. points - 1). */
  private edgeAt(offsetMeters: number): number {
    let low = 1;
    let high = this.points.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.offsets[middle]! < offsetMeters) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
