import { describe, expect, it } from "vitest";
import {
  fileNameTimeMs,
  readStartOption,
  resolveVideoStartTime,
  validateTimeZone,
  type StartTimeEvidence,
} from "../../../pipeline/ingest/time-alignment.js";

const utc = (iso: string) => Date.parse(iso);

/** fixes once a second from `fromIso` for `seconds` */
function fixesCovering(fromIso: string, seconds: number) {
  return Array.from({ length: seconds + 1 }, (_, i) => ({ timeMs: utc(fromIso) + i * 1000 }));
}

function evidence(overrides: Partial<StartTimeEvidence>): StartTimeEvidence {
  return { fileName: "clip.mp4", durationSeconds: 60, timeZone: "Europe/Copenhagen", offsetSeconds: 0, trackFixes: [], ...overrides };
}

describe("resolveVideoStartTime", () => {
  it("takes --start over every other source", () => {
    const start = resolveVideoStartTime(
      evidence({
        startOptionMs: utc("2024-01-12T17:00:00Z"),
        embeddedFirstFix: { timeMs: utc("2024-01-12T18:00:00Z"), videoTimeSeconds: 0 },
        creationTimeMs: utc("2024-01-12T19:00:00Z"),
        fileName: "20240112200000_001.MP4",
      }),
    );
    expect(start).toEqual({ startTimeMs: utc("2024-01-12T17:00:00Z"), source: "start-option", timeZone: null, warnings: [] });
  });

  it("takes the embedded telemetry's first fix, less the fix's place in the video", () => {
    const atStart = resolveVideoStartTime(
      evidence({
        embeddedFirstFix: { timeMs: utc("2024-01-12T18:00:00Z"), videoTimeSeconds: 0 },
        creationTimeMs: utc("2024-01-12T10:00:00Z"),
      }),
    );
    expect(atStart).toMatchObject({ startTimeMs: utc("2024-01-12T18:00:00Z"), source: "embedded-telemetry" });
    const later = resolveVideoStartTime(evidence({ embeddedFirstFix: { timeMs: utc("2024-01-12T18:00:00Z"), videoTimeSeconds: 2.5 } }));
    expect(later?.startTimeMs).toBe(utc("2024-01-12T17:59:57.500Z"));
  });

  it("reads creation_time as the start when the track covers the video after it", () => {
    const start = resolveVideoStartTime(
      evidence({ creationTimeMs: utc("2024-01-12T17:11:19Z"), trackFixes: fixesCovering("2024-01-12T17:11:00Z", 120) }),
    );
    expect(start).toEqual({ startTimeMs: utc("2024-01-12T17:11:19Z"), source: "creation-time", timeZone: null, warnings: [] });
  });

  it("keeps creation_time as the start when the track covers both readings equally well", () => {
    const start = resolveVideoStartTime(
      evidence({ creationTimeMs: utc("2024-01-12T17:11:19Z"), trackFixes: fixesCovering("2024-01-12T16:00:00Z", 7200) }),
    );
    expect(start?.source).toBe("creation-time");
  });

  it("detects a creation_time stamped at the end of the recording, and says so", () => {
    // a phone that stamps the end: the track runs up to creation_time and stops
    const start = resolveVideoStartTime(
      evidence({ creationTimeMs: utc("2024-01-12T17:12:19Z"), trackFixes: fixesCovering("2024-01-12T17:11:10Z", 70) }),
    );
    expect(start?.source).toBe("creation-time-end");
    expect(start?.startTimeMs).toBe(utc("2024-01-12T17:11:19Z"));
    expect(start?.warnings).toEqual([
      "creation_time 2024-01-12T17:12:19.000Z looks like the end of the recording (the track covers 100 % of the video " +
        "before it and 2 % after it); using 2024-01-12T17:11:19.000Z as the start",
    ]);
  });

  it("reads a dashcam file name as local time in the given zone and names the zone", () => {
    const start = resolveVideoStartTime(evidence({ fileName: "20240112181119_180.MP4" }));
    expect(start).toEqual({ startTimeMs: utc("2024-01-12T17:11:19Z"), source: "file-name", timeZone: "Europe/Copenhagen", warnings: [] });
  });

  it("returns null when there is no source at all", () => {
    expect(resolveVideoStartTime(evidence({ fileName: "GX010123.MP4" }))).toBeNull();
  });

  it("moves the start later by a positive offset, whatever the source", () => {
    const shifted = resolveVideoStartTime(evidence({ startOptionMs: utc("2024-01-12T17:00:00Z"), offsetSeconds: 2.5 }));
    expect(shifted?.startTimeMs).toBe(utc("2024-01-12T17:00:02.500Z"));
    const fromName = resolveVideoStartTime(evidence({ fileName: "20240112181119_180.MP4", offsetSeconds: -1 }));
    expect(fromName?.startTimeMs).toBe(utc("2024-01-12T17:11:18Z"));
  });
});

describe("fileNameTimeMs", () => {
  it.each([
    ["20240112181119_180.MP4", "2024-01-12T17:11:19Z"],
    ["2024_0112_181119_001.MP4", "2024-01-12T17:11:19Z"],
    ["VID_20240112_181119.mp4", "2024-01-12T17:11:19Z"],
    ["20240612181119_180.MP4", "2024-06-12T16:11:19Z"],
  ])("reads %s in Copenhagen as %s UTC (summer time included)", (name, iso) => {
    expect(fileNameTimeMs(name, "Europe/Copenhagen")).toBe(utc(iso));
  });

  it("uses the zone it is given", () => {
    expect(fileNameTimeMs("20240112181119_180.MP4", "America/New_York")).toBe(utc("2024-01-12T23:11:19Z"));
    expect(fileNameTimeMs("20240112181119_180.MP4", "UTC")).toBe(utc("2024-01-12T18:11:19Z"));
  });

  it.each(["GX010123.MP4", "20241312181119.MP4", "20240230120000.MP4", "20240112251119.MP4", "120240112181119.MP4", "IMG_1234.MOV"])(
    "finds no time in %s",
    (name) => {
      expect(fileNameTimeMs(name, "Europe/Copenhagen")).toBeNull();
    },
  );
});

describe("readStartOption and validateTimeZone", () => {
  it("accepts ISO 8601 with an offset and rejects a time without one", () => {
    expect(readStartOption("2024-01-12T18:11:19+01:00")).toEqual({ valid: true, timeMs: utc("2024-01-12T17:11:19Z") });
    expect(readStartOption("2024-01-12T17:11:19.250Z")).toEqual({ valid: true, timeMs: utc("2024-01-12T17:11:19.250Z") });
    const zoneless = readStartOption("2024-01-12T18:11:19");
    expect(zoneless.valid).toBe(false);
    expect(!zoneless.valid && zoneless.reason).toMatch(/not an ISO 8601 time with offset \(time without time zone\)/);
    expect(readStartOption("yesterday").valid).toBe(false);
  });

  it("knows IANA zones and explains an unknown one", () => {
    expect(validateTimeZone("Europe/Copenhagen")).toEqual({ valid: true });
    expect(validateTimeZone("Mars/Olympus_Mons")).toEqual({
      valid: false,
      reason: 'unknown time zone "Mars/Olympus_Mons" (use an IANA name such as Europe/Copenhagen)',
    });
  });
});
