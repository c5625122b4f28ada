/** Calendar days as the API writes them, YYYY-MM-DD, without time zones: a day is the same day for everyone. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day `date` falls on where the browser is: what a planner means by "today". */
export function localIsoDay(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whether `text` is a real day written YYYY-MM-DD (not 2025-02-30). */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const timeMs = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(timeMs) && new Date(timeMs).toISOString().slice(0, 10) === text;
}

/** The ISO 8601 week number: weeks start on Monday, and week 1 holds the year's first Thursday (Danish usage). */
export function isoWeekNumber(isoDay: string): number {
  const date = new Date(`${isoDay}T00:00:00Z`);
  const mondayBased = (date.getUTCDay() + 6) % 7;
  // the Thursday of the same week decides which year the week belongs to
  const thursdayMs = date.getTime() + (3 - mondayBased) * DAY_MS;
  const yearStartMs = Date.UTC(new Date(thursdayMs).getUTCFullYear(), 0, 1);
  return Math.floor((thursdayMs - yearStartMs) / DAY_MS / 7) + 1;
}

/** The day a page address asks for (?at=YYYY-MM-DD), or `fallback` when it asks for none or for no real day. */
export function dayFromQuery(search: string, fallback: string): string {
  const asked = new URLSearchParams(search).get("at");
  return asked !== null && isIsoDay(asked) ? asked : fallback;
}
