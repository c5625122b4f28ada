import { describe, expect, it } from "vitest";
import type { Sighting } from "../../../pipeline/defects/defect.js";
import {
  DEFAULT_SEVERITY_THRESHOLDS,
  type DefectEvidence,
  gradeSeverity,
  type SeverityReasonCode,
} from "../../../pipeline/defects/severity.js";

const monday = Date.parse("2025-05-05T07:00:00Z");
const DAY_MS = 86_400_000;

function sightings(count: number, fields: Partial<Sighting> = {}): Sighting[] {
  return Array.from({ length: count }, (_, i) => ({
    detectionId: i + 1,
    classId: "D40",
    score: 0.8,
    lat: 55.255,
    lon: 12.12,
    widthMeters: 0.2,
    seenAtMs: monday + i * 400,
    videoId: 1,
    ...fields,
  }));
}

function grade(evidence: Partial<DefectEvidence> & Pick<DefectEvidence, "sightings">) {
  const result = gradeSeverity({ roadClass: null, ...evidence });
  return { level: result.level, codes: result.reasons.map((reason) => reason.code) };
}

describe("gradeSeverity", () => {
  it("ranks pothole over alligator cracking over linear cracks at the same size", () => {
    const at = (classId: string) => grade({ sightings: sightings(3, { classId, widthMeters: 0.2 }) }).level;
    expect([at("D40"), at("D20"), at("D10"), at("D00")]).toEqual([2, 1, 1, 1]);
  });

  it("makes a pothole wide enough to catch a wheel urgent", () => {
    expect(grade({ sightings: sightings(3, { widthMeters: 0.29 }) })).toEqual({ level: 2, codes: ["pothole"] });
    expect(grade({ sightings: sightings(3, { widthMeters: 0.3 }) })).toEqual({ level: 3, codes: ["large-pothole"] });
  });

  it("plans repair of large alligator cracking and of cracks across most of a lane", () => {
    expect(grade({ sightings: sightings(3, { classId: "D20", widthMeters: 1.2 }) })).toEqual({
      level: 2,
      codes: ["large-alligator-cracking"],
    });
    expect(grade({ sightings: sightings(3, { classId: "D10", widthMeters: 2.8 }) })).toEqual({ level: 2, codes: ["wide-crack"] });
    expect(grade({ sightings: sightings(3, { classId: "D00", widthMeters: 0.4 }) })).toEqual({ level: 1, codes: ["crack"] });
  });

  it("treats an unknown size as small", () => {
    expect(grade({ sightings: sightings(3, { widthMeters: null }) })).toEqual({ level: 2, codes: ["pothole"] });
  });

  it("lowers a single doubtful sighting one level, but not a confident or a repeated one", () => {
    expect(grade({ sightings: sightings(1, { score: 0.4 }) })).toEqual({ level: 1, codes: ["pothole", "uncertain"] });
    expect(grade({ sightings: sightings(1, { score: 0.7 }) }).level).toBe(2);
    expect(grade({ sightings: sightings(3, { score: 0.4 }) }).level).toBe(2);
  });

  it("escalates a defect that grew by more than the threshold between drives", () => {
    const firstDrive = sightings(2, { widthMeters: 0.1 });
    const grown = sightings(2, { widthMeters: 0.2, videoId: 2, seenAtMs: monday + 14 * DAY_MS });
    expect(grade({ sightings: [...firstDrive, ...grown] })).toEqual({ level: 3, codes: ["pothole", "grew"] });
    const sameSize = sightings(2, { widthMeters: 0.14, videoId: 2, seenAtMs: monday + 14 * DAY_MS });
    expect(grade({ sightings: [...firstDrive, ...sameSize] })).toEqual({ level: 2, codes: ["pothole"] });
  });

  it("compares the first drive with the latest, whatever order the sightings come in", () => {
    const latest = sightings(2, { widthMeters: 0.2, videoId: 7, seenAtMs: monday + 30 * DAY_MS });
    const first = sightings(2, { widthMeters: 0.1, videoId: 9, seenAtMs: monday });
    expect(grade({ sightings: [...latest, ...first] }).codes).toContain("grew");
  });

  it("escalates a crack that a later drive saw as a pothole", () => {
    const crack = sightings(3, { classId: "D20", widthMeters: 0.25 });
    const pothole = sightings(2, { classId: "D40", widthMeters: 0.2, videoId: 2, seenAtMs: monday + 20 * DAY_MS });
    expect(grade({ sightings: [...crack, ...pothole] })).toEqual({ level: 3, codes: ["pothole", "became-pothole"] });
  });

  it("does not call a pothole seen first a crack that escalated", () => {
    const pothole = sightings(3, { classId: "D40" });
    const later = sightings(2, { classId: "D40", videoId: 2, seenAtMs: monday + 20 * DAY_MS });
    expect(grade({ sightings: [...pothole, ...later] }).codes).toEqual(["pothole"]);
  });

  it("escalates once when a defect both grew and became a pothole, and never above 3", () => {
    const crack = sightings(3, { classId: "D20", widthMeters: 0.1 });
    const pothole = sightings(2, { classId: "D40", widthMeters: 0.5, videoId: 2, seenAtMs: monday + 20 * DAY_MS });
    const codes: SeverityReasonCode[] = ["large-pothole", "grew", "became-pothole"];
    expect(grade({ sightings: [...crack, ...pothole] })).toEqual({ level: 3, codes });
  });

  it("lowers defects on private roads, keeps those on public roads", () => {
    const pothole = sightings(3);
    expect(grade({ sightings: pothole, roadClass: "Off. kommunevej" }).level).toBe(2);
    expect(grade({ sightings: pothole, roadClass: "Off. statsvej" }).level).toBe(2);
    expect(grade({ sightings: pothole, roadClass: "Privat fællesvej" })).toEqual({ level: 1, codes: ["pothole", "minor-road"] });
  });

  it("never grades below 1", () => {
    expect(grade({ sightings: sightings(1, { classId: "D00", score: 0.3 }), roadClass: "Privat vej" }).level).toBe(1);
  });

  it("follows the thresholds it is given", () => {
    const strict = { ...DEFAULT_SEVERITY_THRESHOLDS, potholeUrgentWidthMeters: 0.15 };
    expect(gradeSeverity({ sightings: sightings(3), roadClass: null }, strict).level).toBe(3);
  });

  it("says why in words with the numbers", () => {
    const [reason] = gradeSeverity({ sightings: sightings(3, { widthMeters: 0.45 }), roadClass: null }).reasons;
    expect(reason?.text).toBe("pothole about 0.45 m wide");
  });
});
