/** Field readings the telemetry parsers share: numbers, ISO times, speed units, precision. */

export const METERS_PER_SECOND_PER_KNOT = 1852 / 3600;
export const METERS_PER_SECOND_PER_KMH = 1 / 3.6;

/**
 * Consumer GPS receivers have a range error of a few metres per unit of dilution of precision; 5 m per unit
 * is the usual rule of thumb. It ranks fixes by quality, it is not a survey-grade accuracy.
 */
const METERS_PER_DOP = 5;

export function horizontalAccuracyFromDop(dop: number): number {
  return dop * METERS_PER_DOP;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A plain decimal number, or undefined for anything else ("", "abc", "0x10", "1,5" unless `decimalComma`).
 * Number() alone would read "" as 0 and "0x10" as 16.
 */
export function parseDecimal(text: string | undefined, decimalComma = false): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = decimalComma ? text.trim().replace(",", ".") : text.trim();
  return DECIMAL.test(trimmed) ? Number(trimmed) : undefined;
}

export type TimeReading = { valid: true; timeMs: number } | { valid: false; reason: string };

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Reads an ISO 8601 date-time ("2024-01-12T18:11:19+01:00", "...Z", "... 18:11:19.250+0100").
 * `zoneless` says what a time without offset means: GPX defines its times as UTC, a CSV column does not.
 */
export function parseIsoTime(text: string, zoneless: "utc" | "invalid"): TimeReading {
  const match = ISO_DATE_TIME.exec(text.trim());
  if (!match) return { valid: false, reason: "bad time" };
  const [, year, month, day, hour, minute, second = "0", fraction = "", zone] = match;
  if (zone === undefined && zoneless === "invalid") return { valid: false, reason: "time without time zone" };
  const [y = NaN, mo = NaN, d = NaN, h = NaN, mi = NaN, s = NaN] = [year, month, day, hour, minute, second].map(Number);
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 60) {
    return { valid: false, reason: "bad time" };
  }
  const fractionMs = fraction === "" ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const localMs = Date.UTC(y, mo - 1, d, h, mi, s) + fractionMs;
  return { valid: true, timeMs: localMs - zoneOffsetMs(zone) };
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
