/**
 * GoPro GPMF telemetry: the 'gpmd' metadata track of a GoPro MP4, or raw GPMF payloads.
 *
 * GPMF is KLV: a FourCC key, a one-byte type, a one-byte struct size and a 16-bit repeat count, then
 * structSize × repeat bytes padded to 4 (all big-endian). Type 0 nests more KLV (DEVC device → STRM stream).
 * Within a stream, sticky values (SCAL scale, TYPE layout, GPSU time, GPSF fix, GPSP precision) come before
 * the samples they describe.
 */
import { InputError } from "../errors.js";
import type { Mp4File } from "./mp4-boxes.js";
import { TrackCollector } from "./track-collector.js";
import { horizontalAccuracyFromDop } from "./track-fields.js";
import type { FixQuality, ParsedTrack, TrackPoint } from "./track-point.js";

/** GPSP is the dilution of precision × 100; GoPro documents values under 500 (DOP 5) as a good fix. */
export const MAX_GPS_PRECISION_DOP100 = 500;
/** A GoPro writes one GPMF payload about every second; used when a raw buffer says nothing about timing. */
const ASSUMED_PAYLOAD_SECONDS = 1;
const GPS9_EPOCH_MS = Date.UTC(2000, 0, 1);
const NO_GPS = "GoPro telemetry has no GPS (no GPS5/GPS9)";

interface Klv {
  key: string;
  /** GPMF type character; "\0" for a nested container */
  type: string;
  structSize: number;
  repeat: number;
  data: Buffer;
  children: Klv[];
}

interface GpsBlock {
  key: "GPS5" | "GPS9";
  /** scaled values: GPS5 lat, lon, alt, 2D speed, 3D speed; GPS9 adds days since 2000, seconds of day, DOP, fix */
  rows: number[][];
  /** GPSU: the UTC time GoPro stamps on the payload, taken as the time of its first sample */
  utcMs: number | undefined;
  /** GPSF: 0 no fix, 2 2D, 3 3D */
  fix: number | undefined;
  /** GPSP: DOP × 100 */
  precisionDop100: number | undefined;
}

interface GpsPayload {
  blocks: GpsBlock[];
  /** the MP4 sample's duration; undefined for raw payloads */
  durationSeconds: number | undefined;
  /** the MP4 sample's start in the video; undefined for raw payloads */
  startSeconds: number | undefined;
}

/**
 * Parses a raw GPMF buffer: one payload (an MP4 'gpmd' sample) or several written one after another.
 * Without MP4 timing, each payload's GPS5 samples are spread until the next payload's GPSU time.
 */
export function parseGpmfPayload(data: Buffer, file: string): ParsedTrack {
  const entries = readKlvs(data);
  if (entries === undefined) throw new InputError(file, "malformed GPMF data");
  const payloads = entries.map((entry) => ({
    blocks: extractGpsBlocks([entry]),
    durationSeconds: undefined,
    startSeconds: undefined,
  }));
  return gpsTrack(file, payloads, 0);
}

/** The GPS track of a GoPro MP4; null when the file has no GPMF track. */
export async function readGpmfTrack(mp4: Mp4File): Promise<ParsedTrack | null> {
  const samples = mp4.findTrackSamples("meta", "gpmd");
  if (samples === null) return null;
  const payloads: GpsPayload[] = [];
  let malformed = 0;
  for (const sample of samples) {
    const entries = readKlvs(await mp4.readSample(sample));
    if (entries === undefined) malformed++;
    else {
      payloads.push({
        blocks: extractGpsBlocks(entries),
        durationSeconds: sample.durationSeconds,
        startSeconds: sample.timeSeconds,
      });
    }
  }
  return gpsTrack(mp4.path, payloads, malformed);
}

function gpsTrack(file: string, payloads: GpsPayload[], malformedPayloads: number): ParsedTrack {
  if (payloads.every((payload) => payload.blocks.length === 0)) throw new InputError(file, NO_GPS);
  const collector = new TrackCollector(file, "gpmf");
  for (let i = 0; i < malformedPayloads; i++) collector.skip("malformed GPMF payload");
  payloads.forEach((payload, index) => {
    // HERO11 and later write GPS9 (per-sample time and fix) beside GPS5 with the same positions
    const hasGps9 = payload.blocks.some((block) => block.key === "GPS9");
    for (const block of payload.blocks) {
      const spacingSeconds = sampleSpacingSeconds(payloads, index, block);
      const videoTimeOf = (row: number): number | undefined =>
        payload.startSeconds === undefined ? undefined : payload.startSeconds + row * spacingSeconds;
      if (block.key === "GPS9") addGps9(block, videoTimeOf, collector);
      else if (!hasGps9) addGps5(block, spacingSeconds, videoTimeOf, collector);
    }
  });
  return collector.finish();
}

