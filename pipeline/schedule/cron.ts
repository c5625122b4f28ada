/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week) as Vixie cron reads them: `*`, lists,
 * ranges, steps, month and weekday names, 0 or 7 for Sunday. When both day fields are restricted a day matching
 * either one runs ("0 0 13 * 5": the 13th and every Friday); a day field that starts with `*` restricts nothing
 * for that rule. Times are wall-clock times in an IANA zone.
 */
import { wallClockMs, zonedTimeToUtcMs } from "../time/zoned-time.js";

export interface CronSchedule {
  /** as written, for messages */
  readonly text: string;
  /** ascending */
  readonly minutes: readonly number[];
  /** ascending */
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  /** 1 = January */
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday */
  readonly daysOfWeek: ReadonlySet<number>;
  /** "either": both day fields are restricted and a day matching one of them runs */
  readonly dayRule: "both" | "either";
}

export type CronValidation = { valid: true; schedule: CronSchedule } | { valid: false; reason: string };

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** three-letter names for min, min + 1, … */
  names?: readonly string[];
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const WEEKDAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTH_NAMES },
  // 7 is Sunday too, as in every cron
  { name: "day-of-week", min: 0, max: 7, names: WEEKDAY_NAMES },
];

/** February counts its 29th: a schedule for it runs in leap years. */
const LONGEST_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Long enough to reach a 29 February from any day: leap years are at most eight years apart (2096 → 2104). */
const SEARCH_DAYS = 8 * 366 + 1;

export function validateCron(text: string): CronValidation {
  const fields = text.trim().split(/\s+/).filter((field) => field !== "");
  if (fields.length !== FIELDS.length) {
    return { valid: false, reason: `expected 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}` };
  }
  const values: Set<number>[] = [];
  for (const [index, spec] of FIELDS.entries()) {
    const parsed = parseField(fields[index]!, spec);
    if (typeof parsed === "string") return { valid: false, reason: `${spec.name}: ${parsed}` };
    values.push(parsed);
  }
  const [minutes, hours, daysOfMonth, months, weekdays] = values as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  const daysOfWeek = new Set([...weekdays].map((day) => day % 7));
  const ascending = (a: number, b: number) => a - b;
  const dayRule = fields[2]!.startsWith("*") || fields[4]!.startsWith("*") ? "both" : "either";
  const schedule: CronSchedule = {
    text: fields.join(" "),
    minutes: [...minutes].sort(ascending),
    hours: [...hours].sort(ascending),
    daysOfMonth,
    months,
    daysOfWeek,
    dayRule,
  };
  const never = neverRunsReason(schedule);
  return never === null ? { valid: true, schedule } : { valid: false, reason: never };
}

/** The values a field allows, or why it is not valid. */
function parseField(field: string, spec: FieldSpec): Set<number> | string {
  const values = new Set<number>();
  for (const item of field.split(",")) {
    if (item === "") return `empty item in "${field}"`;
    const [range, stepText, extra] = item.split("/");
    if (extra !== undefined) return `more than one step in "${item}"`;
    const step = stepText === undefined ? 1 : wholeNumber(stepText);
    if (step === null || step < 1) return `step "${stepText}" in "${item}" is not a whole number of at least 1`;
    const bounds = parseRange(range!, spec, stepText !== undefined);
    if (typeof bounds === "string") return bounds;
    const [first, last] = bounds;
    for (let value = first; value <= last; value += step) values.add(value);
  }
  return values;
}

/** `*`, `a`, `a-b`; with a step, `a` alone runs to the field's end ("5/15": 5, 20, 35, 50). */
function parseRange(range: string, spec: FieldSpec, stepped: boolean): [number, number] | string {
  if (range === "*") return [spec.min, spec.max];
  const match = /^([^-]+)(?:-([^-]+))?$/.exec(range);
  if (match === null) return `"${range}" is neither a value nor a range a-b`;
  const first = fieldValue(match[1]!, spec);
  if (typeof first === "string") return first;
  if (match[2] === undefined) return [first, stepped ? spec.max : first];
  const last = fieldValue(match[2], spec);
  if (typeof last === "string") return last;
  if (last < first) return `range "${range}" runs backwards`;
  return [first, last];
}

