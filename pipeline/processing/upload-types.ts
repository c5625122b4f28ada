/**
 * The kinds of file a crew may upload: videos the pipeline decodes and the track files it reads beside them. A file is
 * known by its extension, the media type the phone declares must fit it, and once it has arrived its first bytes must
 * look like it: a text file renamed .mp4 is refused before it reaches the pipeline.
 */
import type { UploadKind } from "../storage/schema.js";
import type { Validation } from "../validation.js";

export interface UploadFileType {
  /** lower case, without the dot */
  extension: string;
  kind: UploadKind;
  /** what browsers and phones declare for it; an empty or generic type is taken on the extension's word */
  mediaTypes: readonly string[];
  /** "an MP4 video", for messages */
  description: string;
  /** whether a file starting with `head` (its first HEAD_BYTES bytes, or all of a shorter file) is of this type */
  matches(head: Uint8Array): boolean;
}

/** Enough for an XML prolog and a comment before <gpx>, or a CSV header line. */
export const HEAD_BYTES = 4096;

/** ROADWATCH_UPLOAD_TYPES unless set: what phones record and the GPS loggers crews use write. */
export const DEFAULT_UPLOAD_EXTENSIONS: readonly string[] = ["mp4", "mov", "gpx", "csv", "nmea"];

/** ROADWATCH_UPLOAD_MAX_BYTES unless set: 8 GiB holds over an hour of 1080p phone video. */
export const DEFAULT_UPLOAD_MAX_BYTES = 8 * 1024 ** 3;

/** Declared by browsers that do not know a file's type: no claim either way. */
const GENERIC_MEDIA_TYPES = new Set(["", "application/octet-stream"]);

function asciiAt(head: Uint8Array, offset: number, text: string): boolean {
  return head.length >= offset + text.length && String.fromCharCode(...head.subarray(offset, offset + text.length)) === text;
}

/** The first box of an ISO base media file (MP4) is its ftyp; older QuickTime files may start with another box. */
function startsWithBox(head: Uint8Array, boxTypes: readonly string[]): boolean {
  return boxTypes.some((boxType) => asciiAt(head, 4, boxType));
}

/** UTF-8 text without NUL bytes; a multi-byte character cut off at the end of the head does not count against it. */
function textOf(head: Uint8Array): string | null {
  if (head.includes(0)) return null;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true }).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

function looksLikeGpx(head: Uint8Array): boolean {
  const text = textOf(head)?.trimStart();
  return text !== undefined && text.startsWith("<") && /<gpx[\s>]/.test(text);
}

/** A header or first record with at least two fields. */
function looksLikeCsv(head: Uint8Array): boolean {
  const firstLine = textOf(head)?.trimStart().split(/\r?\n/, 1)[0];
  return firstLine !== undefined && /[,;\t]/.test(firstLine);
}

/** NMEA 0183 sentences: "$GPRMC,…", "$GNGGA,…"; some loggers put a time stamp before each. */
function looksLikeNmea(head: Uint8Array): boolean {
  const text = textOf(head);
  return text !== null && /\$[A-Z]{2}[A-Z]{3},/.test(text);
}

const QUICKTIME_FIRST_BOXES = ["ftyp", "moov", "mdat", "wide", "free", "skip", "pnot"];

