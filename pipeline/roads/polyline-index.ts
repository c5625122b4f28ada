/**
 * "Which lines pass within r metres of this point": a KDBush index over points sampled along every line, each sample
 * naming its line; the lines found are then measured exactly. Sampling every few metres keeps the candidate set small
 * in a town, where a bounding-box test would return every long road crossing it.
 */
import KDBush from "kdbush";
import type { XY } from "./local-projection.js";
import type { Polyline, PolylineProjection } from "./polyline.js";

/** Samples are at most this far apart along a line: a line within r has a sample within r + half of it. */
const SAMPLE_SPACING_METERS = 10;

export interface NearLine extends PolylineProjection {
  /** the line's position in the list the index was built from */
  lineIndex: number;
}

export class PolylineIndex {
  private readonly index: KDBush | null;
  private readonly sampleLine: Uint32Array;

  constructor(private readonly lines: readonly Polyline[]) {
    const samples: { xy: XY; line: number }[] = [];
    lines.forEach((line, lineIndex) => {
      for (const xy of samplesAlong(line)) samples.push({ xy, line: lineIndex });
    });
    this.sampleLine = Uint32Array.from(samples, (sample) => sample.line);
    if (samples.length === 0) {
      this.index = null;
      return;
    }
    const index = new KDBush(samples.length);
    for (const { xy } of samples) index.add(xy[0], xy[1]);
    this.index = index.finish();
  }

  /** Every line within `radiusMeters` of the point with where it comes nearest, nearest first. */
  near(point: XY, radiusMeters: number): NearLine[] {
    if (this.index === null) return [];
    const lineIndexes = new Set<number>();
    for (const sample of this.index.within(point[0], point[1], radiusMeters + SAMPLE_SPACING_METERS / 2)) {
      lineIndexes.add(this.sampleLine[sample]!);
    }
    const found: NearLine[] = [];
    for (const lineIndex of lineIndexes) {
      const projection = this.lines[lineIndex]!.project(point);
      if (projection.distanceMeters <= radiusMeters) found.push({ lineIndex, ...projection });
    }
    return found.sort((a, b) => a.distanceMeters - b.distanceMeters || a.lineIndex - b.lineIndex);
  }
}

/** The vertices, and points between them so that no two samples are more than SAMPLE_SPACING_METERS apart. */
function samplesAlong(line: Polyline): XY[] {
  const samples: XY[] = [line.start];
  for (let i = 1; i < line.points.length; i++) {
    const [ax, ay] = line.points[i - 1]!;
    const [bx, by] = line.points[i]!;
    const steps = Math.ceil(Math.hypot(bx - ax, by - ay) / SAMPLE_SPACING_METERS);
    for (let step = 1; step <= steps; step++) samples.push([ax + ((bx - ax) * step) / steps, ay + ((by - ay) * step) / steps]);
  }
  return samples;
}
