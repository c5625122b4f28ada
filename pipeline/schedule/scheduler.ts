/**
 * Runs a job at each time of a cron schedule, one run at a time: a run still going when the next is due keeps
 * going, and the due one is skipped with a log line. A run that fails is logged; the schedule goes on.
 */
import { describeError } from "../errors.js";
import { type CronSchedule, nextRunMs } from "./cron.js";
import { formatLocalTime } from "../time/zoned-time.js";

/** setTimeout's longest delay (about 24.8 days); a later run is waited for in steps. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export interface ScheduledJob {
  /** starts each log line, e.g. "nightly" */
  name: string;
  schedule: CronSchedule;
  /** IANA zone the schedule's times are read in */
  timeZone: string;
  run(): Promise<void>;
  log(line: string): void;
}

export interface RunningSchedule {
  /** true while a run is going */
  readonly running: boolean;
  /** No further runs start; a run in progress is not waited for. */
  stop(): void;
}

export function startSchedule(job: ScheduledJob): RunningSchedule {
  let timer: NodeJS.Timeout | undefined;
  let runStartedAtMs: number | null = null;

  const describe = (timeMs: number) => formatLocalTime(timeMs, job.timeZone);

  const waitFor = (dueMs: number) => {
    // a timer can fire early after a long wait or a change of the system clock: then it waits again
    timer = setTimeout(() => (Date.now() >= dueMs ? due(dueMs) : waitFor(dueMs)), Math.min(dueMs - Date.now(), MAX_TIMER_DELAY_MS));
  };

  const planNext = (afterMs: number) => {
    const nextMs = nextRunMs(job.schedule, afterMs, job.timeZone);
    job.log(`${job.name}: next run ${describe(nextMs)}`);
    waitFor(nextMs);
  };

  const due = (dueMs: number) => {
    if (runStartedAtMs === null) start();
    else job.log(`${job.name}: skipped the run due ${describe(dueMs)}: the run started ${describe(runStartedAtMs)} is still going`);
    // after the computer slept through runs, the missed ones are one run now, not one each
    planNext(Math.max(dueMs, Date.now()));
  };

  const start = () => {
    runStartedAtMs = Date.now();
    job.log(`${job.name}: run started`);
    void job
      .run()
      .then(
        () => job.log(`${job.name}: run finished`),
        (error: unknown) => job.log(`${job.name}: run failed: ${describeError(error)}`),
      )
      .finally(() => {
        runStartedAtMs = null;
      });
  };

  planNext(Date.now());
  return {
    get running() {
      return runStartedAtMs !== null;
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