function fieldValue(text: string, spec: FieldSpec): number | string {
  const nameIndex = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (nameIndex >= 0) return spec.min + nameIndex;
  const value = wholeNumber(text);
  const expected = spec.names === undefined ? "" : ` or a name ${spec.names[0]}–${spec.names.at(-1)}`;
  if (value === null) return `"${text}" is not a number ${spec.min}–${spec.max}${expected}`;
  if (value < spec.min || value > spec.max) return `${value} is out of range ${spec.min}–${spec.max}`;
  return value;
}

function wholeNumber(text: string): number | null {
  return /^\d+$/.test(text) ? Number(text) : null;
}

/** "0 0 30 2 *" is valid field by field and still never runs; searching for its next run would never end. */
function neverRunsReason(schedule: CronSchedule): string | null {
  if (schedule.dayRule === "either") return null;
  const months = [...schedule.months].sort((a, b) => a - b);
  const lastDays = months.map((month) => LONGEST_MONTH_DAYS[month - 1]!);
  if ([...schedule.daysOfMonth].some((day) => lastDays.some((lastDay) => day <= lastDay))) return null;
  const monthNames = months.map((month) => new Date(Date.UTC(2000, month - 1, 1)).toLocaleString("en-GB", { month: "long", timeZone: "UTC" }));
  const days = [...schedule.daysOfMonth].sort((a, b) => a - b);
  return `never runs: ${monthNames.join(", ")} ${months.length === 1 ? "has" : "have"} no day ${days.join(", ")}`;
}

/**
 * The first run strictly after `afterMs`, by the wall clock in `timeZone`. Across daylight-saving changes each wall
 * time runs once: a time the clocks skip in spring runs as though winter time still held (02:30 → 03:30 summer
 * time, so a 02:00 job runs at 03:00 that night), and a time the clocks pass twice in autumn runs the second time.
 */
export function nextRunMs(schedule: CronSchedule, afterMs: number, timeZone: string): number {
  const { hours, minutes } = schedule;
  const runMs = (dayMs: number, hour: number, minute: number) => zonedTimeToUtcMs(dayMs + hour * HOUR_MS + minute * MINUTE_MS, timeZone);
  // the day before the local date of afterMs cannot hold a later run: no zone moves its clocks back a day
  const firstDayMs = utcDayStartMs(wallClockMs(afterMs, timeZone));
  for (let dayMs = firstDayMs; dayMs < firstDayMs + SEARCH_DAYS * DAY_MS; dayMs += DAY_MS) {
    if (!runsOnDay(schedule, new Date(dayMs))) continue;
    const hour = firstAfter(hours, (candidate) => runMs(dayMs, candidate, minutes.at(-1)!), afterMs);
    if (hour === undefined) continue;
    return runMs(dayMs, hour, firstAfter(minutes, (candidate) => runMs(dayMs, hour, candidate), afterMs)!);
  }
  // validateCron turns away every schedule that gets here
  throw new Error(`"${schedule.text}" has no run in the ${SEARCH_DAYS} days after ${new Date(afterMs).toISOString()}`);
}

/**
 * The first of the ascending `values` whose instant is after `afterMs`, by bisection: within a day the instants
 * never decrease as the wall time grows (skipped times map forward, and never past the times after the skip).
 */
function firstAfter(values: readonly number[], instantOf: (value: number) => number, afterMs: number): number | undefined {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (instantOf(values[middle]!) > afterMs) high = middle;
    else low = middle + 1;
  }
  return values[low];
}

/** `day` is a calendar date held as UTC midnight. */
function runsOnDay(schedule: CronSchedule, day: Date): boolean {
  if (!schedule.months.has(day.getUTCMonth() + 1)) return false;
  const dayOfMonth = schedule.daysOfMonth.has(day.getUTCDate());
  const dayOfWeek = schedule.daysOfWeek.has(day.getUTCDay());
  return schedule.dayRule === "both" ? dayOfMonth && dayOfWeek : dayOfMonth || dayOfWeek;
}

function utcDayStartMs(wallMs: number): number {
  return Math.floor(wallMs / DAY_MS) * DAY_MS;
}