/** Every type roadwatch can take; ROADWATCH_UPLOAD_TYPES picks from these. */
export const UPLOAD_FILE_TYPES: Readonly<Record<string, UploadFileType>> = Object.fromEntries(
  (
    [
      {
        extension: "mp4",
        kind: "video",
        mediaTypes: ["video/mp4"],
        description: "an MP4 video",
        matches: (head) => startsWithBox(head, ["ftyp"]),
      },
      {
        extension: "mov",
        kind: "video",
        mediaTypes: ["video/quicktime", "video/mp4"],
        description: "a QuickTime video",
        matches: (head) => startsWithBox(head, QUICKTIME_FIRST_BOXES),
      },
      {
        extension: "mkv",
        kind: "video",
        mediaTypes: ["video/x-matroska", "video/webm"],
        description: "a Matroska video",
        // the EBML magic number
        matches: (head) => [0x1a, 0x45, 0xdf, 0xa3].every((byte, index) => head[index] === byte),
      },
      {
        extension: "avi",
        kind: "video",
        mediaTypes: ["video/x-msvideo", "video/avi", "video/msvideo"],
        description: "an AVI video",
        matches: (head) => asciiAt(head, 0, "RIFF") && asciiAt(head, 8, "AVI "),
      },
      {
        extension: "gpx",
        kind: "track",
        mediaTypes: ["application/gpx+xml", "application/xml", "text/xml"],
        description: "a GPX track (XML with a <gpx> element)",
        matches: looksLikeGpx,
      },
      {
        extension: "csv",
        kind: "track",
        mediaTypes: ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"],
        description: "a CSV track (text with comma-separated fields)",
        matches: looksLikeCsv,
      },
      {
        extension: "nmea",
        kind: "track",
        mediaTypes: ["text/plain", "application/nmea"],
        description: "an NMEA track (text with $GPRMC-style sentences)",
        matches: looksLikeNmea,
      },
    ] satisfies UploadFileType[]
  ).map((type) => [type.extension, type]),
);

/** The lower-case extension of a file name, without the dot; "" when it has none. Text only: never a path. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot <= 0 || dot === fileName.length - 1 ? "" : fileName.slice(dot + 1).toLowerCase();
}

/**
 * The name a client gave a file, fit for display: its last path segment (some clients send whole paths), without
 * control characters, at most 255 characters. It is shown to people and never becomes part of a path.
 */
export function displayName(clientName: string): string {
  const lastSegment = clientName.split(/[/\\]/).at(-1) ?? "";
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return lastSegment.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 255);
}

/** Reads ROADWATCH_UPLOAD_TYPES: "mp4, mov, .gpx" → the allowed extensions, each one roadwatch knows. */
export function validateUploadExtensions(text: string): { valid: true; extensions: string[] } | { valid: false; reason: string } {
  const extensions = text
    .split(",")
    .map((part) => part.trim().replace(/^\./, "").toLowerCase())
    .filter((part) => part !== "");
  if (extensions.length === 0) return { valid: false, reason: "no file types given" };
  const unknown = extensions.filter((extension) => UPLOAD_FILE_TYPES[extension] === undefined);
  if (unknown.length > 0) {
    return { valid: false, reason: `unknown file types ${unknown.join(", ")} (known: ${Object.keys(UPLOAD_FILE_TYPES).join(", ")})` };
  }
  return { valid: true, extensions: [...new Set(extensions)] };
}

export type DeclaredTypeCheck = { valid: true; type: UploadFileType } | { valid: false; reason: string };

/** Whether a file of this name and declared media type may be uploaded; the reason names what is wrong. */
export function checkDeclaredType(fileName: string, declaredMediaType: string, allowedExtensions: readonly string[]): DeclaredTypeCheck {
  const extension = extensionOf(fileName);
  const type = allowedExtensions.includes(extension) ? UPLOAD_FILE_TYPES[extension] : undefined;
  if (type === undefined) {
    const given = extension === "" ? "a file without an extension" : `.${extension} files`;
    return { valid: false, reason: `${given} cannot be uploaded (allowed: ${allowedExtensions.map((e) => `.${e}`).join(", ")})` };
  }
  const mediaType = declaredMediaType.split(";")[0]!.trim().toLowerCase();
  if (!GENERIC_MEDIA_TYPES.has(mediaType) && !type.mediaTypes.includes(mediaType)) {
    return { valid: false, reason: `declared as ${mediaType}, which a .${extension} file is not (expected ${type.mediaTypes.join(" or ")})` };
  }
  return { valid: true, type };
}

/** Whether the first bytes of an arrived file fit its type. */
export function checkContent(type: UploadFileType, head: Uint8Array): Validation {
  return type.matches(head) ? { valid: true } : { valid: false, reason: `the content is not ${type.description}` };
}
