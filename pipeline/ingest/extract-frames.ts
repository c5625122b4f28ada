/** Decodes just the wanted frames of a video into JPEG files, one ffmpeg run per decode window. */
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import type { FfmpegAdapter, VideoProbe } from "../adapters/ffmpeg.js";
import { matchWrittenFrames, planDecodeRuns } from "./decode-windows.js";

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
  const plan = planDecodeRuns(probe, keyframeSeconds, requests.map((request) => request.frameTimeSeconds));
  const outputPattern = path.join(outDir, ".decoded-%06d.jpg");
  const written: FrameRequest[] = [];
  let firstRequest = 0;
  for (const run of plan.runs) {
    const runRequests = requests.slice(firstRequest, firstRequest + run.frameSeconds.length);
    firstRequest += run.frameSeconds.length;
    const writtenSeconds = await ffmpeg.writeJpegFrames(videoPath, {
      seekSeconds: run.seekSeconds,
      frameSeconds: run.fileFrameSeconds,
      toleranceSeconds: plan.toleranceSeconds,
      outputPattern,
    });
    const pairs = matchWrittenFrames(
      writtenSeconds.map((seconds) => seconds - probe.firstFrameSeconds),
      run.frameSeconds,
      plan.toleranceSeconds,
    );
    const matched = new Set<number>();
    for (const [writtenIndex, requestIndex] of pairs) {
      const request = runRequests[requestIndex]!;
      await rename(decodedFramePath(outDir, writtenIndex), path.join(outDir, request.fileName));
      written.push(request);
      matched.add(writtenIndex);
    }
    const unmatched = writtenSeconds.map((_, index) => index).filter((index) => !matched.has(index));
    await Promise.all(unmatched.map((index) => rm(decodedFramePath(outDir, index), { force: true })));
  }
  return { written, decodeWindows: plan.runs.length, decodedSeconds: plan.decodedSeconds };
}

function decodedFramePath(outDir: string, index: number): string {
  return path.join(outDir, `.decoded-${String(index).padStart(6, "0")}.jpg`);
}
