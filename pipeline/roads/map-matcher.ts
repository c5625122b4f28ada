/**
 * Which roads a drive followed, from GPS positions that may lie 10-30 m off the road: a hidden-Markov map matcher
 * (Newson & Krumm, "Hidden Markov map matching through noise and sparseness", 2009), solved with Viterbi.
 *
 * Each position has candidates: the nearest point of every segment within the search radius. A candidate is likely
 * when it is near the position (a Gaussian on the distance) and when the road route from the previous candidate is
 * about as long as the straight line between the two positions (an exponential on the difference): a jump onto a
 * parallel road, or across to a road that is only reachable round the block, costs more than it gains. The drive is
 * then the route along the roads through the most likely candidates. Where no candidate can be reached from the
 * previous ones (a road missing from the register, a car park), the match stops and starts afresh.
 */
import type { XY } from "./local-projection.js";
import type { NetworkPosition, RoadGraph, RouteStep } from "./road-graph.js";

export interface MatcherOptions {
  /** candidates are looked for this far from a position */
  searchRadiusMeters: number;
  /** the GPS error the emission expects: positions this far off the road are still quite likely */
  gpsSigmaMeters: number;
  /** how much a route may differ from the straight line between positions before it becomes unlikely */
  routeSlackMeters: number;
  /** the nearest this many segments are candidates */
  maxCandidates: number;
  /** positions closer than this to the previous one add nothing and are skipped (Newson & Krumm's 2σ) */
  minStepMeters: number;
  /** a route into a road and straight back out by no more than this is taken for GPS noise near a junction */
  maxSpurMeters: number;
}

/**
 * Tolerances for phone GPS at 1 Hz and town speeds: up to 15 m of noise, 50 m search (3σ of 15 m noise), routes up to
 * 15 m longer or shorter than the straight line (noise moves both ends), and spurs of up to 3σ of such noise.
 */
export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  searchRadiusMeters: 50,
  gpsSigmaMeters: 10,
  routeSlackMeters: 15,
  maxCandidates: 8,
  minStepMeters: 10,
  maxSpurMeters: 45,
};

export interface MatchPoint {
  /** in the graph's plane */
  xy: XY;
  timeMs: number;
}

/** A route step with the time of the position it led to. */
export interface MatchedStep extends RouteStep {
  timeMs: number;
}

export interface MapMatch {
  /** the roads driven, in driving order */
  steps: MatchedStep[];
  /** positions used; the rest were too close to the one before */
  usedPoints: number;
  /** positions with no road within the search radius */
  offRoadPoints: number;
  /** times the match started afresh because no candidate could be reached */
  restarts: number;
}

interface Candidate {
  position: NetworkPosition;
  logEmission: number;
}

interface Layer {
  point: MatchPoint;
  candidates: Candidate[];
  /** log probability of the best path ending in each candidate */
  scores: number[];
  /** the candidate of the layer before on that path; -1 at a chain's start */
  previous: number[];
}

/** Matches positions in time order; positions some way apart are joined by the shortest route between them. */
export function matchDrive(graph: RoadGraph, points: readonly MatchPoint[], options: MatcherOptions = DEFAULT_MATCHER_OPTIONS): MapMatch {
  const match: MapMatch = { steps: [], usedPoints: 0, offRoadPoints: 0, restarts: 0 };
  let chain: Layer[] = [];
  let lastUsed: MatchPoint | null = null;
  for (const point of points) {
    if (lastUsed !== null && distance(lastUsed.xy, point.xy) < options.minStepMeters) continue;
    lastUsed = point;
    match.usedPoints += 1;
    const candidates = candidatesAt(graph, point, options);
    if (candidates.length === 0) {
      match.offRoadPoints += 1;
      match.steps.push(...routeOf(graph, chain, options));
      chain = [];
      continue;
    }
    const previous = chain.at(-1);
    const layer = previous === undefined ? null : nextLayer(graph, previous, point, candidates, options);
    if (layer === null) {
      if (previous !== undefined) match.restarts += 1;
      match.steps.push(...routeOf(graph, chain, options));
      chain = [{ point, candidates, scores: candidates.map((c) => c.logEmission), previous: candidates.map(() => -1) }];
    } else {
      chain.push(layer);
    }
  }
  match.steps.push(...routeOf(graph, chain, options));
  return match;
}

