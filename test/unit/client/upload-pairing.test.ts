import { describe, expect, it } from "vitest";
import { type PickedFile, planUploads } from "../../../web/client/src/upload-pairing.js";

function picked(name: string, size = 1000, lastModified = 1_746_428_400_000, type = ""): PickedFile {
  return { name, size, lastModified, type };
}

describe("planning the picked files", () => {
  it("pairs each video with the track of the same name, whatever the case of either", () => {
    const files = [picked("VID_0002.MP4", 2000), picked("vid_0002.gpx"), picked("VID_0001.mp4", 1000), picked("VID_0001.gpx")];
    const plan = planUploads(files);
    expect(plan.pairs.map(({ video, track }) => [video.name, track?.name])).toEqual([
      ["VID_0002.MP4", "vid_0002.gpx"],
      ["VID_0001.mp4", "VID_0001.gpx"],
    ]);
    expect(plan.tracksWithoutVideo).toEqual([]);
    expect(plan.unsupported).toEqual([]);
  });

  it("gives a video and its track one key, made from the video, which differs between videos of the same name", () => {
    const [first] = planUploads([picked("IMG_0001.MOV", 5000, 1000), picked("IMG_0001.csv")]).pairs;
    const [again] = planUploads([picked("IMG_0001.MOV", 5000, 1000)]).pairs;
    const [nextMonth] = planUploads([picked("IMG_0001.MOV", 7000, 9000)]).pairs;
    expect(first!.pairKey).toBe(again!.pairKey);
    expect(first!.pairKey).not.toBe(nextMonth!.pairKey);
  });

  it("prefers GPX to NMEA to CSV, as the pipeline does, and leaves the others unpaired", () => {
    const plan = planUploads([picked("drive.csv"), picked("drive.mp4"), picked("drive.gpx"), picked("drive.nmea")]);
    expect(plan.pairs.map(({ track }) => track?.name)).toEqual(["drive.gpx"]);
    expect(plan.tracksWithoutVideo.map((file) => file.name)).toEqual(["drive.csv", "drive.nmea"]);
  });

  it("sends a video without a track alone, and sets aside tracks without a video and other files", () => {
    const plan = planUploads([picked("a.mp4"), picked("b.gpx"), picked("notes.txt"), picked("clip", 10, 1, "video/mp4")]);
    expect(plan.pairs.map(({ video, track }) => [video.name, track])).toEqual([
      ["a.mp4", null],
      ["clip", null],
    ]);
    expect(plan.tracksWithoutVideo.map((file) => file.name)).toEqual(["b.gpx"]);
    expect(plan.unsupported.map((file) => file.name)).toEqual(["notes.txt"]);
  });

  it("keeps the key within the server's 200 characters", () => {
    const [pair] = planUploads([picked(`${"x".repeat(300)}.mp4`)]).pairs;
    expect(pair!.pairKey.length).toBe(200);
  });
});
