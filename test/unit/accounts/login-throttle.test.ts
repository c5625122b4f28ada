import { describe, expect, it } from "vitest";
import { LoginThrottle } from "../../../pipeline/accounts/login-throttle.js";

const WINDOW_MS = 15 * 60 * 1000;

function throttle(maxFailures = 5) {
  const clock = { nowMs: 1_000_000 };
  return { clock, limits: new LoginThrottle({ maxFailures, windowMs: WINDOW_MS, now: () => clock.nowMs }) };
}

describe("LoginThrottle", () => {
  it("refuses a key after maxFailures failures until the window from the first one ends", () => {
    const { clock, limits } = throttle();
    for (let failure = 0; failure < 4; failure++) limits.recordFailure("jens");
    expect(limits.retryAfterMs("jens")).toBe(0);
    clock.nowMs += 60_000;
    limits.recordFailure("jens");
    expect(limits.retryAfterMs("jens")).toBe(WINDOW_MS - 60_000);
    clock.nowMs += WINDOW_MS - 60_000;
    expect(limits.retryAfterMs("jens")).toBe(0);
  });

  it("counts each key on its own", () => {
    const { limits } = throttle(2);
    limits.recordFailure("jens");
    limits.recordFailure("jens");
    expect(limits.retryAfterMs("jens")).toBeGreaterThan(0);
    expect(limits.retryAfterMs("mette")).toBe(0);
  });

  it("starts counting afresh after forget, as a correct password does", () => {
    const { limits } = throttle(2);
    limits.recordFailure("jens");
    limits.forget("jens");
    limits.recordFailure("jens");
    expect(limits.retryAfterMs("jens")).toBe(0);
  });

  it("starts a new window for failures after the last one ended", () => {
    const { clock, limits } = throttle(2);
    limits.recordFailure("jens");
    clock.nowMs += WINDOW_MS;
    limits.recordFailure("jens");
    expect(limits.retryAfterMs("jens")).toBe(0);
  });
});
