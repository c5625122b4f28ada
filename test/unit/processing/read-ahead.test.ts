import { describe, expect, it } from "vitest";
import { readAhead } from "../../../pipeline/processing/read-ahead.js";

/** A source that records when it produced each item and whether it was closed. */
function countingSource(count: number, log: string[], failAt?: number) {
  async function* source(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (i === failAt) throw new Error(`item ${i} is broken`);
        log.push(`produced ${i}`);
        yield i;
      }
    } finally {
      log.push("closed");
    }
  }
  return source();
}

describe("readAhead", () => {
  it("yields every item in order", async () => {
    const items: number[] = [];
    for await (const item of readAhead(countingSource(10, []), 4)) items.push(item);
    expect(items).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("lets the source produce up to `depth` items while the consumer is busy, and no more", async () => {
    const log: string[] = [];
    for await (const item of readAhead(countingSource(10, log), 3)) {
      log.push(`consuming ${item}`);
      // a slow consumer: the source has time to run as far ahead as it may
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const producedBefore = (item: number) =>
      log.slice(0, log.indexOf(`consuming ${item}`)).filter((entry) => entry.startsWith("produced")).length;
    expect(producedBefore(0)).toBeGreaterThanOrEqual(1);
    for (let item = 1; item < 7; item++) expect(producedBefore(item)).toBe(item + 3);
  });

  it("closes the source when the consumer stops early", async () => {
    const log: string[] = [];
    for await (const item of readAhead(countingSource(100, log), 2)) if (item === 3) break;
    expect(log.at(-1)).toBe("closed");
    expect(log.filter((entry) => entry.startsWith("produced")).length).toBeLessThanOrEqual(6);
  });

  it("passes a failure of the source on at the item that failed, after the items before it", async () => {
    const items: number[] = [];
    const consume = async () => {
      for await (const item of readAhead(countingSource(10, [], 4), 3)) items.push(item);
    };
    await expect(consume()).rejects.toThrow("item 4 is broken");
    expect(items).toEqual([0, 1, 2, 3]);
  });

  it("refuses a depth that is not a positive whole number", async () => {
    await expect(readAhead(countingSource(1, []), 0).next()).rejects.toThrow(RangeError);
  });
});
