import { describe, expect, it } from "vitest";
import {
  checkContent,
  checkDeclaredType,
  DEFAULT_UPLOAD_EXTENSIONS,
  displayName,
  extensionOf,
  UPLOAD_FILE_TYPES,
  validateUploadExtensions,
} from "../../../pipeline/processing/upload-types.js";

const bytes = (text: string) => new TextEncoder().encode(text);

/** An MP4's first box: size, "ftyp", major brand. */
function ftypBox(): Uint8Array {
  return new Uint8Array([0, 0, 0, 24, ...bytes("ftypisom"), 0, 0, 2, 0, ...bytes("isomiso2")]);
}

describe("file names from clients", () => {
  it("keeps the last segment of a path and drops control characters, for display only", () => {
    expect(displayName("../../etc/passwd")).toBe("passwd");
    expect(displayName("C:\\Users\\crew\\VID_0001.mp4")).toBe("VID_0001.mp4");
    expect(displayName("drive\u0000\n.mp4")).toBe("drive.mp4");
    expect(displayName("x".repeat(400))).toHaveLength(255);
  });

  it("reads the extension in lower case, and none from a dot file or a trailing dot", () => {
    expect(extensionOf("VID_0001.MP4")).toBe("mp4");
    expect(extensionOf("track.tar.gpx")).toBe("gpx");
    expect(extensionOf(".gpx")).toBe("");
    expect(extensionOf("clip.")).toBe("");
    expect(extensionOf("passwd")).toBe("");
  });
});

describe("the declared type", () => {
  it("takes an allowed extension with a fitting, empty or generic media type", () => {
    for (const declared of ["video/mp4", "", "application/octet-stream"]) {
      const check = checkDeclaredType("VID_0001.MP4", declared, DEFAULT_UPLOAD_EXTENSIONS);
      expect(check.valid && check.type.kind).toBe("video");
    }
    const gpx = checkDeclaredType("drive.gpx", "application/gpx+xml", DEFAULT_UPLOAD_EXTENSIONS);
    expect(gpx.valid && gpx.type.kind).toBe("track");
  });

  it("refuses an extension that is not allowed, naming the allowed ones", () => {
    expect(checkDeclaredType("passwd", "", DEFAULT_UPLOAD_EXTENSIONS)).toEqual({
      valid: false,
      reason: "a file without an extension cannot be uploaded (allowed: .mp4, .mov, .gpx, .csv, .nmea)",
    });
    expect(checkDeclaredType("clip.mkv", "video/x-matroska", ["mp4"])).toEqual({
      valid: false,
      reason: ".mkv files cannot be uploaded (allowed: .mp4)",
    });
  });

  it("refuses a media type that contradicts the extension", () => {
    expect(checkDeclaredType("clip.mp4", "text/plain; charset=utf-8", DEFAULT_UPLOAD_EXTENSIONS)).toEqual({
      valid: false,
      reason: "declared as text/plain, which a .mp4 file is not (expected video/mp4)",
    });
  });
});

describe("the content", () => {
  const type = (extension: string) => UPLOAD_FILE_TYPES[extension]!;

  it("knows an MP4 by its ftyp box and refuses text named .mp4", () => {
    expect(checkContent(type("mp4"), ftypBox())).toEqual({ valid: true });
    expect(checkContent(type("mp4"), bytes("hello, this is not a video\n"))).toEqual({ valid: false, reason: "the content is not an MP4 video" });
    expect(checkContent(type("mp4"), new Uint8Array())).toMatchObject({ valid: false });
  });

  it("takes a QuickTime file that starts with another box than ftyp", () => {
    expect(checkContent(type("mov"), new Uint8Array([0, 0, 0, 8, ...bytes("wide")]))).toEqual({ valid: true });
  });

  it("knows GPX by its <gpx> element, after a byte-order mark, prolog and comment", () => {
    const gpx = `\uFEFF<?xml version="1.0"?>\n<!-- logger -->\n<gpx version="1.1" creator="x"><trk></trk></gpx>`;
    expect(checkContent(type("gpx"), bytes(gpx))).toEqual({ valid: true });
    expect(checkContent(type("gpx"), bytes("<html><body>no</body></html>"))).toMatchObject({ valid: false });
    expect(checkContent(type("gpx"), ftypBox())).toMatchObject({ valid: false });
  });

  it("takes a head cut in the middle of a multi-byte character, and refuses binary as a track", () => {
    const csv = bytes("time,lat,lon,place\n2025-05-05T07:00:00Z,55.25,12.11,Kø");
    // "ø" is two bytes: the head ends after the first
    expect(checkContent(type("csv"), csv.subarray(0, csv.length - 1))).toEqual({ valid: true });
    expect(checkContent(type("csv"), new Uint8Array([0x74, 0x2c, 0x00, 0x61]))).toMatchObject({ valid: false });
  });

  it("knows NMEA by its sentences", () => {
    expect(checkContent(type("nmea"), bytes("$GPRMC,070000.00,A,5515.000,N,01207.000,E,10.0,45.0,050525,,,A*6C\r\n"))).toEqual({ valid: true });
    expect(checkContent(type("nmea"), bytes("just some notes\n"))).toMatchObject({ valid: false });
  });
});

describe("ROADWATCH_UPLOAD_TYPES", () => {
  it("reads a list with dots, spaces and capitals, once each", () => {
    expect(validateUploadExtensions(" .MP4, mov,gpx, mp4 ")).toEqual({ valid: true, extensions: ["mp4", "mov", "gpx"] });
  });

  it("refuses types roadwatch cannot check, and an empty list", () => {
    expect(validateUploadExtensions("mp4,exe")).toEqual({
      valid: false,
      reason: "unknown file types exe (known: mp4, mov, mkv, avi, gpx, csv, nmea)",
    });
    expect(validateUploadExtensions(" , ")).toEqual({ valid: false, reason: "no file types given" });
  });
});
