import { describe, expect, it } from "vitest";
import { nextRunMs, validateCron } from "../../../pipeline/schedule/cron.js";
import { formatLocalTime } from "../../../pipeline/time/zoned-time.js";

const COPENHAGEN = "Europe/Copenhagen";

/** The next `count` runs after `after`, each as local time with its offset. */
function runs(expression: string, after: string, count: number, timeZone = COPENHAGEN): string[] {
  const validation = validateCron(expression);
  if (!validation.valid) throw new Error(validation.reason);
  const times: string[] = [];
  let afterMs = Date.parse(after);
  for (let i = 0; i < count; i++) {
    afterMs = nextRunMs(validation.schedule, afterMs, timeZone);
    times.push(formatLocalTime(afterMs, timeZone));
  }
  return times;
}

describe("nextRunMs", () => {
  it("runs the default nightly schedule at 02:00 local time, strictly after the given instant", () => {
    expect(runs("0 2 * * *", "2025-05-06T12:00:00Z", 2)).toEqual(["2025-05-07T02:00:00+02:00", "2025-05-08T02:00:00+02:00"]);
    // exactly at a run time: that run is the one in progress, the next is tomorrow's
    expect(runs("0 2 * * *", "2025-05-07T00:00:00Z", 1)).toEqual(["2025-05-08T02:00:00+02:00"]);
    expect(runs("0 2 * * *", "2025-05-06T23:59:59.999Z", 1)).toEqual(["2025-05-07T02:00:00+02:00"]);
  });

  it("steps through minutes, and ranges with steps through hours on weekdays only", () => {
    expect(runs("*/15 * * * *", "2025-05-07T10:07:00Z", 3)).toEqual([
      "2025-05-07T12:15:00+02:00",
      "2025-05-07T12:30:00+02:00",
      "2025-05-07T12:45:00+02:00",
    ]);
    // Friday 9 May 2025, 19:00: the next runs are Monday's
    expect(runs("0 8-16/4 * * 1-5", "2025-05-09T17:00:00Z", 4)).toEqual([
      "2025-05-12T08:00:00+02:00",
      "2025-05-12T12:00:00+02:00",
      "2025-05-12T16:00:00+02:00",
      "2025-05-13T08:00:00+02:00",
    ]);
  });

  it("reads lists, month and weekday names, 7 as Sunday, and a start with a step", () => {
    expect(runs("30 6 1 jan,JUL *", "2025-05-01T00:00:00Z", 2)).toEqual(["2025-07-01T06:30:00+02:00", "2026-01-01T06:30:00+01:00"]);
    expect(runs("0 12 * * 7", "2025-05-07T00:00:00Z", 1)).toEqual(runs("0 12 * * sun", "2025-05-07T00:00:00Z", 1));
    expect(runs("0 12 * * 7", "2025-05-07T00:00:00Z", 1)).toEqual(["2025-05-11T12:00:00+02:00"]);
    expect(runs("5/20 9 * * *", "2025-05-07T00:00:00Z", 3)).toEqual([
      "2025-05-07T09:05:00+02:00",
      "2025-05-07T09:25:00+02:00",
      "2025-05-07T09:45:00+02:00",
    ]);
  });

  it("runs on a day matching either day field when both are restricted, as Vixie cron does", () => {
    // 13 May 2025 is a Tuesday; the Fridays are the 2nd, 9th and 16th
    expect(runs("0 0 13 * fri", "2025-05-01T00:00:00Z", 4)).toEqual([
      "2025-05-02T00:00:00+02:00",
      "2025-05-09T00:00:00+02:00",
      "2025-05-13T00:00:00+02:00",
      "2025-05-16T00:00:00+02:00",
    ]);
    // a day field starting with * restricts nothing for that rule: odd days that are also Mondays
    expect(runs("0 0 */2 * mon", "2025-05-01T00:00:00Z", 2)).toEqual(["2025-05-05T00:00:00+02:00", "2025-05-19T00:00:00+02:00"]);
  });

  it("finds 29 February in the next leap year, even across 2100, which is none", () => {
    expect(runs("0 0 29 2 *", "2025-01-01T00:00:00Z", 2)).toEqual(["2028-02-29T00:00:00+01:00", "2032-02-29T00:00:00+01:00"]);
    expect(runs("0 0 29 2 *", "2096-03-01T00:00:00Z", 1)).toEqual(["2104-02-29T00:00:00+01:00"]);
  });

  it("reads the times in the zone it is given", () => {
    expect(runs("0 2 * * *", "2025-05-06T12:00:00Z", 1, "UTC")).toEqual(["2025-05-07T02:00:00+00:00"]);
    expect(runs("0 2 * * *", "2025-05-06T12:00:00Z", 1, "America/New_York")).toEqual(["2025-05-07T02:00:00-04:00"]);
  });

  describe("across daylight-saving changes in Copenhagen", () => {
    it("spring (30 March 2025, 02:00 → 03:00): a skipped time runs as though winter time still held, once", () => {
      expect(runs("0 2 * * *", "2025-03-29T12:00:00Z", 2)).toEqual(["2025-03-30T03:00:00+02:00", "2025-03-31T02:00:00+02:00"]);
      expect(runs("30 2 * * *", "2025-03-29T12:00:00Z", 2)).toEqual(["2025-03-30T03:30:00+02:00", "2025-03-31T02:30:00+02:00"]);
      // an hourly job runs once an hour by the real clock: 02:00 and 03:00 are the same instant that night
      expect(runs("0 * * * *", "2025-03-29T23:30:00Z", 3)).toEqual([
        "2025-03-30T01:00:00+01:00",
        "2025-03-30T03:00:00+02:00",
        "2025-03-30T04:00:00+02:00",
      ]);
    });

    it("autumn (26 October 2025, 03:00 → 02:00): a time the clocks show twice runs once, the second time", () => {
      expect(runs("30 2 * * *", "2025-10-25T12:00:00Z", 2)).toEqual(["2025-10-26T02:30:00+01:00", "2025-10-27T02:30:00+01:00"]);
      expect(runs("0 2 * * *", "2025-10-25T12:00:00Z", 1)).toEqual(["2025-10-26T02:00:00+01:00"]);
      expect(runs("0 * * * *", "2025-10-25T22:30:00Z", 3)).toEqual([
        "2025-10-26T01:00:00+02:00",
        "2025-10-26T02:00:00+01:00",
        "2025-10-26T03:00:00+01:00",
      ]);
      // asked during the first 02:xx, the run at 02:30 is still to come, in the second one
      expect(runs("30 2 * * *", "2025-10-26T00:40:00Z", 1)).toEqual(["2025-10-26T02:30:00+01:00"]);
    });
  });
});

