/**
 * Wall-clock time in an IANA zone, read from Intl: dashcam file names are written in it, schedules run by it and
 * log lines are stamped with it.
 */

/** What clocks in `timeZone` show at `instantMs`, written as if it were UTC (seconds kept, milliseconds dropped). */
export function wallClockMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(instantMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(field("year"), field("month") - 1, field("day"), field("hour"), field("minute"), field("second"));
}

/**
 * The UTC instant at which clocks in `timeZone` showed `localMs` (a local time written as if it were UTC).
 * The zone's offset is looked up at the guessed instant and once more at the corrected one, which settles it
 * next to a daylight-saving change; a time that falls in the skipped spring hour reads as if still in winter time.
 */
export function zonedTimeToUtcMs(localMs: number, timeZone: string): number {
  const firstGuessMs = localMs - zoneOffsetMs(timeZone, localMs);
  return localMs - zoneOffsetMs(timeZone, firstGuessMs);
}

/** ISO 8601 with the zone's offset at that instant: "2025-03-30T03:00:00+02:00". */
export function formatLocalTime(instantMs: number, timeZone: string): string {
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  const wallMs = wallClockMs(wholeSecondMs, timeZone);
  const offsetMinutes = Math.round((wallMs - wholeSecondMs) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  return `${new Date(wallMs).toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** How far `timeZone`'s clocks are ahead of UTC at the instant `utcMs`. */
function zoneOffsetMs(timeZone: string, utcMs: number): number {
  return wallClockMs(utcMs, timeZone) - Math.floor(utcMs / 1000) * 1000;
}
