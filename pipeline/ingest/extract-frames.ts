/** Decodes just the wanted frames of a video into JPEG files, one ffmpeg run per decode window. */
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { FfmpegAdapter, VideoProbe } from "../adapters/ffmpeg.js";
import { decodedSeconds, matchWrittenFrames, planDecodeWindows } from "./decode-windows.js";

export interface FrameRequest {
  /** seconds into the video (from its first frame) */
  frameTimeSeconds: number;
  /** JPEG file name to write */
  fileName: string;
}

export interface FrameExtraction {
  /** the requests that got their JPEG, in request order */
  written: FrameRequest[];
  decodeWindows: number;
  /** seconds of video decoded, from each window's keyframe to its last frame: the work done */
  decodedSeconds: number;
}

/**
 * Writes each requested frame (ascending times) as `outDir/fileName`; `outDir` must be private to this call.
 * The nearest frame at or after (time - half a frame) is taken, so exact frame times need not be known.
 */
export async function extractFrames(
  ffmpeg: FfmpegAdapter,
  videoPath: string,
  probe: VideoProbe,
  keyframeSeconds: readonly number[],
  requests: readonly FrameRequest[],
  outDir: string,
): Promise<FrameExtraction> {
  const toleranceSeconds = 0.5 / probe.framesPerSecond;
  const origin = probe.firstFrameSeconds;
  const windows = planDecodeWindows(
    requests.map((request) => request.frameTimeSeconds),
    keyframeSeconds.map((seconds) => seconds - origin),
    toleranceSeconds,
  );
  const outputPattern = path.join(outDir, ".decoded-%06d.jpg");
  const written: FrameRequest[] = [];
  let firstRequest = 0;
  for (const window of windows) {
    const windowRequests = requests.slice(firstRequest, firstRequest + window.frameSeconds.length);
    firstRequest += window.frameSeconds.length;
    const writtenSeconds = await ffmpeg.writeJpegFrames(videoPath, {
      // just past the keyframe, so that rounding of its printed time cannot send the seek one keyframe back
      seekSeconds: origin + window.keyframeSeconds + toleranceSeconds,
      frameSeconds: window.frameSeconds.map((seconds) => origin + seconds),
      toleranceSeconds,
      outputPattern,
    });
    const pairs = matchWrittenFrames(
      writtenSeconds.map((seconds) => seconds - origin),
      window.frameSeconds,
      toleranceSeconds,
    );
    const matched = new Set<number>();
    for (const [writtenIndex, requestIndex] of pairs) {
      const request = windowRequests[requestIndex]!;
      await rename(decodedFramePath(outDir, writtenIndex), path.join(outDir, request.fileName));
      written.push(request);
      matched.add(writtenIndex);
    }
    const unmatched = writtenSeconds.map((_, index) => index).filter((index) => !matched.has(index));
    await Promise.all(unmatched.map((index) => rm(decodedFramePath(outDir, index), { force: true })));
  }
  return { written, decodeWindows: windows.length, decodedSeconds: decodedSeconds(windows, 1 / probe.framesPerSecond) };
}

function decodedFramePath(outDir: string, index: number): string {
  return path.join(outDir, `.decoded-${String(index).padStart(6, "0")}.jpg`);
}
