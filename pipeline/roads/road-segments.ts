/**
 * A road network file's lines turned into the pieces coverage is measured in.
 *
 * Municipal road registers draw a side road up to the through road, but the through road often has no vertex there:
 * of Faxe's 2,603 lines, 2,484 end within half a metre of another line's middle. So lines are first cut where another
 * line ends on them, and line ends within a few metres are joined, so that roads meet on shared end points, from which
 * the road graph is built (road-graph.ts). Roads that cross without either ending there (bridges) stay apart.
 * Each piece between junctions is then cut into equal segments of at most the chosen length.
 *
 * A segment is known by a hash of its rounded geometry, class and name: importing the same file again gives the same
 * keys, so a segment that did not change keeps its inspection history.
 */
import { createHash } from "node:crypto";
import KDBush from "kdbush";
import { LocalProjection, type XY } from "./local-projection.js";
import { Polyline } from "./polyline.js";
import { PolylineIndex } from "./polyline-index.js";

export const DEFAULT_SEGMENT_LENGTH_METERS = 100;

/**
 * Line ends this close to another line, or to each other, are joined. Register lines that meet are digitised within
 * centimetres; 3 m joins the few that were drawn short without joining roads that merely pass each other.
 */
export const JUNCTION_SNAP_METERS = 3;

/** Stored positions keep 7 decimals of a degree (about 1 cm). */
const STORED_DECIMALS = 7;
/** The key rounds to 6 decimals (about 10 cm), so that the same line read again always hashes the same. */
const KEY_DECIMALS = 6;

export interface RoadLine {
  /** the feature's id in the file; the parts of a multi-line share it */
  sourceId: number;
  roadClass: string | null;
  roadName: string | null;
  /** [lon, lat] in WGS84 */
  coordinates: readonly (readonly [number, number])[];
}

export interface RoadSegmentDraft {
  /** stable across imports of the same geometry, class and name */
  key: string;
  sourceId: number;
  roadClass: string | null;
  roadName: string | null;
  lengthMeters: number;
  /** [lon, lat] in WGS84; segments that meet share their end positions exactly */
  coordinates: [number, number][];
}

export interface SegmentingOptions {
  maxSegmentLengthMeters: number;
  snapMeters: number;
}

export interface SegmentedNetwork {
  segments: RoadSegmentDraft[];
  /** line ends joined onto the middle of another line */
  junctionsAdded: number;
  /** lines with fewer than two distinct positions */
  degenerateLines: number;
  /** lines identical to one before them, with the same class and name (a route file draws routes sharing a path twice) */
  duplicateLines: number;
  /** segments identical to one before them (the same line twice in the file) */
  duplicateSegments: number;
}

interface Piece {
  line: number;
  points: XY[];
}

export function segmentRoadNetwork(
  lines: readonly RoadLine[],
  options: SegmentingOptions = { maxSegmentLengthMeters: DEFAULT_SEGMENT_LENGTH_METERS, snapMeters: JUNCTION_SNAP_METERS },
): SegmentedNetwork {
  const positions = lines.flatMap((line) => line.coordinates);
  if (positions.length === 0) return { segments: [], junctionsAdded: 0, degenerateLines: lines.length, duplicateLines: 0, duplicateSegments: 0 };
  const projection = LocalProjection.around(positions);
  const usable: { line: number; polyline: Polyline }[] = [];
  const lineKeys = new Set<string>();
  let degenerateLines = 0;
  lines.forEach((line, index) => {
    const points = withoutRepeats(line.coordinates.map((position) => projection.toMeters(position)));
    if (points.length < 2) {
      degenerateLines += 1;
      return;
    }
    // dropped before cutting, not as segments after it: a junction cuts only one of two identical lines, so their
    // segments would differ and both would stay
    const key = segmentKey(line.coordinates, line.roadClass, line.roadName);
    if (lineKeys.has(key)) return;
    lineKeys.add(key);
    usable.push({ line: index, polyline: new Polyline(points) });
  });
  const { pieces, junctionsAdded } = cutAtJunctions(usable, options.snapMeters);
  const joined = joinNearbyEnds(pieces, options.snapMeters);

  const segments: RoadSegmentDraft[] = [];
  const keys = new Set<string>();
  let duplicateSegments = 0;
  for (const piece of joined) {
    const { sourceId, roadClass, roadName } = lines[piece.line]!;
    for (const points of new Polyline(piece.points).splitEvenly(options.maxSegmentLengthMeters)) {
      const coordinates = points.map((xy) => roundPosition(projection.toLonLat(xy), STORED_DECIMALS));
      const key = segmentKey(coordinates, roadClass, roadName);
      if (keys.has(key)) {
        duplicateSegments += 1;
        continue;
      }
      keys.add(key);
      segments.push({ key, sourceId, roadClass, roadName, lengthMeters: new Polyline(points).lengthMeters, coordinates });
    }
  }
  return { segments, junctionsAdded, degenerateLines, duplicateLines: lines.length - degenerateLines - usable.length, duplicateSegments };
}

