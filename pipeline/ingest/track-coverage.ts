/**
 * Which stretches of time a GPS track covers. Between two neighbouring fixes the position is known
 * (by interpolation) only when they are close enough in time; a longer gap is a tunnel, a lost fix or
 * a paused logger, and nothing inside it gets a position.
 */

/** Longest time between neighbouring fixes that is still bridged by interpolation. */
export const MAX_FIX_GAP_MS = 3000;

export interface Timed {
  timeMs: number;
}

/** True when the track knows the position everywhere between fixes i and i + 1. */
export function isBridged(fixes: readonly Timed[], index: number): boolean {
  const a = fixes[index];
  const b = fixes[index + 1];
  return a !== undefined && b !== undefined && b.timeMs - a.timeMs <= MAX_FIX_GAP_MS;
}

/** Milliseconds of [fromMs, toMs) during which the track (sorted by time) knows the position. */
export function coveredDurationMs(fixes: readonly Timed[], fromMs: number, toMs: number): number {
  let coveredMs = 0;
  for (let i = 0; i + 1 < fixes.length; i++) {
    if (!isBridged(fixes, i)) continue;
    const start = Math.max(fromMs, fixes[i]!.timeMs);
    const end = Math.min(toMs, fixes[i + 1]!.timeMs);
    if (end > start) coveredMs += end - start;
  }
  return coveredMs;
}