type VideoTimeOfRow = (row: number) => number | undefined;

function addGps9(block: GpsBlock, videoTimeOf: VideoTimeOfRow, collector: TrackCollector): void {
  for (const [row, [lat = NaN, lon = NaN, altitude, speed2d, , days = NaN, seconds = NaN, dop, fix]] of block.rows.entries()) {
    const timeMs = GPS9_EPOCH_MS + days * 86_400_000 + Math.round(seconds * 1000);
    if (isUsableFix(fix, dop === undefined ? undefined : dop * 100, collector)) {
      collector.add(gpsPoint(timeMs, [lat, lon, altitude, speed2d], fix, dop), videoTimeOf(row));
    }
  }
}

function addGps5(block: GpsBlock, spacingSeconds: number, videoTimeOf: VideoTimeOfRow, collector: TrackCollector): void {
  for (const [i, [lat = NaN, lon = NaN, altitude, speed2d]] of block.rows.entries()) {
    if (block.utcMs === undefined) {
      collector.skip("GPS5 without GPSU time");
    } else if (isUsableFix(block.fix, block.precisionDop100, collector)) {
      const dop = block.precisionDop100 === undefined ? undefined : block.precisionDop100 / 100;
      const timeMs = block.utcMs + Math.round(i * spacingSeconds * 1000);
      collector.add(gpsPoint(timeMs, [lat, lon, altitude, speed2d], block.fix, dop), videoTimeOf(i));
    }
  }
}

function isUsableFix(fix: number | undefined, precisionDop100: number | undefined, collector: TrackCollector): boolean {
  if (fix === 0) {
    collector.skip("no fix");
    return false;
  }
  if (precisionDop100 !== undefined && precisionDop100 > MAX_GPS_PRECISION_DOP100) {
    collector.skip(`precision above DOP ${MAX_GPS_PRECISION_DOP100 / 100}`);
    return false;
  }
  return true;
}

function gpsPoint(
  timeMs: number,
  [lat, lon, altitudeMeters, speedMps]: [number, number, number | undefined, number | undefined],
  fix: number | undefined,
  dop: number | undefined,
): TrackPoint {
  return {
    timeMs,
    lat,
    lon,
    altitudeMeters,
    speedMps,
    horizontalAccuracyMeters: dop === undefined ? undefined : horizontalAccuracyFromDop(dop),
    fix: fixQuality(fix),
  };
}

function fixQuality(fix: number | undefined): FixQuality | undefined {
  if (fix === 2) return "2d";
  if (fix === 3) return "3d";
  return undefined;
}

/** GPS5 samples are spread evenly over their payload: the MP4 sample's duration, or until the next GPSU. */
function sampleSpacingSeconds(payloads: GpsPayload[], index: number, block: GpsBlock): number {
  const sampleCount = Math.max(block.rows.length, 1);
  const known = payloads[index]!.durationSeconds;
  if (known !== undefined) return known / sampleCount;
  const nextUtcMs = payloads.slice(index + 1).flatMap((p) => p.blocks.filter((b) => b.key === "GPS5"))[0]?.utcMs;
  const gapSeconds = nextUtcMs === undefined || block.utcMs === undefined ? NaN : (nextUtcMs - block.utcMs) / 1000;
  // a stale GPSU can make the gap far off one payload; then fall back to the usual payload length
  const duration = gapSeconds > 0 && gapSeconds <= 2 * ASSUMED_PAYLOAD_SECONDS ? gapSeconds : ASSUMED_PAYLOAD_SECONDS;
  return duration / sampleCount;
}

function extractGpsBlocks(entries: Klv[]): GpsBlock[] {
  return entries
    .filter((device) => device.key === "DEVC")
    .flatMap((device) => device.children.filter((stream) => stream.key === "STRM"))
    .flatMap((stream) => streamGpsBlocks(stream.children));
}

