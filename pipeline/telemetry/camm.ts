/**
 * CAMM (Google's Camera Motion Metadata): an MP4 track with handler 'meta' and sample entry 'camm'. Each sample
 * is one packet: uint16 reserved, uint16 type, then a little-endian payload. Only the GPS packets matter here:
 * type 5 (lat, lon, alt as doubles; no time) and type 6 (full GPS with GPS-epoch time, fix, accuracy, velocity).
 */
import { InputError } from "../errors.js";
import type { Mp4File, Mp4Sample } from "./mp4-boxes.js";
import { TrackCollector } from "./track-collector.js";
import type { FixQuality, ParsedTrack, TrackPoint } from "./track-point.js";

const MINIMAL_GPS = 5;
const FULL_GPS = 6;
const PACKET_HEADER_BYTES = 4;
const MINIMAL_GPS_BYTES = PACKET_HEADER_BYTES + 3 * 8;
const FULL_GPS_BYTES = PACKET_HEADER_BYTES + 8 + 4 + 8 + 8 + 7 * 4;
/** GPS time started at 1980-01-06 UTC and has not counted the 18 leap seconds added since. */
const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);
const GPS_LEAP_SECONDS = 18;
/** Below walking pace the direction of the velocity vector is noise. */
const MIN_SPEED_FOR_HEADING_MPS = 0.5;

export interface CammPacket {
  data: Buffer;
  /** media time of the sample in the track */
  timeSeconds: number;
}

/** The GPS track of a CAMM video; null when the file has no CAMM track. */
export async function readCammTrack(mp4: Mp4File): Promise<ParsedTrack | null> {
  const samples = mp4.findTrackSamples("meta", "camm");
  if (samples === null) return null;
  // gyro, accelerometer and other packets are 16 bytes or less; skipping them avoids thousands of reads
  const gpsSized = samples.filter((sample: Mp4Sample) => sample.size >= MINIMAL_GPS_BYTES);
  const packets: CammPacket[] = [];
  for (const sample of gpsSized) packets.push({ data: await mp4.readSample(sample), timeSeconds: sample.timeSeconds });
  return parseCammPackets(packets, mp4.creationTimeMs, mp4.path);
}

/**
 * Turns CAMM packets into a track. Type 6 packets carry their own time; when a file has only type 5, times are
 * the video's creation time (mvhd) plus each sample's media time.
 */
export function parseCammPackets(packets: CammPacket[], creationTimeMs: number | undefined, file: string): ParsedTrack {
  const full = packets.filter((packet) => packetType(packet) === FULL_GPS);
  const minimal = packets.filter((packet) => packetType(packet) === MINIMAL_GPS);
  if (full.length === 0 && minimal.length === 0) {
    throw new InputError(file, "CAMM telemetry has no GPS (no type 5/6 packets)");
  }
  const collector = new TrackCollector(file, "camm");
  if (full.length > 0) {
    for (const packet of full) addFullGps(packet, collector);
    for (let i = 0; i < minimal.length; i++) collector.skip("type 5 GPS beside type 6");
  } else {
    if (creationTimeMs === undefined) {
      throw new InputError(file, "CAMM type 5 GPS has no time and the video has no creation time");
    }
    collector.warn(
      "CAMM GPS without time (type 5): times are the video's creation time plus the media time, " +
        "only as exact as the camera's clock",
    );
    for (const packet of minimal) addMinimalGps(packet, creationTimeMs, collector);
  }
  return collector.finish();
}

function packetType({ data }: CammPacket): number | undefined {
  const type = data.length >= PACKET_HEADER_BYTES ? data.readUInt16LE(2) : undefined;
  if (type === FULL_GPS && data.length >= FULL_GPS_BYTES) return type;
  if (type === MINIMAL_GPS && data.length >= MINIMAL_GPS_BYTES) return type;
  return undefined;
}

function addMinimalGps({ data, timeSeconds }: CammPacket, creationTimeMs: number, collector: TrackCollector): void {
  collector.add({
    timeMs: creationTimeMs + timeSeconds * 1000,
    lat: data.readDoubleLE(4),
    lon: data.readDoubleLE(12),
    altitudeMeters: data.readDoubleLE(20),
  }, timeSeconds);
}

function addFullGps({ data, timeSeconds }: CammPacket, collector: TrackCollector): void {
  const gpsSeconds = data.readDoubleLE(4);
  const fixType = data.readInt32LE(12);
  if (fixType === 0) {
    collector.skip("no fix");
    return;
  }
  if (!(gpsSeconds > 0)) {
    collector.skip("no GPS time");
    return;
  }
  const velocityEast = data.readFloatLE(44);
  const velocityNorth = data.readFloatLE(48);
  const point: TrackPoint = {
    timeMs: GPS_EPOCH_MS + (gpsSeconds - GPS_LEAP_SECONDS) * 1000,
    lat: data.readDoubleLE(16),
    lon: data.readDoubleLE(24),
    altitudeMeters: finiteOrUndefined(data.readFloatLE(32)),
    horizontalAccuracyMeters: positiveOrUndefined(data.readFloatLE(36)),
    fix: fixQuality(fixType),
  };
  const speedMps = Math.hypot(velocityEast, velocityNorth);
  if (Number.isFinite(speedMps)) point.speedMps = speedMps;
  if (speedMps >= MIN_SPEED_FOR_HEADING_MPS) {
    point.headingDegrees = ((Math.atan2(velocityEast, velocityNorth) * 180) / Math.PI + 360) % 360;
  }
  collector.add(point, timeSeconds);
}

function fixQuality(fixType: number): FixQuality | undefined {
  if (fixType === 2) return "2d";
  if (fixType === 3) return "3d";
  return undefined;
}

function finiteOrUndefined(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

function positiveOrUndefined(value: number): number | undefined {
  return value > 0 ? value : undefined;
}
