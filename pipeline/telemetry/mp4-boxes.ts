/**
 * Just enough ISO-BMFF (MP4/MOV) to find a metadata track and read its samples. Videos run to several GB,
 * so only the box headers and the 'moov' box are read into memory; samples are read by range on demand.
 */
import { open, type FileHandle } from "node:fs/promises";
import { InputError } from "../errors.js";

export interface Mp4Sample {
  /** byte offset in the file */
  offset: number;
  size: number;
  /** media time of the sample from the track's start */
  timeSeconds: number;
  durationSeconds: number;
}

interface TrackHeader {
  handlerType: string;
  sampleEntryType: string;
  timescale: number;
  /** payload of the track's 'stbl' box, decoded only when the track is asked for */
  sampleTable: Buffer;
}

/** Seconds between 1904-01-01 (the MP4 epoch) and 1970-01-01. */
const MP4_EPOCH_OFFSET_SECONDS = 2_082_844_800;
/** A 'moov' larger than this is a corrupt size field, not a real index (hours of 4K video stay far below it). */
const MAX_MOOV_BYTES = 256 * 1024 * 1024;
/** Telemetry samples are a few kB; a larger size is a corrupt table, not something to allocate. */
const MAX_SAMPLE_BYTES = 64 * 1024 * 1024;
/** Box types that may open an MP4/MOV file; anything else is not one. */
const LEADING_BOX_TYPES = new Set(["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "uuid"]);

interface BoxRange {
  type: string;
  /** first byte after the header */
  start: number;
  /** first byte after the box */
  end: number;
}

export class Mp4File {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    /** mvhd creation time, UTC ms; undefined when the camera left it at zero */
    readonly creationTimeMs: number | undefined,
    private readonly tracks: TrackHeader[],
  ) {}

  /** Opens the file and reads its index; InputError when it is not an MP4 or its index is cut off. */
  static async open(path: string): Promise<Mp4File> {
    const handle = await openForReading(path);
    try {
      const moov = await readMoov(path, handle);
      const { creationTimeMs, tracks } = parseMoov(path, moov);
      return new Mp4File(path, handle, creationTimeMs, tracks);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Samples of the first track with this handler ('meta') and sample entry ('gpmd', 'camm'); null if there is none. */
  findTrackSamples(handlerType: string, sampleEntryType: string): Mp4Sample[] | null {
    const track = this.tracks.find((t) => t.handlerType === handlerType && t.sampleEntryType === sampleEntryType);
    return track ? decodeSampleTable(this.path, track) : null;
  }

  async readSample(sample: Mp4Sample): Promise<Buffer> {
    if (sample.size > MAX_SAMPLE_BYTES) {
      throw new InputError(this.path, `corrupt MP4: a metadata sample claims ${sample.size} bytes`);
    }
    const data = Buffer.alloc(sample.size);
    const { bytesRead } = await this.handle.read(data, 0, sample.size, sample.offset);
    if (bytesRead !== sample.size) {
      throw new InputError(this.path, `truncated: a sample at byte ${sample.offset} lies past the end of the file`);
    }
    return data;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

async function openForReading(path: string): Promise<FileHandle> {
  try {
    return await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new InputError(path, "file not found");
    throw error;
  }
}

async function readMoov(path: string, handle: FileHandle): Promise<Buffer> {
  const fileSize = (await handle.stat()).size;
  if (fileSize === 0) throw new InputError(path, "empty file");
  const headerBytes = Buffer.alloc(16);
  for (let offset = 0; offset + 8 <= fileSize; ) {
    const { bytesRead } = await handle.read(headerBytes, 0, 16, offset);
    const header = readBoxHeader(headerBytes.subarray(0, bytesRead), 0, fileSize - offset);
    if (offset === 0 && (header === undefined || !LEADING_BOX_TYPES.has(header.type))) {
      throw new InputError(path, "not an MP4/MOV file");
    }
    if (header === undefined || offset + header.size > fileSize) {
      throw new InputError(path, "truncated MP4: the 'moov' index is missing or cut off");
    }
    if (header.type === "moov") {
      const size = header.size - header.headerSize;
      if (size > MAX_MOOV_BYTES) throw new InputError(path, `corrupt MP4: 'moov' box claims ${size} bytes`);
      const moov = Buffer.alloc(size);
      await handle.read(moov, 0, size, offset + header.headerSize);
      return moov;
    }
    offset += header.size;
  }
  if (fileSize < 8) throw new InputError(path, "not an MP4/MOV file");
  throw new InputError(path, "truncated MP4: the 'moov' index is missing or cut off");
}

interface BoxHeader {
  type: string;
  headerSize: number;
  /** of the whole box, header included */
  size: number;
}

/**
 * The header of the box at `at`; `available` is the number of bytes from `at` to the end of its container.
 * Size 0 means "to the end of the container", size 1 means a 64-bit size follows the type.
 */
function readBoxHeader(buf: Buffer, at: number, available: number): BoxHeader | undefined {
  if (buf.length < at + 8) return undefined;
  const size32 = buf.readUInt32BE(at);
  const type = buf.toString("latin1", at + 4, at + 8);
  if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) return undefined;
  if (size32 === 1) {
    if (buf.length < at + 16) return undefined;
    const size = Number(buf.readBigUInt64BE(at + 8));
    return size < 16 ? undefined : { type, headerSize: 16, size };
  }
  if (size32 === 0) return { type, headerSize: 8, size: available };
  return size32 < 8 ? undefined : { type, headerSize: 8, size: size32 };
}

/** The child boxes of a container held in memory, with absolute start/end in `buf`. */
function childBoxes(path: string, buf: Buffer, start = 0, end = buf.length): BoxRange[] {
  const boxes: BoxRange[] = [];
  for (let at = start; at + 8 <= end; ) {
    const header = readBoxHeader(buf, at, end - at);
    if (header === undefined || at + header.size > end) {
      throw new InputError(path, "corrupt MP4: a box overruns its container");
    }
    boxes.push({ type: header.type, start: at + header.headerSize, end: at + header.size });
    at += header.size;
  }
  return boxes;
}

function findChild(path: string, buf: Buffer, parent: BoxRange, type: string): BoxRange | undefined {
  return childBoxes(path, buf, parent.start, parent.end).find((box) => box.type === type);
}

function parseMoov(path: string, moov: Buffer): { creationTimeMs: number | undefined; tracks: TrackHeader[] } {
  let creationTimeMs: number | undefined;
  const tracks: TrackHeader[] = [];
  for (const box of childBoxes(path, moov)) {
    if (box.type === "mvhd") creationTimeMs = readCreationTimeMs(moov, box);
    if (box.type !== "trak") continue;
    const track = parseTrak(path, moov, box);
    if (track) tracks.push(track);
  }
  return { creationTimeMs, tracks };
}

function byteLength(box: BoxRange): number {
  return box.end - box.start;
}

function readCreationTimeMs(buf: Buffer, mvhd: BoxRange): number | undefined {
  if (byteLength(mvhd) < 12) return undefined;
  const version = buf.readUInt8(mvhd.start);
  const seconds = version === 1 ? Number(buf.readBigUInt64BE(mvhd.start + 4)) : buf.readUInt32BE(mvhd.start + 4);
  return seconds === 0 ? undefined : (seconds - MP4_EPOCH_OFFSET_SECONDS) * 1000;
}

/** A track's handler, first sample entry and sample table; undefined for a track missing any of them. */
function parseTrak(path: string, buf: Buffer, trak: BoxRange): TrackHeader | undefined {
  const mdia = findChild(path, buf, trak, "mdia");
  if (!mdia) return undefined;
  const mdhd = findChild(path, buf, mdia, "mdhd");
  const hdlr = findChild(path, buf, mdia, "hdlr");
  const minf = findChild(path, buf, mdia, "minf");
  const stbl = minf && findChild(path, buf, minf, "stbl");
  const stsd = stbl && findChild(path, buf, stbl, "stsd");
  if (!mdhd || !hdlr || !stbl || !stsd) return undefined;
  if (byteLength(mdhd) < 24 || byteLength(hdlr) < 12 || byteLength(stsd) < 16) {
    throw new InputError(path, "corrupt MP4: a track header is too short");
  }
  // mdhd: version, flags, then creation and modification times of 4 or 8 bytes each, then the timescale
  const timescale = buf.readUInt32BE(mdhd.start + (buf.readUInt8(mdhd.start) === 1 ? 20 : 12));
  // hdlr: version+flags, pre_defined, handler_type; stsd: version+flags, entry count, then the first entry's box
  const handlerType = buf.toString("latin1", hdlr.start + 8, hdlr.start + 12);
  const sampleEntryType = buf.toString("latin1", stsd.start + 12, stsd.start + 16);
  if (timescale === 0) throw new InputError(path, `corrupt MP4: track '${sampleEntryType}' has time scale 0`);
  return { handlerType, sampleEntryType, timescale, sampleTable: buf.subarray(stbl.start, stbl.end) };
}

function decodeSampleTable(path: string, track: TrackHeader): Mp4Sample[] {
  const stbl = track.sampleTable;
  const boxes = new Map(childBoxes(path, stbl).map((box) => [box.type, box]));
  const stsz = boxes.get("stsz");
  const stts = boxes.get("stts");
  const stsc = boxes.get("stsc");
  const chunkOffsetBox = boxes.get("stco") ?? boxes.get("co64");
  const problem = `corrupt MP4: the '${track.sampleEntryType}' track's sample table`;
  if (!stsz || !stts || !stsc || !chunkOffsetBox) throw new InputError(path, `${problem} is incomplete`);
  const table = (box: BoxRange, headerBytes: number, entryBytes: number) =>
    readTable(stbl, box, headerBytes, entryBytes, () => new InputError(path, `${problem} overruns its '${box.type}' box`));

  const sizes = readSampleSizes(stbl, stsz, table);
  const chunkOffsets = readChunkOffsets(stbl, chunkOffsetBox, table);
  const offsets = readSampleOffsets(stbl, table(stsc, 8, 12), chunkOffsets, sizes);
  const timing = readSampleTiming(stbl, table(stts, 8, 8), sizes.length);
  if (offsets.length < sizes.length || timing.length < sizes.length) {
    throw new InputError(path, `${problem} places or times fewer samples than it sizes`);
  }
  return sizes.map((size, i) => ({
    offset: offsets[i]!,
    size,
    timeSeconds: timing[i]!.start / track.timescale,
    durationSeconds: timing[i]!.duration / track.timescale,
  }));
}

interface Table {
  count: number;
  /** offset of the first entry */
  first: number;
}

type TableReader = (box: BoxRange, headerBytes: number, entryBytes: number) => Table;

/** A sample-table box is a full-box header, an entry count in its last 4 header bytes, then fixed-size entries. */
function readTable(buf: Buffer, box: BoxRange, headerBytes: number, entryBytes: number, corrupt: () => Error): Table {
  if (box.start + headerBytes > box.end) throw corrupt();
  const count = buf.readUInt32BE(box.start + headerBytes - 4);
  const first = box.start + headerBytes;
  if (first + count * entryBytes > box.end) throw corrupt();
  return { count, first };
}

function readSampleSizes(buf: Buffer, stsz: BoxRange, table: TableReader): number[] {
  // stsz: version+flags, one size for all samples (0 when they differ), count, then per-sample sizes
  const uniform = table(stsz, 12, 0);
  const uniformSize = buf.readUInt32BE(stsz.start + 4);
  if (uniformSize !== 0) return new Array<number>(uniform.count).fill(uniformSize);
  const { count, first } = table(stsz, 12, 4);
  return Array.from({ length: count }, (_, i) => buf.readUInt32BE(first + 4 * i));
}

function readChunkOffsets(buf: Buffer, box: BoxRange, table: TableReader): number[] {
  if (box.type === "co64") {
    const { count, first } = table(box, 8, 8);
    return Array.from({ length: count }, (_, i) => Number(buf.readBigUInt64BE(first + 8 * i)));
  }
  const { count, first } = table(box, 8, 4);
  return Array.from({ length: count }, (_, i) => buf.readUInt32BE(first + 4 * i));
}

/** Walks the sample-to-chunk runs: the samples of one chunk lie back to back from the chunk's offset. */
function readSampleOffsets(buf: Buffer, stsc: Table, chunkOffsets: number[], sizes: number[]): number[] {
  const runs = Array.from({ length: stsc.count }, (_, i) => ({
    firstChunk: buf.readUInt32BE(stsc.first + 12 * i),
    samplesPerChunk: buf.readUInt32BE(stsc.first + 12 * i + 4),
  }));
  const offsets: number[] = [];
  let run = 0;
  for (let chunk = 0; chunk < chunkOffsets.length && offsets.length < sizes.length; chunk++) {
    // chunk numbers in stsc start at 1
    while (run + 1 < runs.length && runs[run + 1]!.firstChunk <= chunk + 1) run++;
    let offset = chunkOffsets[chunk]!;
    for (let k = 0; k < (runs[run]?.samplesPerChunk ?? 0) && offsets.length < sizes.length; k++) {
      offsets.push(offset);
      offset += sizes[offsets.length - 1]!;
    }
  }
  return offsets;
}

function readSampleTiming(buf: Buffer, stts: Table, sampleCount: number): { start: number; duration: number }[] {
  const timing: { start: number; duration: number }[] = [];
  let start = 0;
  for (let i = 0; i < stts.count && timing.length < sampleCount; i++) {
    const count = buf.readUInt32BE(stts.first + 8 * i);
    const duration = buf.readUInt32BE(stts.first + 8 * i + 4);
    for (let k = 0; k < count && timing.length < sampleCount; k++) {
      timing.push({ start, duration });
      start += duration;
    }
  }
  return timing;
}