describe("validateCron", () => {
  it("accepts the five fields with *, lists, ranges, steps and names, spaces as they come", () => {
    const validation = validateCron("  0  2 * *   *  ");
    expect(validation.valid).toBe(true);
    if (validation.valid) expect(validation.schedule.text).toBe("0 2 * * *");
    for (const expression of ["*/5 8-18 1,15 jan-jun mon-fri", "0 0 31 * *", "59 23 31 12 0-6/2"]) {
      expect(validateCron(expression)).toMatchObject({ valid: true });
    }
  });

  it.each([
    ["0 2 * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 4"],
    ["0 2 * * * *", "expected 5 fields (minute hour day-of-month month day-of-week), found 6"],
    ["", "expected 5 fields (minute hour day-of-month month day-of-week), found 0"],
    ["60 * * * *", "minute: 60 is out of range 0–59"],
    ["* 24 * * *", "hour: 24 is out of range 0–23"],
    ["0 0 0 * *", "day-of-month: 0 is out of range 1–31"],
    ["0 0 * 13 *", "month: 13 is out of range 1–12"],
    ["0 2 * * 8", "day-of-week: 8 is out of range 0–7"],
    ["abc * * * *", 'minute: "abc" is not a number 0–59'],
    ["0 0 * foo *", 'month: "foo" is not a number 1–12 or a name jan–dec'],
    ["0 0 * * monday", 'day-of-week: "monday" is not a number 0–7 or a name sun–sat'],
    ["-1 * * * *", 'minute: "-1" is neither a value nor a range a-b'],
    ["*/0 * * * *", 'minute: step "0" in "*/0" is not a whole number of at least 1'],
    ["*/x * * * *", 'minute: step "x" in "*/x" is not a whole number of at least 1'],
    ["1/2/3 * * * *", 'minute: more than one step in "1/2/3"'],
    ["5-1 * * * *", 'minute: range "5-1" runs backwards'],
    ["1-2-3 * * * *", 'minute: "1-2-3" is neither a value nor a range a-b'],
    ["1,,2 * * * *", 'minute: empty item in "1,,2"'],
    ["0 0 30 2 *", "never runs: February has no day 30"],
    ["0 0 31 4,6 *", "never runs: April, June have no day 31"],
  ])("turns away %j: %s", (expression, reason) => {
    expect(validateCron(expression)).toEqual({ valid: false, reason });
  });

  it("lets a day that exists in only some of the months through, and one matched by weekday", () => {
    expect(validateCron("0 0 31 2,3 *")).toMatchObject({ valid: true });
    expect(validateCron("0 0 30 2 mon")).toMatchObject({ valid: true });
  });
});
