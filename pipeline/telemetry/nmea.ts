/**
 * NMEA 0183 logs. RMC (date, time, position, speed, course), GGA (time of day, position, altitude, fix quality,
 * HDOP) and VTG (course, speed; no time) from any talker ($GP, $GN, $GL, $GA, $GB, ...). A receiver writes
 * several sentences per fix, so sentences with the same time of day are merged into one point; a VTG belongs
 * to the fix whose sentences it follows.
 */
import { InputError } from "../errors.js";
import { TrackCollector } from "./track-collector.js";
import {
  METERS_PER_SECOND_PER_KMH,
  METERS_PER_SECOND_PER_KNOT,
  horizontalAccuracyFromDop,
  parseDecimal,
} from "./track-fields.js";
import type { FixQuality, ParsedTrack, TrackPoint } from "./track-point.js";

const DAY_MS = 86_400_000;

interface Position {
  lat: number;
  lon: number;
  fix: FixQuality | undefined;
}

interface RmcReading extends Position {
  /** UTC midnight of the sentence's date */
  dateMs: number;
  speedMps: number | undefined;
  headingDegrees: number | undefined;
}

interface GgaReading extends Position {
  altitudeMeters: number | undefined;
  hdop: number | undefined;
}

interface VtgReading {
  speedMps: number | undefined;
  headingDegrees: number | undefined;
}

/** The sentences of one fix. */
interface Epoch {
  timeOfDayMs: number;
  rmc?: RmcReading;
  gga?: GgaReading;
  vtg?: VtgReading;
}

type Sentence = { kind: "RMC" | "GGA" | "VTG"; fields: string[] };
type Reading<T> = T | { skipped: string };

export function parseNmea(text: string, file: string): ParsedTrack {
  const collector = new TrackCollector(file, "nmea");
  const { epochs, sentenceCount } = readEpochs(text, collector);
  if (sentenceCount === 0) throw new InputError(file, "no NMEA RMC, GGA or VTG sentences");
  const dates = epochDates(epochs);
  epochs.forEach((epoch, i) => {
    const position = epoch.gga ?? epoch.rmc;
    const dateMs = dates[i];
    if (position === undefined) {
      if (epoch.vtg) collector.skip("no fix");
    } else if (dateMs === undefined) {
      collector.skip("no date (no valid RMC in the log)");
    } else {
      collector.add(epochPoint(epoch, position, dateMs + epoch.timeOfDayMs));
    }
  });
  return collector.finish();
}

function readEpochs(text: string, collector: TrackCollector): { epochs: Epoch[]; sentenceCount: number } {
  const epochs: Epoch[] = [];
  let sentenceCount = 0;
  for (const line of text.split(/\r?\n/)) {
    const sentence = readSentence(line);
    if (sentence === undefined) continue;
    sentenceCount++;
    if ("skipped" in sentence) {
      collector.skip(sentence.skipped);
      continue;
    }
    if (sentence.kind === "VTG") {
      const vtg = readVtg(sentence.fields);
      const current = epochs.at(-1);
      if ("skipped" in vtg) collector.skip(vtg.skipped);
      else if (current === undefined) collector.skip("VTG before any fix");
      else current.vtg ??= vtg;
      continue;
    }
    const timeOfDayMs = parseTimeOfDay(sentence.fields[1]);
    if (timeOfDayMs === undefined) {
      collector.skip("bad time");
      continue;
    }
    // a sentence without a fix still opens its epoch, so that the VTG after it is not put on the previous fix
    const epoch = epochAt(epochs, timeOfDayMs);
    const reading = sentence.kind === "RMC" ? readRmc(sentence.fields) : readGga(sentence.fields);
    if ("skipped" in reading) collector.skip(reading.skipped);
    else if ("dateMs" in reading) epoch.rmc ??= reading;
    else epoch.gga ??= reading;
  }
  return { epochs, sentenceCount };
}

function epochAt(epochs: Epoch[], timeOfDayMs: number): Epoch {
  const current = epochs.at(-1);
  if (current?.timeOfDayMs === timeOfDayMs) return current;
  const epoch = { timeOfDayMs };
  epochs.push(epoch);
  return epoch;
}

