import { describe, expect, it } from "vitest";
import type { StoredVideo } from "../../../web/client/src/api-types.js";
import { storedFootageTotals } from "../../../web/client/src/stored-footage.js";

function video(id: number, sizeBytes: number): StoredVideo {
  return { id, originalName: `drive-${id}.mp4`, recordedStart: null, processedAt: null, sizeBytes, deleteAfter: null, status: "processed" };
}

describe("storedFootageTotals", () => {
  it("counts the stored videos and adds up their size", () => {
    expect(storedFootageTotals([video(1, 2_000_000), video(2, 500), video(3, 9_000_000)])).toEqual({ count: 3, bytes: 11_000_500 });
  });

  it("is nothing for no videos", () => {
    expect(storedFootageTotals([])).toEqual({ count: 0, bytes: 0 });
  });
});
