import { describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { parseCammPackets } from "../../../pipeline/telemetry/camm.js";
import { encodeCammPacket, type CammTestPacket } from "../../support/camm-mp4-writer.js";

const at = (timeSeconds: number, packet: CammTestPacket) => ({ data: encodeCammPacket(packet), timeSeconds });

function fullGps(
  gpsTimeSeconds: number,
  fixType: number,
  velocityEastMps: number,
  velocityNorthMps: number,
): CammTestPacket {
  return {
    type: 6,
    gpsTimeSeconds,
    fixType,
    lat: 55.2551,
    lon: 12.1189,
    altitudeMeters: 31.5,
    horizontalAccuracyMeters: 2.5,
    verticalAccuracyMeters: 4,
    velocityEastMps,
    velocityNorthMps,
    velocityUpMps: 0,
    speedAccuracyMps: 0.3,
  };
}

/** GPS seconds of 2024-01-12T17:11:19Z: seconds since 1980-01-06 plus the 18 leap seconds GPS time does not skip. */
const GPS_SECONDS_2024_01_12_171119 = (Date.UTC(2024, 0, 12, 17, 11, 19) - Date.UTC(1980, 0, 6)) / 1000 + 18;

describe("parseCammPackets", () => {
  it("converts type 6 GPS time to UTC and velocity to speed and heading", () => {
    const track = parseCammPackets([at(0, fullGps(GPS_SECONDS_2024_01_12_171119, 3, -3, -4))], undefined, "phone.mp4");
    expect(track.format).toBe("camm");
    expect(track.points).toHaveLength(1);
    const [point] = track.points;
    expect(point?.timeMs).toBe(Date.UTC(2024, 0, 12, 17, 11, 19));
    expect(point).toMatchObject({
      lat: 55.2551,
      lon: 12.1189,
      altitudeMeters: 31.5,
      horizontalAccuracyMeters: 2.5,
      fix: "3d",
    });
    expect(point?.speedMps).toBeCloseTo(5, 5);
    // moving south-west: east −3, north −4
    expect(point?.headingDegrees).toBeCloseTo(180 + (Math.atan2(3, 4) * 180) / Math.PI, 4);
  });

  it("leaves out the heading when standing still and skips packets without a fix", () => {
    const track = parseCammPackets(
      [at(0, fullGps(GPS_SECONDS_2024_01_12_171119, 3, 0, 0)), at(1, fullGps(GPS_SECONDS_2024_01_12_171119 + 1, 0, 0, 0))],
      undefined,
      "parked.mp4",
    );
    expect(track.points).toHaveLength(1);
    expect(track.points[0]?.headingDegrees).toBeUndefined();
    expect(track.skipped).toEqual({ "no fix": 1 });
  });

  it("prefers type 6 over type 5 when a file has both", () => {
    const track = parseCammPackets(
      [at(0, fullGps(GPS_SECONDS_2024_01_12_171119, 3, 1, 0)), at(0, { type: 5, lat: 1, lon: 1, altitudeMeters: 0 })],
      Date.UTC(2030, 0, 1),
      "both.mp4",
    );
    expect(track.points.map((point) => point.timeMs)).toEqual([Date.UTC(2024, 0, 12, 17, 11, 19)]);
    expect(track.skipped).toEqual({ "type 5 GPS beside type 6": 1 });
    expect(track.warnings).toEqual([]);
  });

  it("times type 5 GPS from the creation time plus media time, with a warning", () => {
    const creationTimeMs = Date.UTC(2024, 0, 12, 17, 11, 0);
    const track = parseCammPackets(
      [
        at(0.5, { type: 5, lat: 55.2551, lon: 12.1189, altitudeMeters: 31.5 }),
        at(1.5, { type: 5, lat: 55.2552, lon: 12.119, altitudeMeters: 31.6 }),
      ],
      creationTimeMs,
      "dashcam.mp4",
    );
    expect(track.points.map((point) => point.timeMs - creationTimeMs)).toEqual([500, 1500]);
    expect(track.warnings).toHaveLength(1);
    const untimed = [at(0, { type: 5, lat: 55.2, lon: 12.1, altitudeMeters: 0 })];
    expect(() => parseCammPackets(untimed, undefined, "dashcam.mp4")).toThrow(
      "dashcam.mp4: CAMM type 5 GPS has no time and the video has no creation time",
    );
  });

  it("says so when the CAMM track has no GPS packets", () => {
    const gyro = at(0, { type: 2, gyroRadiansPerSecond: [0.1, 0.2, 0.3] });
    expect(() => parseCammPackets([gyro], undefined, "imu.mp4")).toThrow(InputError);
    expect(() => parseCammPackets([gyro], undefined, "imu.mp4")).toThrow(
      "imu.mp4: CAMM telemetry has no GPS (no type 5/6 packets)",
    );
  });
});
