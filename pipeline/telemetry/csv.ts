/**
 * CSV tracks with a header row. Required: a time column (ISO 8601 with offset or Z, or Unix seconds or
 * milliseconds), latitude and longitude. Optional: speed (m/s or km/h), heading, altitude, accuracy.
 * The delimiter is "," or ";" (or a tab); with ";" numbers may use a decimal comma, as Danish Excel writes them.
 */
import { InputError } from "../errors.js";
import { TrackCollector } from "./track-collector.js";
import { METERS_PER_SECOND_PER_KMH, parseDecimal, parseIsoTime, type TimeReading } from "./track-fields.js";
import type { ParsedTrack, TrackPoint } from "./track-point.js";

type Column = "time" | "lat" | "lon" | "speedMps" | "speedKmh" | "headingDegrees" | "altitudeMeters" | "accuracyMeters";

/** Header names as normalizeHeader writes them ("Speed (km/h)" → "speed_km_h"). */
const COLUMN_ALIASES: Record<Column, string[]> = {
  time: ["time", "timestamp", "datetime", "date_time", "utc", "time_utc", "gps_time"],
  lat: ["lat", "latitude"],
  lon: ["lon", "lng", "long", "longitude"],
  speedMps: ["speed", "speed_mps", "speed_ms", "speed_m_s"],
  speedKmh: ["speed_kmh", "speed_kph", "speed_km_h"],
  headingDegrees: ["heading", "course", "bearing"],
  altitudeMeters: ["altitude", "alt", "ele", "elevation"],
  accuracyMeters: ["accuracy", "accuracy_m", "horizontal_accuracy", "hacc"],
};

const DELIMITERS = [",", ";", "\t"];
/**
 * Unix times below this are seconds, above it milliseconds: 1e11 s is the year 5138, 1e11 ms is 1973,
 * so no real recording is ambiguous.
 */
const UNIX_MILLISECONDS_FROM = 1e11;

export function parseCsv(text: string, file: string): ParsedTrack {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter((line) => line.trim() !== "");
  const [headerLine, ...rows] = lines;
  if (headerLine === undefined) throw new InputError(file, "empty CSV");
  const delimiter = detectDelimiter(headerLine);
  const decimalComma = delimiter !== ",";
  const header = splitCsvLine(headerLine, delimiter).map(normalizeHeader);
  const columns = findColumns(header, file);
  const collector = new TrackCollector(file, "csv");
  for (const row of rows) {
    const cells = splitCsvLine(row, delimiter);
    const cell = (column: Column) => {
      const index = columns[column];
      return index === undefined ? undefined : cells[index];
    };
    const number = (column: Column) => parseDecimal(cell(column), decimalComma);
    const time = parseTime(cell("time"), decimalComma);
    const lat = number("lat");
    const lon = number("lon");
    if (!time.valid) {
      collector.skip(time.reason);
      continue;
    }
    if (lat === undefined || lon === undefined) {
      collector.skip("bad coordinates");
      continue;
    }
    const point: TrackPoint = { timeMs: time.timeMs, lat, lon };
    const speedKmh = number("speedKmh");
    const speedMps = number("speedMps") ?? (speedKmh === undefined ? undefined : speedKmh * METERS_PER_SECOND_PER_KMH);
    const headingDegrees = number("headingDegrees");
    const altitudeMeters = number("altitudeMeters");
    const accuracyMeters = number("accuracyMeters");
    if (speedMps !== undefined && speedMps >= 0) point.speedMps = speedMps;
    if (headingDegrees !== undefined) point.headingDegrees = ((headingDegrees % 360) + 360) % 360;
    if (altitudeMeters !== undefined) point.altitudeMeters = altitudeMeters;
    if (accuracyMeters !== undefined && accuracyMeters > 0) point.horizontalAccuracyMeters = accuracyMeters;
    collector.add(point);
  }
  return collector.finish();
}

function detectDelimiter(headerLine: string): string {
  const counts = DELIMITERS.map((delimiter) => headerLine.split(delimiter).length);
  return DELIMITERS[counts.indexOf(Math.max(...counts))]!;
}

function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function findColumns(header: string[], file: string): Partial<Record<Column, number>> {
  const columns: Partial<Record<Column, number>> = {};
  for (const [column, aliases] of Object.entries(COLUMN_ALIASES) as [Column, string[]][]) {
    const index = header.findIndex((name) => aliases.includes(name));
    if (index >= 0) columns[column] = index;
  }
  const missing = (["time", "lat", "lon"] as const).filter((column) => columns[column] === undefined);
  if (missing.length > 0) {
    throw new InputError(
      file,
      `CSV header lacks ${missing.join(", ")} (found columns: ${header.join(", ")}; ` +
        `accepted names: ${missing.map((column) => COLUMN_ALIASES[column].join("/")).join("; ")})`,
    );
  }
  return columns;
}

function parseTime(text: string | undefined, decimalComma: boolean): TimeReading {
  if (text === undefined || text.trim() === "") return { valid: false, reason: "no time" };
  const unix = parseDecimal(text, decimalComma);
  if (unix === undefined) return parseIsoTime(text, "invalid");
  return { valid: true, timeMs: unix >= UNIX_MILLISECONDS_FROM ? unix : unix * 1000 };
}

/** One CSV record: fields may be double-quoted, with "" for a quote inside. */
function splitCsvLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === delimiter) {
      cells.push(cell);
      cell = "";
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells;
}
