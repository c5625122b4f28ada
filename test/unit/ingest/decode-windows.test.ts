import { describe, expect, it } from "vitest";
import {
  decodedSeconds,
  matchWrittenFrames,
  MAX_FRAMES_PER_WINDOW,
  planDecodeWindows,
  SEEK_COST_SECONDS,
} from "../../../pipeline/ingest/decode-windows.js";

const HALF_FRAME = 1 / 60;
const everySecond = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("planDecodeWindows", () => {
  it("decodes frames half a second apart in one run", () => {
    const frames = [0, 0.5, 1, 1.5, 2];
    expect(planDecodeWindows(frames, everySecond(0, 10), HALF_FRAME)).toEqual([{ keyframeSeconds: 0, frameSeconds: frames }]);
  });

  it("seeks over a long stop to the keyframe before the next wanted frame", () => {
    const frames = [0, 0.5, 1, 30.5, 31];
    expect(planDecodeWindows(frames, everySecond(0, 40), HALF_FRAME)).toEqual([
      { keyframeSeconds: 0, frameSeconds: [0, 0.5, 1] },
      { keyframeSeconds: 30, frameSeconds: [30.5, 31] },
    ]);
  });

  it("decodes through a stop when no keyframe lies in it, and through a skip shorter than a seek costs", () => {
    const frames = [0, 0.5, 9.5];
    expect(planDecodeWindows(frames, [0, 10], HALF_FRAME)).toHaveLength(1);
    // keyframes every 0.1 s: a seek to the second frame skips all the video before it
    const keyframes = Array.from({ length: 100 }, (_, i) => i / 10);
    expect(planDecodeWindows([0, SEEK_COST_SECONDS - 0.2], keyframes, HALF_FRAME)).toHaveLength(1);
    expect(planDecodeWindows([0, SEEK_COST_SECONDS + 0.2], keyframes, HALF_FRAME)).toHaveLength(2);
  });

  it("seeks to a keyframe that falls on the wanted frame itself, give or take half a frame", () => {
    const windows = planDecodeWindows([0, 20 - HALF_FRAME / 2], [0, 10, 20], HALF_FRAME);
    expect(windows.map((window) => window.keyframeSeconds)).toEqual([0, 20]);
  });

  it("starts at the first frame when the video's keyframes are unknown", () => {
    expect(planDecodeWindows([5, 6], [], HALF_FRAME)).toEqual([{ keyframeSeconds: 0, frameSeconds: [5, 6] }]);
  });

  it(`splits a long continuous drive into runs of at most ${MAX_FRAMES_PER_WINDOW} frames`, () => {
    const frames = Array.from({ length: 2.5 * MAX_FRAMES_PER_WINDOW }, (_, i) => i * 0.5);
    const windows = planDecodeWindows(frames, everySecond(0, frames.length), HALF_FRAME);
    expect(windows.map((window) => window.frameSeconds.length)).toEqual([
      MAX_FRAMES_PER_WINDOW,
      MAX_FRAMES_PER_WINDOW,
      MAX_FRAMES_PER_WINDOW / 2,
    ]);
    expect(windows.flatMap((window) => window.frameSeconds)).toEqual(frames);
  });
});

describe("decodedSeconds", () => {
  it("adds up each run from its keyframe through its last frame", () => {
    const windows = [
      { keyframeSeconds: 0, frameSeconds: [0, 0.5, 1] },
      { keyframeSeconds: 30, frameSeconds: [30.5, 31] },
    ];
    expect(decodedSeconds(windows, 0.1)).toBeCloseTo(1.1 + 1.1, 9);
  });
});

describe("matchWrittenFrames", () => {
  it("pairs each written frame with its wanted time", () => {
    expect(matchWrittenFrames([1, 2.0333, 3], [1, 2.03, 3], HALF_FRAME)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });

  it("leaves a wanted time without a frame when the frame written for it is far too late", () => {
    // frames from 2.0 s to 2.5 s are missing: the frame at 2.5 s does not show the place wanted at 2.0 s
    expect(matchWrittenFrames([1, 2.5], [1, 2], HALF_FRAME)).toEqual([[0, 0]]);
  });

  it("gives a frame two wanted times fell on to the nearer one, leaving the other without", () => {
    // variable frame rate: a dropped frame leaves 2.00 and 2.03 both taking the frame at 2.06
    expect(matchWrittenFrames([1, 2.06], [1, 2, 2.03], HALF_FRAME)).toEqual([
      [0, 0],
      [1, 2],
    ]);
  });
});
