/** Sampled video frames as RGB pixels in memory: decoded only around the wanted frames, as `roadwatch frames` does. */
import type { FfmpegAdapter } from "../adapters/ffmpeg.js";
import type { RawRgbImage } from "../adapters/image.js";
import type { ImageSize } from "../detector/letterbox.js";
import { planDecodeRuns, WrittenFrameMatcher } from "../ingest/decode-windows.js";
import type { IntactVideo } from "../ingest/video-sampling.js";

export interface DecodedSample<T> {
  sample: T;
  image: RawRgbImage;
}

/**
 * Yields each wanted frame (ascending times, seconds into the video) that could be decoded, in order, at `size`;
 * a frame the file does not have is left out. One ffmpeg run per decode window.
 */
export async function* decodeSampledFrames<T extends { frameTimeSeconds: number }>(
  ffmpeg: FfmpegAdapter,
  videoPath: string,
  video: IntactVideo,
  wanted: readonly T[],
  size: ImageSize,
): AsyncGenerator<DecodedSample<T>> {
  const plan = planDecodeRuns(video.probe, video.keyframeSeconds, wanted.map((sample) => sample.frameTimeSeconds));
  let firstWanted = 0;
  for (const run of plan.runs) {
    const runSamples = wanted.slice(firstWanted, firstWanted + run.frameSeconds.length);
    firstWanted += run.frameSeconds.length;
    const matcher = new WrittenFrameMatcher(run.frameSeconds, plan.toleranceSeconds);
    const frames = ffmpeg.streamRawFrames(videoPath, {
      seekSeconds: run.seekSeconds,
      frameSeconds: run.fileFrameSeconds,
      toleranceSeconds: plan.toleranceSeconds,
      ...size,
    });
    for await (const frame of frames) {
      const index = matcher.match(frame.timeSeconds - video.probe.firstFrameSeconds);
      if (index !== null) yield { sample: runSamples[index]!, image: frame.image };
    }
  }
}