/** A checked RMC/GGA/VTG sentence; undefined for other lines and sentence types. */
function readSentence(line: string): Sentence | { skipped: string } | undefined {
  const start = line.indexOf("$");
  if (start < 0) return undefined;
  const sentence = line.slice(start).trim();
  const kind = /^\$[A-Z]{2}(RMC|GGA|VTG),/.exec(sentence)?.[1] as Sentence["kind"] | undefined;
  if (kind === undefined) return undefined;
  const star = sentence.lastIndexOf("*");
  if (star < 0) return { skipped: "missing checksum" };
  const body = sentence.slice(1, star);
  const checksumText = sentence.slice(star + 1);
  if (!/^[0-9A-F]{2}$/i.test(checksumText) || xorOfCharacters(body) !== parseInt(checksumText, 16)) {
    return { skipped: "bad checksum" };
  }
  return { kind, fields: body.split(",") };
}

function xorOfCharacters(text: string): number {
  let checksum = 0;
  for (let i = 0; i < text.length; i++) checksum ^= text.charCodeAt(i);
  return checksum;
}

/** $--RMC,hhmmss.ss,A|V,lat,N|S,lon,E|W,knots,course,ddmmyy,magvar,E|W[,mode] */
function readRmc(fields: string[]): Reading<RmcReading> {
  const [, , status, lat, ns, lon, ew, knots, course, date, , , mode] = fields;
  const modeFix = mode === undefined || mode === "" ? undefined : RMC_MODE_FIX[mode];
  if (status !== "A" || modeFix === null) return { skipped: "no fix" };
  const position = readPosition(lat, ns, lon, ew);
  const dateMs = parseDate(date);
  if (position === undefined) return { skipped: "bad coordinates" };
  if (dateMs === undefined) return { skipped: "bad date" };
  const speedKnots = parseDecimal(knots);
  return {
    ...position,
    fix: modeFix,
    dateMs,
    speedMps: speedKnots === undefined ? undefined : speedKnots * METERS_PER_SECOND_PER_KNOT,
    headingDegrees: parseDecimal(course),
  };
}

/** NMEA 2.3 mode indicator; null marks a position that is not a measured fix. */
const RMC_MODE_FIX: Record<string, FixQuality | null | undefined> = {
  A: undefined,
  D: "dgps",
  E: "estimated",
  F: "rtk",
  R: "rtk",
  N: null,
  M: null,
  S: null,
};

/** $--GGA,hhmmss.ss,lat,N|S,lon,E|W,quality,satellites,hdop,altitude,M,... */
function readGga(fields: string[]): Reading<GgaReading> {
  const [, , lat, ns, lon, ew, qualityText, , hdop, altitude] = fields;
  const quality = GGA_QUALITY_FIX[qualityText ?? ""];
  if (quality === undefined || quality === null) return { skipped: "no fix" };
  const position = readPosition(lat, ns, lon, ew);
  if (position === undefined) return { skipped: "bad coordinates" };
  return {
    ...position,
    fix: quality === "gps" ? undefined : quality,
    altitudeMeters: parseDecimal(altitude),
    hdop: parseDecimal(hdop),
  };
}

/**
 * GGA fix quality. 1 (and 3, PPS) say only "GPS fix", not whether 2D or 3D; 7 (manual) and 8 (simulator) are
 * not measurements, and 0 is no fix at all: those are null.
 */
const GGA_QUALITY_FIX: Record<string, FixQuality | "gps" | null> = {
  "0": null,
  "1": "gps",
  "2": "dgps",
  "3": "gps",
  "4": "rtk",
  "5": "rtk",
  "6": "estimated",
  "7": null,
  "8": null,
};

/** $--VTG,course,T,course,M,knots,N,km/h,K[,mode], or the pre-2.3 form without the unit letters. */
function readVtg(fields: string[]): Reading<VtgReading> {
  const labelled = fields[2] === "T";
  const [course, knots, kmh, mode] = labelled
    ? [fields[1], fields[5], fields[7], fields[9]]
    : [fields[1], fields[3], fields[4], undefined];
  if (mode === "N") return { skipped: "no fix" };
  const speedKmh = parseDecimal(kmh);
  const speedKnots = parseDecimal(knots);
  return {
    speedMps:
      speedKmh !== undefined
        ? speedKmh * METERS_PER_SECOND_PER_KMH
        : speedKnots === undefined
          ? undefined
          : speedKnots * METERS_PER_SECOND_PER_KNOT,
    headingDegrees: parseDecimal(course),
  };
}

