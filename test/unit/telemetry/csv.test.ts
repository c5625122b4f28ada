import { describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { parseCsv } from "../../../pipeline/telemetry/csv.js";

describe("parseCsv", () => {
  it("reads a comma-separated track with ISO times and optional columns", () => {
    const text = [
      "time,lat,lon,speed,heading,altitude,accuracy",
      "2024-01-12T18:11:19+01:00,55.2551,12.1189,13.5,271,31.5,4",
      "2024-01-12T17:11:20Z,55.2552,12.1191,,,,",
    ].join("\n");
    const track = parseCsv(text, "drive.csv");
    expect(track.format).toBe("csv");
    expect(track.points).toEqual([
      {
        timeMs: Date.UTC(2024, 0, 12, 17, 11, 19),
        lat: 55.2551,
        lon: 12.1189,
        speedMps: 13.5,
        headingDegrees: 271,
        altitudeMeters: 31.5,
        horizontalAccuracyMeters: 4,
      },
      { timeMs: Date.UTC(2024, 0, 12, 17, 11, 20), lat: 55.2552, lon: 12.1191 },
    ]);
  });

  it("reads a Danish Excel export: semicolons, decimal commas, km/h, a byte-order mark and CRLF", () => {
    const text = "\uFEFFTimestamp;Latitude;Longitude;Speed_kmh;Course\r\n" +
      "2024-01-12 18:11:19+01:00;55,2551;12,1189;36,0;90,5\r\n" +
      "2024-01-12 18:11:20+01:00;55,2552;12,1191;54;91\r\n";
    const track = parseCsv(text, "tur.csv");
    expect(track.points).toHaveLength(2);
    expect(track.points[0]).toEqual({
      timeMs: Date.UTC(2024, 0, 12, 17, 11, 19),
      lat: 55.2551,
      lon: 12.1189,
      speedMps: 10,
      headingDegrees: 90.5,
    });
    expect(track.points[1]?.speedMps).toBeCloseTo(15, 9);
  });

  it("reads Unix seconds and milliseconds and the lng alias", () => {
    const text = ["utc,latitude,lng", "1705079479,55.1,12.1", "1705079480500,55.2,12.2", "1705079481.25,55.3,12.3"];
    expect(parseCsv(text.join("\n"), "unix.csv").points.map((point) => point.timeMs)).toEqual([
      1_705_079_479_000, 1_705_079_480_500, 1_705_079_481_250,
    ]);
  });

  it("reads quoted fields", () => {
    const text = ['"datetime","lat","lon","note"', '"2024-01-12T17:11:19Z","55.1","12.1","bump, big"'].join("\n");
    expect(parseCsv(text, "quoted.csv").points).toHaveLength(1);
  });

  it("skips and counts bad rows", () => {
    const text = [
      "time,lat,lon",
      "2024-01-12T17:11:19Z,55.1,12.1",
      "2024-01-12T17:11:20Z,abc,12.1",
      "2024-01-12T17:11:21Z,95.0,12.1",
      "2024-01-12T17:11:22,55.1,12.1",
      "next tuesday,55.1,12.1",
      ",55.1,12.1",
      "2024-01-12T17:11:23Z,55.1",
    ].join("\n");
    const track = parseCsv(text, "bad-rows.csv");
    expect(track.points).toHaveLength(1);
    expect(track.skipped).toEqual({
      "bad coordinates": 3,
      "time without time zone": 1,
      "bad time": 1,
      "no time": 1,
    });
  });

  it("names the missing columns and the accepted names", () => {
    expect(() => parseCsv("time,x,y\n2024-01-12T17:11:19Z,1,2\n", "xy.csv")).toThrow(InputError);
    expect(() => parseCsv("time,x,y\n2024-01-12T17:11:19Z,1,2\n", "xy.csv")).toThrow(
      /^xy\.csv: CSV header lacks lat, lon \(found columns: time, x, y; accepted names: lat\/latitude; lon\/lng/,
    );
  });

  it("throws an InputError naming the file when no row is usable", () => {
    expect(() => parseCsv("time,lat,lon\n", "header-only.csv")).toThrow("header-only.csv: no valid track points");
  });
});