function streamGpsBlocks(entries: Klv[]): GpsBlock[] {
  const blocks: GpsBlock[] = [];
  let scale: number[] = [1];
  let complexType: string | undefined;
  let utcMs: number | undefined;
  let fix: number | undefined;
  let precisionDop100: number | undefined;
  for (const entry of entries) {
    switch (entry.key) {
      case "SCAL":
        scale = readRows(entry)?.flat() ?? [1];
        break;
      case "TYPE":
        complexType = readText(entry);
        break;
      case "GPSU":
        utcMs = parseGpsu(readText(entry));
        break;
      case "GPSF":
        fix = readRows(entry)?.[0]?.[0];
        break;
      case "GPSP":
        precisionDop100 = readRows(entry)?.[0]?.[0];
        break;
      case "GPS5":
      case "GPS9": {
        // one SCAL value scales every column, several scale one column each
        const unscale = (value: number, column: number) => value / (scale[column] ?? scale[0] ?? 1);
        const rows = readRows(entry, complexType)?.map((row) => row.map(unscale));
        if (rows) blocks.push({ key: entry.key, rows, utcMs, fix, precisionDop100 });
        break;
      }
    }
  }
  return blocks;
}

/** GPSU is "yymmddhhmmss.sss" in UTC. */
function parseGpsu(text: string): number | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2}(?:\.\d+)?)/.exec(text);
  if (!match) return undefined;
  const [yy = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, seconds = NaN] = match.slice(1).map(Number);
  return Date.UTC(2000 + yy, month - 1, day, hour, minute) + Math.round(seconds * 1000);
}

/** Reads a KLV sequence and its nested containers; undefined when any size runs past its container. */
function readKlvs(buf: Buffer): Klv[] | undefined {
  const entries: Klv[] = [];
  for (let at = 0; at + 8 <= buf.length; ) {
    const structSize = buf.readUInt8(at + 5);
    const repeat = buf.readUInt16BE(at + 6);
    const size = structSize * repeat;
    if (at + 8 + size > buf.length) return undefined;
    const entry: Klv = {
      key: buf.toString("latin1", at, at + 4),
      type: String.fromCharCode(buf.readUInt8(at + 4)),
      structSize,
      repeat,
      data: buf.subarray(at + 8, at + 8 + size),
      children: [],
    };
    if (entry.type === "\0") {
      const children = readKlvs(entry.data);
      if (children === undefined) return undefined;
      entry.children = children;
    }
    entries.push(entry);
    at += 8 + Math.ceil(size / 4) * 4;
  }
  return entries;
}

const NUMBER_SIZES: Record<string, number> = { b: 1, B: 1, s: 2, S: 2, l: 4, L: 4, f: 4, q: 4, d: 8, j: 8, J: 8, Q: 8 };

/**
 * The entry's values as rows of numbers, one row per repeat. A complex entry (type '?') takes its layout from
 * the stream's TYPE, e.g. "lllllllSS" for GPS9. Undefined when the layout does not match the struct size.
 */
function readRows(entry: Klv, complexType?: string): number[][] | undefined {
  const layout = entry.type === "?" ? expandLayout(complexType ?? "") : undefined;
  const elementSize = NUMBER_SIZES[entry.type];
  const types = layout ?? (elementSize ? new Array<string>(entry.structSize / elementSize).fill(entry.type) : []);
  const rowSize = types.reduce((sum, type) => sum + (NUMBER_SIZES[type] ?? NaN), 0);
  if (types.length === 0 || rowSize !== entry.structSize) return undefined;
  return Array.from({ length: entry.repeat }, (_, row) => {
    let at = row * entry.structSize;
    return types.map((type) => {
      const value = readNumber(entry.data, at, type);
      at += NUMBER_SIZES[type]!;
      return value;
    });
  });
}

/** "f[3]L" → ["f", "f", "f", "L"] */
function expandLayout(typeText: string): string[] {
  return [...typeText.matchAll(/([A-Za-z])(?:\[(\d+)\])?/g)].flatMap(([, type = "", count]) =>
    new Array<string>(count === undefined ? 1 : Number(count)).fill(type),
  );
}

function readNumber(buf: Buffer, at: number, type: string): number {
  switch (type) {
    case "b": return buf.readInt8(at);
    case "B": return buf.readUInt8(at);
    case "s": return buf.readInt16BE(at);
    case "S": return buf.readUInt16BE(at);
    case "l": return buf.readInt32BE(at);
    case "L": return buf.readUInt32BE(at);
    case "f": return buf.readFloatBE(at);
    case "d": return buf.readDoubleBE(at);
    case "q": return buf.readInt32BE(at) / 65536;
    case "j": return Number(buf.readBigInt64BE(at));
    case "J": return Number(buf.readBigUInt64BE(at));
    case "Q": return Number(buf.readBigInt64BE(at)) / 2 ** 32;
    default: return NaN;
  }
}

function readText(entry: Klv): string {
  return entry.data.toString("latin1").replace(/\0+$/, "");
}
