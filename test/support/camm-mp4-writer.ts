/**
 * Writes a minimal MP4 holding one CAMM track, for tests: no CAMM sample video exists in the project's data.
 * Layout: ftyp, mdat (all packets in one chunk), moov (mvhd, trak: tkhd, mdia: mdhd, hdlr 'meta',
 * minf: nmhd, dinf, stbl: stsd 'camm', stts, stsc, stsz, stco).
 */
import { writeFile } from "node:fs/promises";

export type CammTestPacket =
  | { type: 2; gyroRadiansPerSecond: [number, number, number] }
  | { type: 5; lat: number; lon: number; altitudeMeters: number }
  | {
      type: 6;
      gpsTimeSeconds: number;
      fixType: number;
      lat: number;
      lon: number;
      altitudeMeters: number;
      horizontalAccuracyMeters: number;
      verticalAccuracyMeters: number;
      velocityEastMps: number;
      velocityNorthMps: number;
      velocityUpMps: number;
      speedAccuracyMps: number;
    };

export interface CammMp4Options {
  /** written to mvhd; omitted means zero ("unknown") */
  creationTime?: Date;
  /** every sample lasts this long */
  sampleDurationSeconds: number;
}

const MP4_EPOCH_OFFSET_SECONDS = 2_082_844_800;
const TIMESCALE = 1000;

/** One CAMM sample: uint16 reserved, uint16 type, little-endian payload. */
export function encodeCammPacket(packet: CammTestPacket): Buffer {
  const values: [kind: "f32" | "f64" | "i32", value: number][] =
    packet.type === 2
      ? packet.gyroRadiansPerSecond.map((value) => ["f32", value] as const)
      : packet.type === 5
        ? [
            ["f64", packet.lat],
            ["f64", packet.lon],
            ["f64", packet.altitudeMeters],
          ]
        : [
            ["f64", packet.gpsTimeSeconds],
            ["i32", packet.fixType],
            ["f64", packet.lat],
            ["f64", packet.lon],
            ["f32", packet.altitudeMeters],
            ["f32", packet.horizontalAccuracyMeters],
            ["f32", packet.verticalAccuracyMeters],
            ["f32", packet.velocityEastMps],
            ["f32", packet.velocityNorthMps],
            ["f32", packet.velocityUpMps],
            ["f32", packet.speedAccuracyMps],
          ];
  const size = 4 + values.reduce((sum, [kind]) => sum + (kind === "f64" ? 8 : 4), 0);
  const buf = Buffer.alloc(size);
  buf.writeUInt16LE(packet.type, 2);
  let at = 4;
  for (const [kind, value] of values) {
    if (kind === "f64") at = buf.writeDoubleLE(value, at);
    else if (kind === "f32") at = buf.writeFloatLE(value, at);
    else at = buf.writeInt32LE(value, at);
  }
  return buf;
}

export async function writeCammMp4(file: string, packets: CammTestPacket[], options: CammMp4Options): Promise<void> {
  const samples = packets.map(encodeCammPacket);
  const sampleDelta = Math.round(options.sampleDurationSeconds * TIMESCALE);
  const duration = sampleDelta * samples.length;
  const creation = options.creationTime ? Math.round(options.creationTime.getTime() / 1000) + MP4_EPOCH_OFFSET_SECONDS : 0;

  const ftyp = box("ftyp", ascii("isom"), u32(512), ascii("isom"), ascii("iso2"), ascii("mp41"));
  const mdat = box("mdat", ...samples);
  const firstSampleOffset = ftyp.length + 8;

  const mvhd = fullBox("mvhd", 0, 0, u32(creation), u32(creation), u32(TIMESCALE), u32(duration), u32(0x00010000),
    u16(0x0100), Buffer.alloc(10), identityMatrix(), Buffer.alloc(24), u32(2));
  const tkhd = fullBox("tkhd", 0, 3, u32(creation), u32(creation), u32(1), u32(0), u32(duration), Buffer.alloc(8),
    u16(0), u16(0), u16(0), u16(0), identityMatrix(), u32(0), u32(0));
  const mdhd = fullBox("mdhd", 0, 0, u32(creation), u32(creation), u32(TIMESCALE), u32(duration), u16(0x55c4), u16(0));
  const hdlr = fullBox("hdlr", 0, 0, u32(0), ascii("meta"), Buffer.alloc(12), ascii("CameraMetadataMotionHandler\0"));
  const cammEntry = box("camm", Buffer.alloc(6), u16(1));
  const stbl = box(
    "stbl",
    fullBox("stsd", 0, 0, u32(1), cammEntry),
    fullBox("stts", 0, 0, u32(1), u32(samples.length), u32(sampleDelta)),
    fullBox("stsc", 0, 0, u32(1), u32(1), u32(samples.length), u32(1)),
    fullBox("stsz", 0, 0, u32(0), u32(samples.length), ...samples.map((sample) => u32(sample.length))),
    fullBox("stco", 0, 0, u32(1), u32(firstSampleOffset)),
  );
  const dinf = box("dinf", fullBox("dref", 0, 0, u32(1), fullBox("url ", 0, 1)));
  const minf = box("minf", fullBox("nmhd", 0, 0), dinf, stbl);
  const moov = box("moov", mvhd, box("trak", tkhd, box("mdia", mdhd, hdlr, minf)));
  await writeFile(file, Buffer.concat([ftyp, mdat, moov]));
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), ascii(type), body]);
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  return box(type, u32((version << 24) | flags), ...payload);
}

function identityMatrix(): Buffer {
  return Buffer.concat([0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000].map(u32));
}

function u32(value: number): Buffer {
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value >>> 0);
  return buf;
}

function u16(value: number): Buffer {
  const buf = Buffer.alloc(2);
  buf.writeUInt16BE(value);
  return buf;
}

function ascii(text: string): Buffer {
  return Buffer.from(text, "latin1");
}
