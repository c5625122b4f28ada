/**
 * What the damage classes mean for a defect's history. Class ids are the RDD2022 codes the detector's manifest uses.
 *
 * Compatibility (may two sightings be the same defect?):
 * - the same class always;
 * - cracks (D00 longitudinal, D10 transverse, D20 alligator) with each other: the detector often names one crack
 *   differently from frame to frame, and cracks branch, so the orientation is not a stable identity;
 * - a crack with a pothole (D40): alligator cracking breaks out into a pothole, and a crack that became a pothole
 *   is the same defect, now worse; the defect takes the more severe class and its grade escalates (see severity.ts).
 * Any other class a future model adds (e.g. manholes) only merges with itself.
 */

const LONGITUDINAL_CRACK = "D00";
const TRANSVERSE_CRACK = "D10";
export const ALLIGATOR_CRACK = "D20";
export const POTHOLE = "D40";

const CRACK_CLASSES: ReadonlySet<string> = new Set([LONGITUDINAL_CRACK, TRANSVERSE_CRACK, ALLIGATOR_CRACK]);

/** Higher is worse: pothole > alligator > transverse = longitudinal; classes not listed rank 0. */
const SEVERITY_RANK: ReadonlyMap<string, number> = new Map([
  [LONGITUDINAL_CRACK, 1],
  [TRANSVERSE_CRACK, 1],
  [ALLIGATOR_CRACK, 2],
  [POTHOLE, 3],
]);

export function isCrack(classId: string): boolean {
  return CRACK_CLASSES.has(classId);
}

export function classesCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  const crackOrPothole = (classId: string) => isCrack(classId) || classId === POTHOLE;
  return crackOrPothole(a) && crackOrPothole(b);
}

function classSeverityRank(classId: string): number {
  return SEVERITY_RANK.get(classId) ?? 0;
}

export interface ScoredClass {
  classId: string;
  score: number;
}

/**
 * The class a defect shows: the most severe class seen; between classes of equal rank (a crack seen as both
 * longitudinal and transverse) the one with the larger summed score.
 */
export function defectClass(sightings: readonly ScoredClass[]): string {
  const scoreByClass = new Map<string, number>();
  for (const { classId, score } of sightings) scoreByClass.set(classId, (scoreByClass.get(classId) ?? 0) + score);
  let best: { classId: string; rank: number; scoreSum: number } | null = null;
  for (const [classId, scoreSum] of scoreByClass) {
    const rank = classSeverityRank(classId);
    if (best === null || rank > best.rank || (rank === best.rank && scoreSum > best.scoreSum)) best = { classId, rank, scoreSum };
  }
  if (best === null) throw new Error("a defect needs at least one sighting");
  return best.classId;
}
