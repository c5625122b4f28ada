/**
 * Every ffmpeg and ffprobe process roadwatch runs, and the only module importing fluent-ffmpeg
 * (archived upstream: replacing it means touching this file alone).
 */
import { spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import ffmpeg, { type FfprobeData, type FfprobeStream } from "fluent-ffmpeg";
import { describeError, InputError } from "../errors.js";
import type { RawRgbImage } from "./image.js";

export interface FfmpegSettings {
  ffmpegPath: string;
  ffprobePath: string;
  /** decoder threads */
  threads: number;
}

export interface VideoProbe {
  durationSeconds: number;
  width: number;
  height: number;
  framesPerSecond: number;
  codec: string;
  /** ffmpeg's demuxer names, e.g. "mov,mp4,m4a,3gp,3g2,mj2" for MP4 and QuickTime */
  containerFormat: string;
  /** MP4 creation_time, UTC epoch ms; null when absent or zero */
  creationTimeMs: number | null;
  /** display rotation the player applies (and ffmpeg applies when decoding), 0..359 */
  rotationDegrees: number;
  /** presentation timestamp of the first video frame: the file's own timestamps count from here, not from 0 */
  firstFrameSeconds: number;
}

export interface PacketIndex {
  /** presentation timestamps of the video keyframes, ascending */
  keyframeSeconds: number[];
  /** where the last video packet that could be read ends; short of the duration when the file is truncated */
  lastPacketEndSeconds: number;
}

export interface JpegFramesRequest {
  /** decoding starts at the last keyframe at or before this timestamp */
  seekSeconds: number;
  /** the file's timestamps of the frames wanted, ascending; each takes the first frame at or after (time - toleranceSeconds) */
  frameSeconds: number[];
  toleranceSeconds: number;
  /** image2 pattern for the JPEGs, numbered from 0 in the order written, e.g. /tmp/x/frame-%06d.jpg */
  outputPattern: string;
}

export interface RawFramesRequest {
  /** decoding starts at the last keyframe at or before this timestamp */
  seekSeconds: number;
  /** the file's timestamps of the frames wanted, ascending; each takes the first frame at or after (time - toleranceSeconds) */
  frameSeconds: number[];
  toleranceSeconds: number;
  /** frames arrive upright (ffmpeg applies the rotation) and scaled to this size */
  width: number;
  height: number;
}

export interface DecodedFrame {
  /** the file's own timestamp of the frame */
  timeSeconds: number;
  image: RawRgbImage;
}

/** mjpeg quality scale 2 (best) .. 31: detail in cracks matters more than a few hundred kilobytes */
const JPEG_QUALITY_SCALE = 2;

// showinfo prints pts_time with 6 significant digits (a frame off after 3 hours): use pts × time base instead
const SHOWINFO_TIME_BASE = /Parsed_showinfo.*config in time_base:\s*(\d+)\/(\d+)/;
const SHOWINFO_PTS = /Parsed_showinfo.*\bn:\s*\d+\s+pts:\s*(-?\d+)/;

export class FfmpegAdapter {
  constructor(private readonly settings: FfmpegSettings) {}

  /** Stream facts of the first video stream; an InputError naming the file for anything that is not a readable video. */
  async probe(videoPath: string): Promise<VideoProbe> {
    await assertReadableFile(videoPath);
    const data = await new Promise<FfprobeData>((resolve, reject) => {
      ffmpeg(videoPath)
        .setFfprobePath(this.settings.ffprobePath)
        .ffprobe(["-v", "error"], (error: unknown, result: FfprobeData) => {
          if (error) reject(new InputError(videoPath, `not a readable video (${ffmpegComplaint(describeError(error), videoPath)})`));
          else resolve(result);
        });
    });
    const video = data.streams.find((stream) => stream.codec_type === "video");
    if (video === undefined) throw new InputError(videoPath, "no video stream");
    const durationSeconds = positiveNumber(video.duration) ?? positiveNumber(data.format.duration);
    const framesPerSecond = frameRate(video.avg_frame_rate) ?? frameRate(video.r_frame_rate);
    if (durationSeconds === undefined) throw new InputError(videoPath, "the video has no duration (truncated?)");
    if (framesPerSecond === undefined) throw new InputError(videoPath, "the video has no frame rate");
    return {
      durationSeconds,
      width: Number(video.width),
      height: Number(video.height),
      framesPerSecond,
      codec: video.codec_name ?? "unknown",
      containerFormat: data.format.format_name ?? "unknown",
      creationTimeMs: creationTime(data.format.tags?.creation_time ?? video.tags?.creation_time),
      rotationDegrees: rotation(video),
      firstFrameSeconds: Number.isFinite(Number(video.start_time)) ? Number(video.start_time) : 0,
    };
  }

  /** Reads (without decoding) every video packet's timestamp: where the keyframes are and where the data really ends. */
  async indexPackets(videoPath: string): Promise<PacketIndex> {
    const args = ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time,flags"];
    const listing = await runProcess(this.settings.ffprobePath, [...args, "-of", "compact=p=0", videoPath]);
    const keyframeSeconds: number[] = [];
    let lastPacketEndSeconds = 0;
    for (const line of listing.split("\n")) {
      const fields = new Map(line.split("|").map((field) => field.split("=", 2) as [string, string]));
      const ptsSeconds = Number(fields.get("pts_time"));
      if (!Number.isFinite(ptsSeconds)) continue;
      const durationSeconds = Number(fields.get("duration_time"));
      lastPacketEndSeconds = Math.max(lastPacketEndSeconds, ptsSeconds + (Number.isFinite(durationSeconds) ? durationSeconds : 0));
      if (fields.get("flags")?.startsWith("K")) keyframeSeconds.push(ptsSeconds);
    }
    return { keyframeSeconds: keyframeSeconds.sort((a, b) => a - b), lastPacketEndSeconds };
  }

  /**
   * Decodes from the keyframe before `seekSeconds` and writes only the wanted frames as JPEG (upright: ffmpeg
   * applies the rotation). Returns the timestamp of each JPEG written, in order; timestamps are the file's own.
   */
  async writeJpegFrames(videoPath: string, request: JpegFramesRequest): Promise<number[]> {
    const writtenSeconds: number[] = [];
    const showinfo = new ShowinfoTimes();
    const command = ffmpeg(videoPath)
      .setFfmpegPath(this.settings.ffmpegPath)
      .inputOptions(frameSeekOptions(this.settings.threads, request.seekSeconds))
      .videoFilters([`select='${selectExpression(request.frameSeconds, request.toleranceSeconds)}'`, "showinfo"])
      .outputOptions(["-map", "0:v:0", "-vsync", "passthrough", "-frames:v", String(request.frameSeconds.length)])
      .outputOptions(["-q:v", String(JPEG_QUALITY_SCALE), "-f", "image2", "-start_number", "0"])
      .output(request.outputPattern)
      .on("stderr", (line: string) => {
        const seconds = showinfo.read(line);
        if (seconds !== null) writtenSeconds.push(seconds);
      });
    await runFluent(command, videoPath);
    return writtenSeconds;
  }

  /**
   * Decodes from the keyframe before `seekSeconds` and hands over only the wanted frames, as RGB pixels in memory,
   * while ffmpeg goes on decoding: it runs ahead only as far as the pipe lets it, so a consumer that stops pulling
   * holds the decoder. Leaving the loop early stops ffmpeg.
   */
  async *streamRawFrames(videoPath: string, request: RawFramesRequest): AsyncGenerator<DecodedFrame> {
    const { width, height } = request;
    const filters = `select='${selectExpression(request.frameSeconds, request.toleranceSeconds)}',scale=${width}:${height},showinfo`;
    const args = [
      ...["-hide_banner", "-nostdin", "-nostats", "-loglevel", "info"],
      ...frameSeekOptions(this.settings.threads, request.seekSeconds),
      ...["-i", videoPath, "-map", "0:v:0", "-vf", filters],
      ...["-vsync", "passthrough", "-frames:v", String(request.frameSeconds.length)],
      ...["-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
    ];
    const child = spawn(this.settings.ffmpegPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const exitCode = new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    // awaited once the frames are read; until then a failed start must not count as an unhandled rejection
    exitCode.catch(() => undefined);
    const log = new FrameLog(child.stderr);
    const frameBytes = width * height * 3;
    let frame = Buffer.allocUnsafe(frameBytes);
    let filled = 0;
    let delivered = 0;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        for (let offset = 0; offset < chunk.length; ) {
          const copied = chunk.copy(frame, filled, offset, offset + Math.min(frameBytes - filled, chunk.length - offset));
          filled += copied;
          offset += copied;
          if (filled < frameBytes) continue;
          const timeSeconds = await log.frameSeconds(delivered);
          if (timeSeconds === undefined) throw new Error(`ffmpeg sent frame ${delivered} of ${videoPath} without its timestamp`);
          delivered += 1;
          yield { timeSeconds, image: { data: frame, width, height } };
          frame = Buffer.allocUnsafe(frameBytes);
          filled = 0;
        }
      }
      const code = await exitCode;
      if (code !== 0) throw new InputError(videoPath, `ffmpeg failed (${ffmpegComplaint(log.complaints(), videoPath)})`);
      if (filled !== 0) throw new InputError(videoPath, `ffmpeg stopped in the middle of frame ${delivered}`);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }

  /** Decodes every frame of the video and throws the pictures away: the cost of reading the whole file. */
  async decodeAll(videoPath: string): Promise<void> {
    const command = ffmpeg(videoPath)
      .setFfmpegPath(this.settings.ffmpegPath)
      .inputOptions(["-threads", String(this.settings.threads)])
      .outputOptions(["-map", "0:v:0", "-f", "null"])
      .output("-");
    await runFluent(command, videoPath);
  }
}

/**
 * The file's own timestamps (-copyts, -seek_timestamp) and every frame from the keyframe on (-noaccurate_seek)
 * let a select filter compare against absolute times.
 */
function frameSeekOptions(threads: number, seekSeconds: number): string[] {
  return ["-threads", String(threads), "-copyts", "-seek_timestamp", "1", "-noaccurate_seek", "-ss", seekSeconds.toFixed(6)];
}

/** Reads the timestamps of the frames a showinfo filter passed from ffmpeg's log, line by line. */
class ShowinfoTimes {
  private secondsPerTick = NaN;

  /** The frame's timestamp when the line is showinfo's report of a frame, else null. */
  read(line: string): number | null {
    const timeBase = SHOWINFO_TIME_BASE.exec(line);
    if (timeBase) this.secondsPerTick = Number(timeBase[1]) / Number(timeBase[2]);
    const pts = SHOWINFO_PTS.exec(line);
    return pts ? Number(pts[1]) * this.secondsPerTick : null;
  }
}

/** ffmpeg's log while it streams frames: the frames' timestamps, which may arrive after their pixels, and the rest. */
class FrameLog {
  private readonly times: number[] = [];
  private readonly otherLines: string[] = [];
  private ended = false;
  private wake: () => void = () => undefined;

  constructor(stderr: Readable) {
    const showinfo = new ShowinfoTimes();
    const lines = createInterface({ input: stderr, crlfDelay: Infinity });
    lines.on("line", (line: string) => {
      const seconds = showinfo.read(line);
      if (seconds !== null) this.times.push(seconds);
      else if (!line.includes("Parsed_showinfo")) this.otherLines.push(line);
      this.wake();
    });
    lines.on("close", () => {
      this.ended = true;
      this.wake();
    });
  }

  /** The timestamp of the frame at `index` in output order; undefined when the log ended without it. */
  async frameSeconds(index: number): Promise<number | undefined> {
    while (this.times[index] === undefined && !this.ended) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.times[index];
  }

  complaints(): string {
    return this.otherLines.join("\n");
  }
}

/**
 * Picks, for each wanted time w, the first frame with t >= w - tolerance: "t >= w - tol and the previous frame was
 * before it" (prev_t is NaN for the first frame decoded). Unlike matching t to w within a tolerance, this cannot miss
 * a frame at a variable frame rate; two wanted times may share a frame there.
 */
function selectExpression(frameSeconds: readonly number[], toleranceSeconds: number): string {
  return frameSeconds
    .map((seconds) => {
      const from = (seconds - toleranceSeconds).toFixed(6);
      return `gte(t,${from})*(isnan(prev_t)+lt(prev_t,${from}))`;
    })
    .join("+");
}

async function assertReadableFile(videoPath: string): Promise<void> {
  const stats = await stat(videoPath).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(videoPath, error.code === "ENOENT" ? "no such file" : `cannot read the file (${error.code ?? error.message})`);
  });
  if (!stats.isFile()) throw new InputError(videoPath, "not a file");
  if (stats.size === 0) throw new InputError(videoPath, "the file is empty");
}

