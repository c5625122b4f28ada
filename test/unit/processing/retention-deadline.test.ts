import { describe, expect, it } from "vitest";
import { rawVideoDeleteAfterMs } from "../../../pipeline/processing/retention.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const PROCESSED_AT_MS = Date.parse("2024-05-06T06:30:00Z");

describe("rawVideoDeleteAfterMs", () => {
  it("is the retention period after processing", () => {
    expect(rawVideoDeleteAfterMs({ status: "processed", processedAtMs: PROCESSED_AT_MS }, 14)).toBe(PROCESSED_AT_MS + 14 * DAY_MS);
  });

  it("is null for a video not processed: waiting, in progress or in quarantine", () => {
    expect(rawVideoDeleteAfterMs({ status: "queued", processedAtMs: null }, 14)).toBeNull();
    expect(rawVideoDeleteAfterMs({ status: "processing", processedAtMs: null }, 14)).toBeNull();
    expect(rawVideoDeleteAfterMs({ status: "quarantined", processedAtMs: null }, 14)).toBeNull();
  });
});
