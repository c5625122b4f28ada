import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { validateCron } from "../../../pipeline/schedule/cron.js";
import { type RunningSchedule, startSchedule } from "../../../pipeline/schedule/scheduler.js";

const MINUTE_MS = 60_000;

/** A run the test finishes when it chooses. */
interface HeldRun {
  finish(): void;
  fail(error: Error): void;
}

function every10Minutes() {
  const validation = validateCron("*/10 * * * *");
  if (!validation.valid) throw new Error(validation.reason);
  return validation.schedule;
}

describe("startSchedule", () => {
  let schedule: RunningSchedule | undefined;
  const lines: string[] = [];
  const runs: HeldRun[] = [];
  const run = () =>
    new Promise<void>((resolve, reject) => {
      runs.push({ finish: resolve, fail: reject });
    });

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2025-05-07T10:05:00Z"));
    lines.length = 0;
    runs.length = 0;
  });

  afterEach(() => {
    schedule?.stop();
    vi.useRealTimers();
  });

  function start(): RunningSchedule {
    schedule = startSchedule({ name: "nightly", schedule: every10Minutes(), timeZone: "UTC", run, log: (line) => lines.push(line) });
    return schedule;
  }

  it("runs the job when it is due and says when the next run is", async () => {
    start();
    expect(lines).toEqual(["nightly: next run 2025-05-07T10:10:00+00:00"]);
    await vi.advanceTimersByTimeAsync(5 * MINUTE_MS - 1);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1);
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(lines.slice(1)).toEqual(["nightly: run started", "nightly: next run 2025-05-07T10:20:00+00:00", "nightly: run finished"]);
  });

  it("skips a run that is due while the last one is still going, with a log line, and runs again after", async () => {
    const running = start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE_MS);
    expect(running.running).toBe(true);
    await vi.advanceTimersByTimeAsync(10 * MINUTE_MS);
    expect(runs).toHaveLength(1);
    expect(lines).toContain(
      "nightly: skipped the run due 2025-05-07T10:20:00+00:00: the run started 2025-05-07T10:10:00+00:00 is still going",
    );
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(10 * MINUTE_MS);
    expect(runs).toHaveLength(2);
  });

  it("logs a run that fails and keeps to the schedule", async () => {
    start();
    await vi.advanceTimersByTimeAsync(5 * MINUTE_MS);
    runs[0]!.fail(new Error("the model manifest is missing"));
    await vi.advanceTimersByTimeAsync(0);
    expect(lines).toContain("nightly: run failed: the model manifest is missing");
    await vi.advanceTimersByTimeAsync(10 * MINUTE_MS);
    expect(runs).toHaveLength(2);
  });

  it("starts no run once stopped", async () => {
    start().stop();
    await vi.advanceTimersByTimeAsync(60 * MINUTE_MS);
    expect(runs).toHaveLength(0);
  });

  it("waits in steps for a run further off than a timer can wait", async () => {
    const validation = validateCron("0 0 1 1 *");
    if (!validation.valid) throw new Error(validation.reason);
    schedule = startSchedule({ name: "yearly", schedule: validation.schedule, timeZone: "UTC", run, log: (line) => lines.push(line) });
    await vi.advanceTimersByTimeAsync(Date.parse("2026-01-01T00:00:00Z") - Date.now() - 1);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(1);
  });
});