function epochPoint(epoch: Epoch, position: Position, timeMs: number): TrackPoint {
  const point: TrackPoint = { timeMs, lat: position.lat, lon: position.lon };
  const speedMps = epoch.vtg?.speedMps ?? epoch.rmc?.speedMps;
  const headingDegrees = epoch.vtg?.headingDegrees ?? epoch.rmc?.headingDegrees;
  const fix = epoch.gga?.fix ?? epoch.rmc?.fix;
  if (epoch.gga?.altitudeMeters !== undefined) point.altitudeMeters = epoch.gga.altitudeMeters;
  if (speedMps !== undefined) point.speedMps = speedMps;
  if (headingDegrees !== undefined) point.headingDegrees = headingDegrees;
  // GGA gives no accuracy, only HDOP; the estimate is HDOP × 5 m (see horizontalAccuracyFromDop)
  if (epoch.gga?.hdop !== undefined) point.horizontalAccuracyMeters = horizontalAccuracyFromDop(epoch.gga.hdop);
  if (fix !== undefined) point.fix = fix;
  return point;
}

/**
 * The UTC midnight each epoch's time of day counts from. GGA has no date: it takes the date of the nearest
 * epoch with a valid RMC, moved by a day when the two straddle midnight.
 */
function epochDates(epochs: Epoch[]): (number | undefined)[] {
  const before = nearestDated(epochs, "forward");
  const after = nearestDated(epochs, "backward");
  return epochs.map((epoch, i) => {
    if (epoch.rmc) return epoch.rmc.dateMs;
    const previous = before[i];
    const next = after[i];
    const source = previous === undefined ? next : next === undefined || i - previous <= next - i ? previous : next;
    const rmcEpoch = source === undefined ? undefined : epochs[source];
    if (rmcEpoch?.rmc === undefined) return undefined;
    const offsetMs = epoch.timeOfDayMs - rmcEpoch.timeOfDayMs;
    const dayShift = offsetMs > DAY_MS / 2 ? -DAY_MS : offsetMs < -DAY_MS / 2 ? DAY_MS : 0;
    return rmcEpoch.rmc.dateMs + dayShift;
  });
}

/** For each epoch, the index of the closest epoch with an RMC at or before it ("forward") or after it. */
function nearestDated(epochs: Epoch[], direction: "forward" | "backward"): (number | undefined)[] {
  const nearest = new Array<number | undefined>(epochs.length);
  let last: number | undefined;
  for (let k = 0; k < epochs.length; k++) {
    const i = direction === "forward" ? k : epochs.length - 1 - k;
    if (epochs[i]!.rmc) last = i;
    nearest[i] = last;
  }
  return nearest;
}

/** "ddmm.mmmm" with N/S and "dddmm.mmmm" with E/W, to signed decimal degrees. */
function readPosition(
  latText: string | undefined,
  ns: string | undefined,
  lonText: string | undefined,
  ew: string | undefined,
): { lat: number; lon: number } | undefined {
  const lat = degreesFromNmea(latText);
  const lon = degreesFromNmea(lonText);
  if (lat === undefined || lon === undefined || !(ns === "N" || ns === "S") || !(ew === "E" || ew === "W")) {
    return undefined;
  }
  return { lat: ns === "S" ? -lat : lat, lon: ew === "W" ? -lon : lon };
}

function degreesFromNmea(text: string | undefined): number | undefined {
  const value = parseDecimal(text);
  if (value === undefined || value < 0) return undefined;
  const degrees = Math.floor(value / 100);
  const minutes = value - degrees * 100;
  return minutes < 60 ? degrees + minutes / 60 : undefined;
}

/** "hhmmss.ss" → milliseconds since midnight */
function parseTimeOfDay(text: string | undefined): number | undefined {
  const match = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(text ?? "");
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = Number(match[3]);
  if (hours > 23 || minutes > 59 || seconds >= 61) return undefined;
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/** "ddmmyy" → UTC midnight; two-digit years 80–99 are 1980–1999 (GPS began in 1980). */
function parseDate(text: string | undefined): number | undefined {
  const match = /^(\d{2})(\d{2})(\d{2})$/.exec(text ?? "");
  if (!match) return undefined;
  const day = Number(match[1]);
  const month = Number(match[2]);
  const yy = Number(match[3]);
  const year = yy >= 80 ? 1900 + yy : 2000 + yy;
  const dateMs = Date.UTC(year, month - 1, day);
  return new Date(dateMs).getUTCDate() === day && month >= 1 && month <= 12 ? dateMs : undefined;
}
