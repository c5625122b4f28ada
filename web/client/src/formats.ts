/**
 * Lengths, shares, sizes and days as the pages write them, in a given locale ("da-DK", "en-GB"). i18n.ts binds them
 * to the page's language; here they are plain functions, so tests can run them in Node.
 */

/** One decimal always, so a column of lengths lines up. */
export function kilometersIn(locale: string, kilometers: number): string {
  return new Intl.NumberFormat(locale, { style: "unit", unit: "kilometer", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(kilometers);
}

/** `percent` as 0–100, the way the server sends it. */
export function percentIn(locale: string, percent: number): string {
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(percent / 100);
}

const BYTE_UNITS = ["byte", "kilobyte", "megabyte", "gigabyte", "terabyte"] as const;

/** Decimal units (1 kB = 1000 bytes), as disks are sold and file managers mostly show. */
export function bytesIn(locale: string, bytes: number): string {
  const exponent = Math.min(Math.max(Math.floor(Math.log10(Math.max(bytes, 1)) / 3), 0), BYTE_UNITS.length - 1);
  return new Intl.NumberFormat(locale, {
    style: "unit",
    unit: BYTE_UNITS[exponent],
    maximumFractionDigits: exponent === 0 ? 0 : 1,
  }).format(bytes / 1000 ** exponent);
}

/**
 * The calendar day of an ISO 8601 date or timestamp. A date alone (YYYY-MM-DD) is that day wherever the reader is;
 * a timestamp is the day it fell on where the reader is. Text that is neither is shown as it is.
 */
export function dayIn(locale: string, iso: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const timeMs = Date.parse(dateOnly ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(timeMs)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", ...(dateOnly ? { timeZone: "UTC" } : {}) }).format(timeMs);
}
