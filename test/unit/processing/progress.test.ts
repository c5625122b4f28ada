import { describe, expect, it } from "vitest";
import { formatDuration, progressBar, progressLines, ProgressTracker } from "../../../pipeline/processing/progress.js";

describe("ProgressTracker", () => {
  it("measures frames per second from the first frames this run reported, and the time left", () => {
    const tracker = new ProgressTracker(0);
    tracker.videoStarted("a.mp4", 0, 2);
    tracker.stageStarted("detect");
    // a restart: 300 of 1000 frames were done before
    tracker.framesDetected(300, 1000, 1_000);
    tracker.framesDetected(400, 1000, 11_000);
    const snapshot = tracker.snapshot(11_000);
    expect(snapshot.framesPerSecond).toBeCloseTo(10);
    expect(snapshot.videoSecondsLeft).toBeCloseTo(60);
    // the first of two videos is 40 % done: 20 % of the run, in 11 s
    expect(snapshot.overallFraction).toBeCloseTo(0.2);
    expect(snapshot.overallSecondsLeft).toBeCloseTo(44);
  });

  it("knows no rate before a frame is done, and starts over with the next video", () => {
    const tracker = new ProgressTracker(0);
    tracker.videoStarted("a.mp4", 0, 2);
    tracker.framesDetected(0, 50, 500);
    expect(tracker.snapshot(1_000)).toMatchObject({ framesPerSecond: null, videoSecondsLeft: null, overallSecondsLeft: null });
    tracker.framesDetected(50, 50, 5_500);
    tracker.videoFinished();
    tracker.videoStarted("b.mp4", 1, 2);
    expect(tracker.snapshot(6_000)).toMatchObject({ file: "b.mp4", framesDone: 0, framesPerSecond: null, overallFraction: 0.5 });
    expect(tracker.snapshot(6_000).overallSecondsLeft).toBeCloseTo(6);
  });
});

describe("progress display", () => {
  it("draws bars, durations and the two lines", () => {
    expect(progressBar(0.5, 10)).toBe("[#####-----]");
    expect(progressBar(1.2, 4)).toBe("[####]");
    expect(formatDuration(7)).toBe("0:07");
    expect(formatDuration(750)).toBe("12:30");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(null)).toBe("--:--");

    const tracker = new ProgressTracker(0);
    tracker.videoStarted("before.mp4", 0, 5);
    tracker.videoFinished();
    tracker.videoStarted("drive.mp4", 1, 5);
    tracker.stageStarted("detect");
    tracker.framesDetected(0, 1000, 0);
    tracker.framesDetected(412, 1000, 29_000);
    const [video, overall] = progressLines(tracker.snapshot(29_000), 10);
    expect(video).toBe("[2/5] drive.mp4  detect [####------] 412/1000 frames  14.2 frames/s  ETA 0:41");
    // (1 + 0.412) of 5 videos in 29 s
    expect(overall).toBe("overall [###-------] 28 %  ETA 1:14");
  });

  it("names the stage while no frames are counted", () => {
    const tracker = new ProgressTracker(0);
    tracker.videoStarted("drive.mp4", 0, 1);
    expect(progressLines(tracker.snapshot(0), 10)[0]).toBe("[1/1] drive.mp4  registering");
    tracker.stageStarted("merge");
    expect(progressLines(tracker.snapshot(0), 10)[0]).toBe("[1/1] drive.mp4  merge");
  });
});
