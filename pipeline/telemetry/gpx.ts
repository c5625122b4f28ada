/**
 * GPX 1.0 and 1.1 tracks (trk/trkseg/trkpt). Routes and waypoints have no times, so they are not a drive.
 * GPX 1.0 points may carry <speed> (m/s) and <course>; both versions may carry <hdop> and <fix>.
 */
import { XMLParser } from "fast-xml-parser";
import { InputError } from "../errors.js";
import { TrackCollector } from "./track-collector.js";
import { horizontalAccuracyFromDop, parseDecimal, parseIsoTime } from "./track-fields.js";
import type { FixQuality, TrackPoint, ParsedTrack } from "./track-point.js";

/** One element as fast-xml-parser returns it: text, or attributes and children by name. */
type XmlNode = string | { [name: string]: XmlNode | XmlNode[] | undefined };

const REPEATED_ELEMENTS = new Set(["trk", "trkseg", "trkpt"]);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => REPEATED_ELEMENTS.has(name),
});

const GPX_FIX: Record<string, FixQuality> = { none: "none", "2d": "2d", "3d": "3d", dgps: "dgps", pps: "3d" };

export function parseGpx(text: string, file: string): ParsedTrack {
  const gpx = readXml(text, file).gpx;
  if (gpx === undefined || typeof gpx === "string") throw new InputError(file, "not a GPX file (no <gpx> element)");
  const collector = new TrackCollector(file, "gpx");
  for (const track of children(gpx, "trk")) {
    for (const segment of children(track, "trkseg")) {
      for (const trackPoint of children(segment, "trkpt")) readTrackPoint(trackPoint, collector);
    }
  }
  return collector.finish();
}

function readXml(text: string, file: string): Record<string, XmlNode> {
  try {
    return parser.parse(text, true) as Record<string, XmlNode>;
  } catch (error) {
    throw new InputError(file, `not valid XML: ${(error as Error).message}`);
  }
}

function readTrackPoint(node: XmlNode, collector: TrackCollector): void {
  const lat = parseDecimal(field(node, "lat"));
  const lon = parseDecimal(field(node, "lon"));
  const timeText = field(node, "time");
  const fix = GPX_FIX[field(node, "fix") ?? ""];
  if (lat === undefined || lon === undefined) return collector.skip("bad coordinates");
  if (timeText === undefined) return collector.skip("no time");
  if (fix === "none") return collector.skip("no fix");
  const time = parseIsoTime(timeText, "utc");
  if (!time.valid) return collector.skip(time.reason);

  const point: TrackPoint = { timeMs: time.timeMs, lat, lon };
  const altitudeMeters = parseDecimal(field(node, "ele"));
  const speedMps = parseDecimal(field(node, "speed"));
  const headingDegrees = parseDecimal(field(node, "course"));
  const hdop = parseDecimal(field(node, "hdop"));
  if (altitudeMeters !== undefined) point.altitudeMeters = altitudeMeters;
  if (speedMps !== undefined && speedMps >= 0) point.speedMps = speedMps;
  if (headingDegrees !== undefined) point.headingDegrees = ((headingDegrees % 360) + 360) % 360;
  if (hdop !== undefined) point.horizontalAccuracyMeters = horizontalAccuracyFromDop(hdop);
  if (fix !== undefined) point.fix = fix;
  collector.add(point);
}

function children(node: XmlNode, name: string): XmlNode[] {
  if (typeof node === "string") return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text of an attribute or a child element; an element with attributes keeps its text under "#text". */
function field(node: XmlNode, name: string): string | undefined {
  const [value] = children(node, name);
  if (typeof value === "string") return value;
  const text = value?.["#text"];
  return typeof text === "string" ? text : undefined;
}