function candidatesAt(graph: RoadGraph, point: MatchPoint, options: MatcherOptions): Candidate[] {
  return graph
    .near(point.xy, options.searchRadiusMeters)
    .slice(0, options.maxCandidates)
    .map((near) => ({
      position: { segment: near.lineIndex, offsetMeters: near.offsetMeters },
      logEmission: -0.5 * (near.distanceMeters / options.gpsSigmaMeters) ** 2,
    }));
}

/** The Viterbi step; null when no candidate can be reached from any candidate before. */
function nextLayer(graph: RoadGraph, previous: Layer, point: MatchPoint, candidates: Candidate[], options: MatcherOptions): Layer | null {
  const straightMeters = distance(previous.point.xy, point.xy);
  const trees = previous.candidates.map((candidate) => graph.routesFrom(candidate.position, routeLimit(straightMeters, options)));
  const scores = candidates.map(() => -Infinity);
  const back = candidates.map(() => -1);
  candidates.forEach((candidate, j) => {
    trees.forEach((tree, i) => {
      const routeMeters = tree.distanceTo(candidate.position);
      if (routeMeters === Infinity || previous.scores[i] === -Infinity) return;
      const score = previous.scores[i]! - Math.abs(routeMeters - straightMeters) / options.routeSlackMeters + candidate.logEmission;
      if (score > scores[j]!) {
        scores[j] = score;
        back[j] = i;
      }
    });
  });
  if (scores.every((score) => score === -Infinity)) return null;
  return { point, candidates, scores, previous: back };
}

/** Routes longer than this between two positions are not looked for: twice the straight line, plus both ends' error. */
function routeLimit(straightMeters: number, options: MatcherOptions): number {
  return 2 * straightMeters + 2 * options.searchRadiusMeters;
}

/** The most likely path through the chain's candidates, as the road steps between them. */
function routeOf(graph: RoadGraph, chain: readonly Layer[], options: MatcherOptions): MatchedStep[] {
  const last = chain.at(-1);
  if (last === undefined || chain.length < 2) return [];
  let candidate = last.scores.indexOf(Math.max(...last.scores));
  const path: NetworkPosition[] = [];
  for (let t = chain.length - 1; t >= 0; t--) {
    path.push(chain[t]!.candidates[candidate]!.position);
    candidate = chain[t]!.previous[candidate]!;
  }
  path.reverse();
  const steps: MatchedStep[] = [];
  for (let t = 1; t < chain.length; t++) {
    const tree = graph.routesFrom(path[t - 1]!, routeLimit(distance(chain[t - 1]!.point.xy, chain[t]!.point.xy), options));
    for (const step of tree.routeTo(path[t]!) ?? []) steps.push({ ...step, timeMs: chain[t]!.point.timeMs });
  }
  return withoutSpurs(graph, steps, options.maxSpurMeters);
}

/**
 * The route without its short excursions into a road and back out at the same end. A position pushed 20 m off the
 * road by noise next to a side road is likelier on the side road than on the road driven, and the best path then
 * turns into it and back: an HMM's typical artefact, which would count the side road's first metres as inspected.
 */
function withoutSpurs(graph: RoadGraph, steps: readonly MatchedStep[], maxSpurMeters: number): MatchedStep[] {
  const kept: MatchedStep[] = [];
  for (let first = 0; first < steps.length; ) {
    let last = first;
    while (last + 1 < steps.length && steps[last + 1]!.segment === steps[first]!.segment) last++;
    const run = steps.slice(first, last + 1);
    const entry = run[0]!.fromMeters;
    const isEnd = entry === 0 || entry === graph.segments[run[0]!.segment]!.line.lengthMeters;
    const reach = Math.max(...run.map((step) => Math.abs(step.toMeters - entry)));
    if (!(isEnd && run.at(-1)!.toMeters === entry && reach <= maxSpurMeters)) kept.push(...run);
    first = last + 1;
  }
  return kept;
}

function distance(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
