/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one key (a username, or a client address) within
 * `windowMs` of the first, that key is refused until the window ends. Kept in memory: a restart forgets it, which
 * costs an attacker a restart per few guesses; several server processes would each count on their own.
 */
export interface LoginThrottleSettings {
  maxFailures: number;
  windowMs: number;
  /** the clock, for tests */
  now?: () => number;
}

interface FailureWindow {
  startMs: number;
  failures: number;
}

/** Enough for any municipality's staff; beyond it (a spray of made-up usernames) the oldest windows go first. */
const MAX_TRACKED_KEYS = 10_000;

export class LoginThrottle {
  private readonly windows = new Map<string, FailureWindow>();
  private readonly now: () => number;

  constructor(private readonly settings: LoginThrottleSettings) {
    this.now = settings.now ?? Date.now;
  }

  /** How long until `key` may try again; 0: now. */
  retryAfterMs(key: string): number {
    const window = this.current(key);
    if (window === null || window.failures < this.settings.maxFailures) return 0;
    return window.startMs + this.settings.windowMs - this.now();
  }

  recordFailure(key: string): void {
    const window = this.current(key);
    if (window !== null) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED_KEYS) this.forgetOldest();
    this.windows.set(key, { startMs: this.now(), failures: 1 });
  }

  /** A correct password ends the count for its username. */
  forget(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string): FailureWindow | null {
    const window = this.windows.get(key);
    if (window === undefined) return null;
    if (this.now() - window.startMs < this.settings.windowMs) return window;
    this.windows.delete(key);
    return null;
  }

  private forgetOldest(): void {
    for (const [key, window] of this.windows) {
      if (this.now() - window.startMs >= this.settings.windowMs) this.windows.delete(key);
    }
    const oldest = this.windows.keys().next();
    if (this.windows.size >= MAX_TRACKED_KEYS && oldest.done !== true) this.windows.delete(oldest.value);
  }
}
