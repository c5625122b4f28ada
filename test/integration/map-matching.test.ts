/**
 * The map matcher on the real Faxe road network: synthetic drives along random connected routes, sampled at 1 Hz at
 * 40-60 km/h with 5-15 m of Gaussian GPS noise, cleaned as the pipeline cleans tracks, then matched. Measured: the
 * share of the driven length attributed to the segments driven, and the share attributed to segments neither driven
 * nor lying alongside the route driven (roads drawn twice, filmed with the road beside them: corridor-credit.ts).
 */
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cleanTrack } from "../../pipeline/ingest/clean-track.js";
import { corridorCredit } from "../../pipeline/roads/corridor-credit.js";
import { coveredSegments, driveCoverage, unionLength } from "../../pipeline/roads/drive-coverage.js";
import { RoadGraph } from "../../pipeline/roads/road-graph.js";
import { readRoadLines } from "../../pipeline/roads/road-import.js";
import { segmentRoadNetwork } from "../../pipeline/roads/road-segments.js";
import type { TrackPoint } from "../../pipeline/telemetry/track-point.js";
import { seededRandom } from "../support/seeded-random.js";

const FAXE_ROADS = path.resolve(process.cwd(), "../shared/roads/faxe/vej_myndighed.gpkg");
const DRIVES = 60;
const START_MS = Date.parse("2026-11-02T08:00:00Z");

interface RouteLeg {
  /** position in the graph */
  segment: number;
  /** driven from its start to its end */
  forward: boolean;
}

interface SyntheticDrive {
  track: TrackPoint[];
  /** segment position → the stretches of it driven, in metres along it */
  truth: Map<number, [number, number][]>;
  sigmaMeters: number;
}

let graph: RoadGraph;

beforeAll(async () => {
  const { lines } = await readRoadLines(FAXE_ROADS, { classField: "type", nameField: null, crs: null });
  graph = new RoadGraph(segmentRoadNetwork(lines).segments.map((segment, i) => ({ id: i + 1, coordinates: segment.coordinates })));
});

/** A random walk of 2-4 km along connected segments, never turning straight back; it ends early at a dead end. */
function randomRoute(random: () => number): RouteLeg[] {
  let leg: RouteLeg = { segment: Math.floor(random() * graph.segments.length), forward: random() < 0.5 };
  const route: RouteLeg[] = [];
  const targetMeters = 2000 + random() * 2000;
  for (let meters = 0; meters < targetMeters; ) {
    route.push(leg);
    const segment = graph.segments[leg.segment]!;
    meters += segment.line.lengthMeters;
    const node = leg.forward ? segment.endNode : segment.startNode;
    const onwards = graph.linksAt(node).filter((link) => link.segment !== leg.segment);
    if (onwards.length === 0) break;
    const next = onwards[Math.floor(random() * onwards.length)]!;
    leg = { segment: next.segment, forward: graph.segments[next.segment]!.startNode === node };
  }
  return route;
}

function syntheticDrive(random: () => number): SyntheticDrive {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const route = randomRoute(random);
  const speedMps = (40 + 20 * random()) / 3.6;
  const sigmaMeters = 5 + 10 * random();
  const lengths = route.map((leg) => graph.segments[leg.segment]!.line.lengthMeters);
  const totalMeters = lengths.reduce((total, length) => total + length, 0);
  const track: TrackPoint[] = [];
  const truth = new Map<number, [number, number][]>();
  let legIndex = 0;
  let legStartMeters = 0;
  let second = 0;
  for (; second * speedMps <= totalMeters; second++) {
    const along = second * speedMps;
    while (along > legStartMeters + lengths[legIndex]!) legStartMeters += lengths[legIndex++]!;
    const leg = route[legIndex]!;
    const line = graph.segments[leg.segment]!.line;
    const offset = leg.forward ? along - legStartMeters : line.lengthMeters - (along - legStartMeters);
    const [x, y] = line.pointAt(offset);
    const [lon, lat] = graph.projection.toLonLat([x + sigmaMeters * gaussian(), y + sigmaMeters * gaussian()]);
    track.push({ timeMs: START_MS + second * 1000, lat, lon });
  }
  // driven: every leg before the last position in full, and the last one up to it
  const lastAlong = (second - 1) * speedMps;
  let legStart = 0;
  route.forEach((leg, i) => {
    const length = lengths[i]!;
    const drivenMeters = Math.min(length, Math.max(0, lastAlong - legStart));
    legStart += length;
    if (drivenMeters === 0) return;
    const stretch: [number, number] = leg.forward ? [0, drivenMeters] : [length - drivenMeters, length];
    truth.set(leg.segment, [...(truth.get(leg.segment) ?? []), stretch]);
  });
  return { track, truth, sigmaMeters };
}

describe("map matching synthetic noisy drives on the Faxe road network", () => {
  it("attributes at least 95 % of the driven length to the segments driven and under 2 % to others not alongside them", () => {
    const random = seededRandom(20261122);
    const indexById = new Map(graph.segments.map((segment, i) => [segment.id, i]));
    let drivenMeters = 0;
    let rightMeters = 0;
    let alongsideMeters = 0;
    let wrongMeters = 0;
    let positions = 0;
    const startedMs = performance.now();
    for (let drive = 0; drive < DRIVES; drive++) {
      const { track, truth } = syntheticDrive(random);
      positions += track.length;
      const { fixes } = cleanTrack(track);
      const coverage = driveCoverage(graph, fixes, { startMs: START_MS, endMs: track.at(-1)!.timeMs });
      for (const stretches of truth.values()) drivenMeters += unionLength(stretches);
      // what lies alongside the route actually driven: filmed, though not driven on
      const truthSteps = [...truth].flatMap(([segment, stretches]) => stretches.map(([fromMeters, toMeters]) => ({ segment, fromMeters, toMeters, timeMs: 0 })));
      const alongside = new Map(coveredSegments(graph, corridorCredit(graph, truthSteps)).map((s) => [s.segmentId, s.coveredMeters]));
      for (const { segmentId, coveredMeters } of coverage.segments) {
        const driven = truth.get(indexById.get(segmentId)!);
        const besideMeters = alongside.get(segmentId) ?? 0;
        if (driven !== undefined) rightMeters += Math.min(coveredMeters, unionLength(driven));
        else {
          alongsideMeters += Math.min(coveredMeters, besideMeters);
          wrongMeters += Math.max(0, coveredMeters - besideMeters);
        }
      }
    }
    const elapsedMs = performance.now() - startedMs;

    const rightPercent = (100 * rightMeters) / drivenMeters;
    const wrongPercent = (100 * wrongMeters) / drivenMeters;
    console.log(
      `map matching: ${DRIVES} drives, ${(drivenMeters / 1000).toFixed(1)} km, ${positions} positions: ` +
        `${rightPercent.toFixed(2)} % of the driven length on the segments driven, ${wrongPercent.toFixed(2)} % on others, ` +
        `${(alongsideMeters / 1000).toFixed(1)} km on segments alongside the route ` +
        `(${Math.round(elapsedMs)} ms, ${((1000 * positions) / elapsedMs).toFixed(0)} positions/s)`,
    );
    expect(rightPercent).toBeGreaterThanOrEqual(95);
    expect(wrongPercent).toBeLessThan(2);
  });
});
