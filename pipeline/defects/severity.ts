/**
 * Grades a defect 3 (urgent, red), 2 (plan, orange) or 1 (monitor, yellow), with the reasons, so the map can say why.
 *
 * 1. Base level from class and size (the widest sighting):
 *    pothole 3 when at least potholeUrgentWidthMeters wide (wide enough to catch a wheel), else 2;
 *    alligator cracking 2 from alligatorPlanWidthMeters (the surface is failing over an area), else 1;
 *    longitudinal or transverse crack 2 from crackPlanWidthMeters (across most of a lane), else 1; any other class 1.
 * 2. Uncertain: fewer than confirmingSightings sightings and none scoring confidentScore ⇒ one level down,
 *    so a single doubtful detection never sends a crew out urgently.
 * 3. Getting worse between drives (passes = videos): the latest pass's widest sighting more than growthPercent wider
 *    than the first pass's, or a crack that a later pass saw as a pothole ⇒ one level up (once, whichever applies).
 * 4. Road importance when known: a road class in minorRoadClasses (private roads, which their owners maintain, not the
 *    municipality) ⇒ one level down; public roads (Off. kommunevej, Off. statsvej) keep the level.
 * The sum is clamped to 1..3.
 */
import { ALLIGATOR_CRACK, defectClass, isCrack, POTHOLE } from "./damage-classes.js";
import type { Sighting } from "./defect.js";

export type SeverityLevel = 1 | 2 | 3;

export type SeverityReasonCode =
  | "pothole"
  | "large-pothole"
  | "alligator-cracking"
  | "large-alligator-cracking"
  | "crack"
  | "wide-crack"
  | "other-damage"
  | "uncertain"
  | "grew"
  | "became-pothole"
  | "minor-road";

export interface SeverityReason {
  /** stable, for the UI to translate */
  code: SeverityReasonCode;
  /** English, with the numbers behind it */
  text: string;
}

export interface SeverityGrade {
  level: SeverityLevel;
  reasons: SeverityReason[];
}

export interface SeverityThresholds {
  potholeUrgentWidthMeters: number;
  alligatorPlanWidthMeters: number;
  crackPlanWidthMeters: number;
  confidentScore: number;
  confirmingSightings: number;
  growthPercent: number;
  minorRoadClasses: readonly string[];
}

export const DEFAULT_SEVERITY_THRESHOLDS: SeverityThresholds = {
  potholeUrgentWidthMeters: 0.3,
  alligatorPlanWidthMeters: 1,
  crackPlanWidthMeters: 2.5,
  confidentScore: 0.6,
  confirmingSightings: 3,
  // box widths of one pothole vary by a quarter from frame to frame: growth must clearly exceed that
  growthPercent: 50,
  // the road authority classes of Danish road registers (GeoDanmark, vej_myndighed)
  minorRoadClasses: ["Privat fællesvej", "Privat vej"],
};

export interface DefectEvidence {
  sightings: readonly Sighting[];
  /** road authority class of the road the defect lies on, e.g. "Off. kommunevej"; null when unknown */
  roadClass: string | null;
}

export function gradeSeverity(
  evidence: DefectEvidence,
  thresholds: SeverityThresholds = DEFAULT_SEVERITY_THRESHOLDS,
): SeverityGrade {
  const { sightings } = evidence;
  if (sightings.length === 0) throw new Error("a defect needs at least one sighting to be graded");
  const base = baseGrade(defectClass(sightings), maxWidthMeters(sightings), thresholds);
  const adjustments = [
    uncertainty(sightings, thresholds),
    worsening(sightings, thresholds),
    roadImportance(evidence.roadClass, thresholds),
  ].filter((adjustment) => adjustment !== null);
  const level = adjustments.reduce((sum, adjustment) => sum + adjustment.levels, base.levels);
  return { level: clampLevel(level), reasons: [base, ...adjustments].flatMap((step) => step.reasons) };
}

interface GradeStep {
  /** the base level, or the change an adjustment makes */
  levels: number;
  reasons: SeverityReason[];
}