function runFluent(command: ffmpeg.FfmpegCommand, videoPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    command
      .on("end", () => resolve())
      .on("error", (error: Error, _stdout: string | null, stderr: string | null) => {
        reject(new InputError(videoPath, `ffmpeg failed (${ffmpegComplaint(`${error.message}\n${stderr ?? ""}`, videoPath)})`));
      })
      .run();
  });
}

function runProcess(executable: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString("utf8"));
      else reject(new Error(`${executable} exited with code ${code}: ${Buffer.concat(stderr).toString("utf8").trim()}`));
    });
  });
}

/**
 * The lines of ffmpeg's output that say what is wrong, without the "[mov,mp4 @ 0x55..]" and "file:" prefixes
 * (the InputError names the file already): "moov atom not found; Invalid data found when processing input".
 */
function ffmpegComplaint(output: string, videoPath: string): string {
  const complaints = output
    .split("\n")
    .map((line) =>
      line
        .replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, "")
        .replace(`${videoPath}: `, "")
        .trim(),
    )
    .filter((line) => line !== "" && !/^(ffprobe|ffmpeg) exited with code/.test(line));
  return [...new Set(complaints)].slice(-3).join("; ") || "ffmpeg gave no reason";
}

function positiveNumber(value: unknown): number | undefined {
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

/** "30000/1001" → 29.97; undefined for "0/0" and other non-rates */
function frameRate(ratio: string | undefined): number | undefined {
  const [numerator, denominator] = (ratio ?? "").split("/").map(Number);
  return positiveNumber(denominator === undefined ? numerator : Number(numerator) / denominator);
}

/** Cameras with an unset clock write 0 (1904 or 1970 in MP4 terms): no creation time at all. */
function creationTime(tag: unknown): number | null {
  const timeMs = typeof tag === "string" ? Date.parse(tag) : NaN;
  return Number.isFinite(timeMs) && timeMs > 0 ? timeMs : null;
}

/** The display-matrix rotation (side data, which fluent-ffmpeg flattens onto the stream) or the older "rotate" tag. */
function rotation(stream: FfprobeStream): number {
  const degrees = Number(stream.rotation ?? stream.tags?.rotate ?? 0);
  return Number.isFinite(degrees) ? ((Math.round(degrees) % 360) + 360) % 360 : 0;
}
