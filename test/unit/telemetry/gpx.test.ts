import { describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { parseGpx } from "../../../pipeline/telemetry/gpx.js";

const gpx11 = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">${body}</gpx>`;

describe("parseGpx", () => {
  it("reads every segment of a track and converts time-zone offsets to UTC", () => {
    const text = gpx11(`
      <trk><name>Faxe morning round</name>
        <trkseg>
          <trkpt lat="55.2551" lon="12.1189"><ele>31.5</ele><time>2024-01-12T18:11:19+01:00</time></trkpt>
          <trkpt lat="55.2552" lon="12.1191"><time>2024-01-12T17:11:20Z</time></trkpt>
        </trkseg>
        <trkseg>
          <trkpt lat="55.2560" lon="12.1200"><time>2024-01-12T17:11:30.500Z</time></trkpt>
        </trkseg>
      </trk>`);
    const track = parseGpx(text, "round.gpx");
    expect(track.format).toBe("gpx");
    expect(track.points).toEqual([
      { timeMs: Date.UTC(2024, 0, 12, 17, 11, 19), lat: 55.2551, lon: 12.1189, altitudeMeters: 31.5 },
      { timeMs: Date.UTC(2024, 0, 12, 17, 11, 20), lat: 55.2552, lon: 12.1191 },
      { timeMs: Date.UTC(2024, 0, 12, 17, 11, 30, 500), lat: 55.256, lon: 12.12 },
    ]);
    expect(track.skipped).toEqual({});
  });

  it("reads several tracks and returns their points sorted by time", () => {
    const text = gpx11(`
      <trk><trkseg><trkpt lat="55.3" lon="12.3"><time>2024-01-12T10:00:05Z</time></trkpt></trkseg></trk>
      <trk><trkseg><trkpt lat="55.1" lon="12.1"><time>2024-01-12T10:00:01Z</time></trkpt></trkseg></trk>`);
    expect(parseGpx(text, "two.gpx").points.map((point) => point.lat)).toEqual([55.1, 55.3]);
  });

  it("reads GPX 1.0 speed, course, hdop and fix", () => {
    const text = `<gpx version="1.0" xmlns="http://www.topografix.com/GPX/1/0"><trk><trkseg>
      <trkpt lat="55.2551" lon="12.1189">
        <time>2024-01-12T17:11:19Z</time><course>271.5</course><speed>13.9</speed><fix>3d</fix><hdop>1.2</hdop>
      </trkpt></trkseg></trk></gpx>`;
    expect(parseGpx(text, "v10.gpx").points[0]).toEqual({
      timeMs: Date.UTC(2024, 0, 12, 17, 11, 19),
      lat: 55.2551,
      lon: 12.1189,
      speedMps: 13.9,
      headingDegrees: 271.5,
      horizontalAccuracyMeters: 6,
      fix: "3d",
    });
  });

  it("skips and counts points with garbage coordinates, without time, or without a fix", () => {
    const text = gpx11(`<trk><trkseg>
      <trkpt lat="abc" lon="12.1"><time>2024-01-12T17:11:19Z</time></trkpt>
      <trkpt lat="123" lon="12.1"><time>2024-01-12T17:11:19Z</time></trkpt>
      <trkpt lat="55.2" lon="12.1"></trkpt>
      <trkpt lat="55.2" lon="12.1"><time>yesterday</time></trkpt>
      <trkpt lat="55.2" lon="12.1"><time>2024-01-12T17:11:21Z</time><fix>none</fix></trkpt>
      <trkpt lat="55.2" lon="12.1"><time>2024-01-12T17:11:22Z</time></trkpt>
    </trkseg></trk>`);
    const track = parseGpx(text, "messy.gpx");
    expect(track.points).toHaveLength(1);
    expect(track.skipped).toEqual({ "bad coordinates": 2, "no time": 1, "bad time": 1, "no fix": 1 });
  });

  it("throws an InputError naming the file when no point is usable", () => {
    const text = gpx11(`<trk><trkseg><trkpt lat="55.2" lon="12.1"/></trkseg></trk>`);
    expect(() => parseGpx(text, "empty-ride.gpx")).toThrow(InputError);
    expect(() => parseGpx(text, "empty-ride.gpx")).toThrow("empty-ride.gpx: no valid track points (skipped: 1 no time)");
  });

  it("rejects malformed XML and XML that is not GPX", () => {
    expect(() => parseGpx("<gpx><trk></gpx>", "broken.gpx")).toThrow(/broken\.gpx: not valid XML/);
    expect(() => parseGpx("<kml></kml>", "map.gpx")).toThrow("map.gpx: not a GPX file (no <gpx> element)");
  });
});