function baseGrade(classId: string, widthMeters: number | null, thresholds: SeverityThresholds): GradeStep {
  const width = widthMeters ?? 0;
  const about = widthMeters === null ? "size unknown" : `about ${widthMeters.toFixed(2)} m wide`;
  if (classId === POTHOLE) {
    return width >= thresholds.potholeUrgentWidthMeters
      ? step(3, "large-pothole", `pothole ${about}`)
      : step(2, "pothole", `pothole ${about}`);
  }
  if (classId === ALLIGATOR_CRACK) {
    return width >= thresholds.alligatorPlanWidthMeters
      ? step(2, "large-alligator-cracking", `alligator cracking ${about}`)
      : step(1, "alligator-cracking", `alligator cracking ${about}`);
  }
  if (isCrack(classId)) {
    return width >= thresholds.crackPlanWidthMeters
      ? step(2, "wide-crack", `crack ${about}`)
      : step(1, "crack", `crack ${about}`);
  }
  return step(1, "other-damage", `${classId} ${about}`);
}

function uncertainty(sightings: readonly Sighting[], thresholds: SeverityThresholds): GradeStep | null {
  const maxScore = sightings.reduce((max, sighting) => Math.max(max, sighting.score), 0);
  if (sightings.length >= thresholds.confirmingSightings || maxScore >= thresholds.confidentScore) return null;
  const meanScore = sightings.reduce((sum, sighting) => sum + sighting.score, 0) / sightings.length;
  const times = sightings.length === 1 ? "once" : `${sightings.length} times`;
  return step(-1, "uncertain", `seen ${times}, best score ${maxScore.toFixed(2)}, mean ${meanScore.toFixed(2)}`);
}

function worsening(sightings: readonly Sighting[], thresholds: SeverityThresholds): GradeStep | null {
  const passes = groupByPass(sightings);
  const first = passes[0];
  const latest = passes.at(-1);
  if (first === undefined || latest === undefined || first === latest) return null;
  const reasons: SeverityReason[] = [];
  const firstWidth = maxWidthMeters(first);
  const latestWidth = maxWidthMeters(latest);
  if (firstWidth !== null && latestWidth !== null && firstWidth > 0) {
    const growthPercent = (latestWidth / firstWidth - 1) * 100;
    if (growthPercent > thresholds.growthPercent) {
      reasons.push({
        code: "grew",
        text: `grew from ${firstWidth.toFixed(2)} m to ${latestWidth.toFixed(2)} m wide (${Math.round(growthPercent)} %)`,
      });
    }
  }
  const firstSawCrackOnly = first.every((sighting) => isCrack(sighting.classId));
  if (firstSawCrackOnly && passes.slice(1).some((pass) => pass.some((sighting) => sighting.classId === POTHOLE))) {
    reasons.push({ code: "became-pothole", text: "a crack on the first drive, a pothole on a later one" });
  }
  return reasons.length === 0 ? null : { levels: 1, reasons };
}

function roadImportance(roadClass: string | null, thresholds: SeverityThresholds): GradeStep | null {
  if (roadClass === null || !thresholds.minorRoadClasses.includes(roadClass)) return null;
  return step(-1, "minor-road", `on a road of class ${roadClass}`);
}

/** Sightings per video, the earliest drive first. */
function groupByPass(sightings: readonly Sighting[]): Sighting[][] {
  const byVideo = new Map<number, Sighting[]>();
  for (const sighting of sightings) {
    const pass = byVideo.get(sighting.videoId);
    if (pass === undefined) byVideo.set(sighting.videoId, [sighting]);
    else pass.push(sighting);
  }
  const firstSeenMs = (pass: Sighting[]) => pass.reduce((min, sighting) => Math.min(min, sighting.seenAtMs), Infinity);
  return [...byVideo.values()].sort((a, b) => firstSeenMs(a) - firstSeenMs(b));
}

/** The widest estimate; null when no sighting has one. */
export function maxWidthMeters(sightings: readonly Sighting[]): number | null {
  let widest: number | null = null;
  for (const { widthMeters } of sightings) {
    if (widthMeters !== null && (widest === null || widthMeters > widest)) widest = widthMeters;
  }
  return widest;
}

function clampLevel(level: number): SeverityLevel {
  if (level <= 1) return 1;
  return level >= 3 ? 3 : 2;
}

function step(levels: number, code: SeverityReasonCode, text: string): GradeStep {
  return { levels, reasons: [{ code, text }] };
}
