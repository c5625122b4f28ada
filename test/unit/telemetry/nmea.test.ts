import { describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { parseNmea } from "../../../pipeline/telemetry/nmea.js";

/** Adds "*hh", the XOR of the characters between "$" and "*". */
function sentence(body: string): string {
  let checksum = 0;
  for (const char of body) checksum ^= char.charCodeAt(0);
  return `$${body}*${checksum.toString(16).toUpperCase().padStart(2, "0")}`;
}

const log = (...lines: string[]) => lines.join("\r\n") + "\r\n";

describe("parseNmea", () => {
  it("merges the RMC, VTG and GGA of one fix into one point (checksums as published with the examples)", () => {
    const track = parseNmea(
      log(
        "$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A",
        "$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K*48",
        "$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47",
      ),
      "munich.nmea",
    );
    expect(track.format).toBe("nmea");
    expect(track.points).toHaveLength(1);
    const [point] = track.points;
    expect(point?.timeMs).toBe(Date.UTC(1994, 2, 23, 12, 35, 19));
    expect(point?.lat).toBeCloseTo(48 + 7.038 / 60, 9);
    expect(point?.lon).toBeCloseTo(11 + 31 / 60, 9);
    expect(point?.altitudeMeters).toBe(545.4);
    // VTG's course and speed win over RMC's: 10.2 km/h
    expect(point?.headingDegrees).toBe(54.7);
    expect(point?.speedMps).toBeCloseTo(10.2 / 3.6, 9);
    // HDOP 0.9 → about 4.5 m
    expect(point?.horizontalAccuracyMeters).toBeCloseTo(4.5, 9);
    expect(track.skipped).toEqual({});
  });

  it("reads $GN (multi-constellation) sentences, west longitudes and RMC speed in knots", () => {
    const track = parseNmea(
      log(
        "$GNRMC,001031.00,A,4404.13993,N,12118.86023,W,0.146,,100117,,,A*7B",
        "$GNGGA,001043.00,4404.14036,N,12118.85961,W,1,12,0.98,1113.0,M,-21.3,M,,*47",
      ),
      "bend.nmea",
    );
    expect(track.points).toHaveLength(2);
    expect(track.points[0]?.lon).toBeCloseTo(-(121 + 18.86023 / 60), 9);
    expect(track.points[0]?.speedMps).toBeCloseTo((0.146 * 1852) / 3600, 9);
    expect(track.points[0]?.headingDegrees).toBeUndefined();
    // the GGA-only fix takes its date from the RMC
    expect(track.points[1]?.timeMs).toBe(Date.UTC(2017, 0, 10, 0, 10, 43));
  });

  it("accepts GLONASS, Galileo and BeiDou talkers", () => {
    const track = parseNmea(
      log(
        sentence("GLRMC,100000.00,A,5515.000,N,01207.000,E,10.0,90.0,120124,,,A"),
        sentence("GARMC,100001.00,A,5515.000,N,01207.010,E,10.0,90.0,120124,,,A"),
        sentence("GBRMC,100002.00,A,5515.000,N,01207.020,E,10.0,90.0,120124,,,A"),
      ),
      "talkers.nmea",
    );
    expect(track.points).toHaveLength(3);
  });

  it("skips sentences with a bad or missing checksum and counts them", () => {
    const good = sentence("GPRMC,100000.00,A,5515.000,N,01207.000,E,10.0,90.0,120124,,,A");
    // one digit changed after the checksum was computed, as a bad serial line does
    const corrupted = sentence("GPRMC,100001.00,A,5515.000,N,01207.010,E,10.0,90.0,120124,,,A").replace("5515.0", "5515.9");
    const unchecked = "$GPRMC,100002.00,A,5515.000,N,01207.020,E,10.0,90.0,120124,,,A";
    const track = parseNmea(log(good, corrupted, unchecked), "noisy.nmea");
    expect(track.points).toHaveLength(1);
    expect(track.skipped).toEqual({ "bad checksum": 1, "missing checksum": 1 });
  });

  it("skips and counts sentences without a fix (RMC status V, GGA quality 0) and their VTG", () => {
    const track = parseNmea(
      log(
        sentence("GPRMC,100000.00,V,,,,,,,120124,,,N"),
        sentence("GPGGA,100000.00,,,,,0,00,99.99,,,,,,"),
        sentence("GPVTG,,T,,M,0.0,N,0.0,K,N"),
        sentence("GPRMC,100001.00,A,5515.000,N,01207.000,E,10.0,90.0,120124,,,A"),
        sentence("GPVTG,90.0,T,,M,10.0,N,18.5,K,A"),
      ),
      "cold-start.nmea",
    );
    expect(track.points).toHaveLength(1);
    expect(track.points[0]?.speedMps).toBeCloseTo(18.5 / 3.6, 9);
    expect(track.skipped).toEqual({ "no fix": 3 });
  });

  it("dates a GGA just after midnight from an RMC just before it", () => {
    const track = parseNmea(
      log(
        sentence("GPRMC,235959.00,A,5515.000,N,01207.000,E,0.0,,311224,,,A"),
        sentence("GPGGA,000000.00,5515.000,N,01207.000,E,1,08,1.0,20.0,M,40.0,M,,"),
      ),
      "new-year.nmea",
    );
    expect(track.points.map((point) => new Date(point.timeMs).toISOString())).toEqual([
      "2024-12-31T23:59:59.000Z",
      "2025-01-01T00:00:00.000Z",
    ]);
  });

  it("maps GGA quality to fix kinds", () => {
    const gga = (time: string, quality: number) =>
      sentence(`GPGGA,${time},5515.000,N,01207.000,E,${quality},08,1.0,20.0,M,40.0,M,,`);
    const track = parseNmea(
      log(
        sentence("GPRMC,100000.00,A,5515.000,N,01207.000,E,0.0,,120124,,,A"),
        gga("100001", 2),
        gga("100002", 4),
        gga("100003", 6),
      ),
      "fixes.nmea",
    );
    expect(track.points.map((point) => point.fix)).toEqual([undefined, "dgps", "rtk", "estimated"]);
  });

  it("says what is wrong with a log that has no usable fix, or no NMEA at all", () => {
    const onlyGga = log(sentence("GPGGA,100000.00,5515.000,N,01207.000,E,1,08,1.0,20.0,M,40.0,M,,"));
    expect(() => parseNmea(onlyGga, "undated.nmea")).toThrow(
      "undated.nmea: no valid track points (skipped: 1 no date (no valid RMC in the log))",
    );
    expect(() => parseNmea("hello\nworld\n", "notes.txt")).toThrow(InputError);
    expect(() => parseNmea("hello\nworld\n", "notes.txt")).toThrow("notes.txt: no NMEA RMC, GGA or VTG sentences");
  });
});