/**
 * Each line end that lies within `snapMeters` of another line's middle is moved onto that line, which is cut there.
 * Only the nearest line is cut: an end near two lines is usually a junction drawn near a bridge, and joining both
 * would connect the roads on and under it.
 */
function cutAtJunctions(lines: readonly { line: number; polyline: Polyline }[], snapMeters: number): { pieces: Piece[]; junctionsAdded: number } {
  const index = new PolylineIndex(lines.map(({ polyline }) => polyline));
  const cuts: { offsetMeters: number; point: XY }[][] = lines.map(() => []);
  const ends: [XY, XY][] = lines.map(({ polyline }) => [polyline.start, polyline.end]);
  let junctionsAdded = 0;
  lines.forEach(({ polyline }, i) => {
    for (const end of [0, 1] as const) {
      const nearest = index.near(end === 0 ? polyline.start : polyline.end, snapMeters).find((near) => near.lineIndex !== i);
      if (nearest === undefined) continue;
      const other = lines[nearest.lineIndex]!.polyline;
      // near the other line's end: joinNearbyEnds makes them one junction
      if (nearest.offsetMeters <= snapMeters || nearest.offsetMeters >= other.lengthMeters - snapMeters) continue;
      cuts[nearest.lineIndex]!.push({ offsetMeters: nearest.offsetMeters, point: nearest.point });
      ends[i]![end] = nearest.point;
      junctionsAdded += 1;
    }
  });
  const pieces = lines.flatMap(({ line, polyline }, i): Piece[] => {
    const lineCuts = cuts[i]!.sort((a, b) => a.offsetMeters - b.offsetMeters);
    const [start, end] = ends[i]!;
    const bounds = [{ offsetMeters: 0, point: start }, ...lineCuts, { offsetMeters: polyline.lengthMeters, point: end }];
    return bounds.slice(1).map((to, k) => {
      const from = bounds[k]!;
      const inner = polyline.slice(from.offsetMeters, to.offsetMeters).slice(1, -1);
      return { line, points: [from.point, ...inner, to.point] };
    });
  });
  return { pieces, junctionsAdded };
}

/**
 * Piece ends within `snapMeters` of each other (directly or through a chain) become one junction at the position of
 * the first of them. A piece that shrinks to a point in this (two cuts side by side) is left out.
 */
function joinNearbyEnds(pieces: readonly Piece[], snapMeters: number): Piece[] {
  const ends = pieces.flatMap((piece) => [piece.points[0]!, piece.points.at(-1)!]);
  const index = new KDBush(ends.length);
  for (const [x, y] of ends) index.add(x, y);
  index.finish();
  const parent = ends.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  ends.forEach(([x, y], i) => {
    for (const j of index.within(x, y, snapMeters)) {
      const [a, b] = [root(i), root(j)];
      // the smaller index as the root: a junction sits where its first end lay, whatever order the pairs come in
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  return pieces.flatMap((piece, p): Piece[] => {
    const startRoot = root(2 * p);
    const endRoot = root(2 * p + 1);
    const points = [ends[startRoot]!, ...piece.points.slice(1, -1), ends[endRoot]!];
    if (startRoot === endRoot && new Polyline(points).lengthMeters <= snapMeters) return [];
    return [{ line: piece.line, points }];
  });
}

function withoutRepeats(points: readonly XY[]): XY[] {
  return points.filter((point, i) => i === 0 || point[0] !== points[i - 1]![0] || point[1] !== points[i - 1]![1]);
}

function roundPosition([lon, lat]: readonly [number, number], decimals: number): [number, number] {
  const scale = 10 ** decimals;
  return [Math.round(lon * scale) / scale, Math.round(lat * scale) / scale];
}

/** The same whichever way the line was drawn: a re-exported register may reverse lines. */
function segmentKey(coordinates: readonly (readonly [number, number])[], roadClass: string | null, roadName: string | null): string {
  const rounded = coordinates.map((position) => roundPosition(position, KEY_DECIMALS).join(","));
  const reversed = [...rounded].reverse();
  const canonical = rounded.join(";") <= reversed.join(";") ? rounded : reversed;
  return createHash("sha256")
    .update(JSON.stringify([roadClass, roadName, canonical]))
    .digest("hex")
    .slice(0, 32);
}
