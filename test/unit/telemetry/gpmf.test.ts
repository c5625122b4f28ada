import { describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { MAX_GPS_PRECISION_DOP100, parseGpmfPayload } from "../../../pipeline/telemetry/gpmf.js";

/** One KLV: key, type, struct size, repeat, then the data padded to 4 bytes. */
function klv(key: string, type: string, structSize: number, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.write(key, 0, "latin1");
  header.writeUInt8(type === "" ? 0 : type.charCodeAt(0), 4);
  header.writeUInt8(structSize, 5);
  header.writeUInt16BE(data.length / structSize, 6);
  return Buffer.concat([header, data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
}

const nest = (key: string, ...children: Buffer[]) => klv(key, "", 1, Buffer.concat(children));
/** Type "c" is a character string; type "U" a 16-byte UTC time "yymmddhhmmss.sss". */
const text = (key: string, value: string, type: "c" | "U" = "c") =>
  klv(key, type, type === "U" ? 16 : 1, Buffer.from(value, "latin1"));

function numbers(key: string, type: "l" | "L" | "S" | "s", rows: number[][]): Buffer {
  const size = type === "l" || type === "L" ? 4 : 2;
  const data = Buffer.alloc(rows.length * rows[0]!.length * size);
  rows.flat().forEach((value, i) => {
    if (type === "l") data.writeInt32BE(value, i * size);
    else if (type === "L") data.writeUInt32BE(value, i * size);
    else if (type === "S") data.writeUInt16BE(value, i * size);
    else data.writeInt16BE(value, i * size);
  });
  return klv(key, type, rows[0]!.length * size, data);
}

const GPS5_SCALE = [10_000_000, 10_000_000, 1000, 1000, 100];

/** A GoPro payload with one GPS5 stream: GPSU time, fix, precision and [lat, lon, alt, speed2d, speed3d] rows. */
function gps5Payload(gpsu: string, fix: number, precision: number, rows: number[][]): Buffer {
  const scaled = rows.map((row) => row.map((value, k) => Math.round(value * GPS5_SCALE[k]!)));
  return nest(
    "DEVC",
    text("DVNM", "Camera"),
    nest(
      "STRM",
      text("STNM", "GPS (Lat., Long., Alt., 2D speed, 3D speed)"),
      numbers("GPSF", "L", [[fix]]),
      text("GPSU", gpsu, "U"),
      numbers("GPSP", "S", [[precision]]),
      numbers("SCAL", "l", GPS5_SCALE.map((scale) => [scale])),
      numbers("GPS5", "l", scaled),
    ),
  );
}

describe("parseGpmfPayload", () => {
  it("scales GPS5 values and spreads the samples until the next payload's GPSU", () => {
    const data = Buffer.concat([
      gps5Payload("240112171119.000", 3, 150, [
        [55.2551, 12.1189, 31.5, 13.9, 14],
        [55.2552, 12.119, 31.6, 14.1, 14.2],
      ]),
      gps5Payload("240112171120.000", 3, 150, [[55.2553, 12.1191, 31.7, 14.2, 14.3]]),
    ]);
    const track = parseGpmfPayload(data, "two-payloads.raw");
    expect(track.format).toBe("gpmf");
    expect(track.points.map((point) => point.timeMs)).toEqual([
      Date.UTC(2024, 0, 12, 17, 11, 19, 0),
      Date.UTC(2024, 0, 12, 17, 11, 19, 500),
      Date.UTC(2024, 0, 12, 17, 11, 20, 0),
    ]);
    expect(track.points[0]).toEqual({
      timeMs: Date.UTC(2024, 0, 12, 17, 11, 19),
      lat: 55.2551,
      lon: 12.1189,
      altitudeMeters: 31.5,
      speedMps: 13.9,
      // GPSP 150 = DOP 1.5 → about 7.5 m
      horizontalAccuracyMeters: 7.5,
      fix: "3d",
    });
  });

  it(`drops payloads without a fix (GPSF 0) or with GPSP above ${MAX_GPS_PRECISION_DOP100}, and counts them`, () => {
    const row = [55.2551, 12.1189, 31.5, 13.9, 14];
    const data = Buffer.concat([
      gps5Payload("240112171119.000", 0, 9999, [row, row]),
      gps5Payload("240112171120.000", 3, 600, [row]),
      gps5Payload("240112171121.000", 2, 500, [row]),
    ]);
    const track = parseGpmfPayload(data, "cold-start.raw");
    expect(track.points).toHaveLength(1);
    expect(track.points[0]?.fix).toBe("2d");
    expect(track.skipped).toEqual({ "no fix": 2, "precision above DOP 5": 1 });
  });

  it("takes GPS9 times, DOP and fix from each sample through the stream's TYPE layout", () => {
    const gps9Scale = [10_000_000, 10_000_000, 1000, 1000, 100, 1, 1000, 100, 1];
    const gps9Row = (lat: number, secondsOfDay: number, dop100: number, fix: number) => {
      const row = Buffer.alloc(32);
      [lat, 12.1189, 31.5, 13.9, 14, 8777, secondsOfDay].forEach((value, k) =>
        row.writeInt32BE(Math.round(value * gps9Scale[k]!), k * 4),
      );
      row.writeUInt16BE(dop100, 28);
      row.writeUInt16BE(fix, 30);
      return row;
    };
    const data = nest(
      "DEVC",
      nest(
        "STRM",
        numbers("SCAL", "l", gps9Scale.map((scale) => [scale])),
        text("TYPE", "lllllllSS"),
        klv(
          "GPS9",
          "?",
          32,
          Buffer.concat([gps9Row(55.2551, 61_879.1, 120, 3), gps9Row(55.2552, 61_879.2, 800, 3), gps9Row(55.2553, 61_879.3, 120, 0)]),
        ),
      ),
    );
    const track = parseGpmfPayload(data, "hero12.raw");
    // day 8777 after 2000-01-01 is 2024-01-12; 61879.1 s is 17:11:19.1
    expect(track.points).toEqual([
      {
        timeMs: Date.UTC(2024, 0, 12, 17, 11, 19, 100),
        lat: 55.2551,
        lon: 12.1189,
        altitudeMeters: 31.5,
        speedMps: 13.9,
        horizontalAccuracyMeters: 6,
        fix: "3d",
      },
    ]);
    expect(track.skipped).toEqual({ "precision above DOP 5": 1, "no fix": 1 });
  });

  it("says so when the telemetry has no GPS stream", () => {
    const data = nest("DEVC", nest("STRM", text("STNM", "Accelerometer"), numbers("ACCL", "s", [[1, 2, 3]])));
    expect(() => parseGpmfPayload(data, "drone.raw")).toThrow(InputError);
    expect(() => parseGpmfPayload(data, "drone.raw")).toThrow("drone.raw: GoPro telemetry has no GPS (no GPS5/GPS9)");
  });

  it("rejects a payload whose sizes run past its end", () => {
    const data = gps5Payload("240112171119.000", 3, 150, [[55.2551, 12.1189, 31.5, 13.9, 14]]);
    expect(() => parseGpmfPayload(data.subarray(0, data.length - 8), "cut.raw")).toThrow("cut.raw: malformed GPMF data");
  });
});
