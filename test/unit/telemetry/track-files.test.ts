import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { findSidecarTrack, readTrackFile } from "../../../pipeline/telemetry/index.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-tracks-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content = ""): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

const GPX = `<gpx version="1.1"><trk><trkseg>
  <trkpt lat="55.2551" lon="12.1189"><time>2024-01-12T17:11:19Z</time></trkpt>
</trkseg></trk></gpx>`;
const NMEA = "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\n";
const CSV = "time,lat,lon\n2024-01-12T17:11:19Z,55.2551,12.1189\n";

describe("readTrackFile", () => {
  it.each([
    ["ride.gpx", GPX, "gpx"],
    ["ride.GPX", GPX, "gpx"],
    ["ride.nmea", NMEA, "nmea"],
    ["ride.nmea0183", NMEA, "nmea"],
    ["ride.txt", NMEA, "nmea"],
    ["ride.log", NMEA, "nmea"],
    ["ride.csv", CSV, "csv"],
  ])("reads %s as %s", async (name, content, format) => {
    const track = await readTrackFile(await write(name, content));
    expect(track.format).toBe(format);
    expect(track.points).toHaveLength(1);
  });

  it("rejects a missing file, an empty file and an unknown extension with the file's name", async () => {
    await expect(readTrackFile(path.join(dir, "gone.gpx"))).rejects.toThrow(/gone\.gpx: file not found$/);
    await expect(readTrackFile(await write("blank.csv", "\n \n"))).rejects.toThrow(/blank\.csv: empty file$/);
    await expect(readTrackFile(await write("ride.kml", GPX))).rejects.toThrow(InputError);
    await expect(readTrackFile(await write("ride.kml", GPX))).rejects.toThrow(/ride\.kml: unknown track format '\.kml'/);
  });

  it("passes on the parser's error for a file without valid points", async () => {
    await expect(readTrackFile(await write("nothing.csv", "time,lat,lon\n,,\n"))).rejects.toThrow(
      /nothing\.csv: no valid track points/,
    );
  });
});

describe("findSidecarTrack", () => {
  it("finds the track named like the video, whatever the case of its extension", async () => {
    const video = await write("GX010042.MP4");
    await write("GX010041.gpx", GPX);
    const sidecar = await write("GX010042.GPX", GPX);
    expect(await findSidecarTrack(video)).toBe(sidecar);
  });

  it("prefers GPX, then NMEA, then CSV when several share the video's name", async () => {
    const video = await write("drive.mp4");
    await write("drive.csv", CSV);
    const nmea = await write("drive.nmea", NMEA);
    expect(await findSidecarTrack(video)).toBe(nmea);
  });

  it("falls back to the only track file in the folder", async () => {
    const video = await write("drive.mp4");
    await write("notes.txt", "not a track");
    const only = await write("logger-2024-01-12.nmea", NMEA);
    expect(await findSidecarTrack(video)).toBe(only);
  });

  it("returns null when there is no track file, or several with other names", async () => {
    const video = await write("drive.mp4");
    expect(await findSidecarTrack(video)).toBeNull();
    await write("a.gpx", GPX);
    await write("b.gpx", GPX);
    expect(await findSidecarTrack(video)).toBeNull();
  });

  it("ignores folders that look like track files", async () => {
    const video = await write("drive.mp4");
    await mkdir(path.join(dir, "drive.gpx"));
    expect(await findSidecarTrack(video)).toBeNull();
  });
});
