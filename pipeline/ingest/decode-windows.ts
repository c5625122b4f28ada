/**
 * Plans which stretches of a video to decode so that only the wanted frames cost anything: frames close
 * together share one ffmpeg run, and a long stop or GPS gap between them is skipped by seeking past it.
 * A seek lands on the keyframe before the target, so what a seek saves depends on where the keyframes are.
 */

/**
 * Starting ffmpeg, opening the file and seeking took about 0.15 s on a 2-core machine, the time it took to decode
 * about 1.7 s of 1080p30 H.264 there: a seek that would skip less video than this is not worth a new ffmpeg run.
 */
export const SEEK_COST_SECONDS = 1.5;

/**
 * ffmpeg's select expression grows with the frames wanted in a run, and ffmpeg 5's expression parser fails
 * ("Cannot allocate memory") somewhere between 60 and 100 terms: a continuous drive is cut into runs of this many.
 */
export const MAX_FRAMES_PER_WINDOW = 50;

export interface DecodeWindow {
  /** the keyframe decoding starts from (seconds into the video) */
  keyframeSeconds: number;
  /** wanted frames, ascending (seconds into the video) */
  frameSeconds: number[];
}

/**
 * Groups ascending frame times into decode runs; keyframe times are ascending, in the same time scale.
 * A wanted frame may be the one up to `toleranceSeconds` after its time, so a keyframe there already serves it.
 */
export function planDecodeWindows(
  frameSeconds: readonly number[],
  keyframeSeconds: readonly number[],
  toleranceSeconds: number,
): DecodeWindow[] {
  const windows: DecodeWindow[] = [];
  for (const seconds of frameSeconds) {
    const current = windows.at(-1);
    const keyframe = keyframeAtOrBefore(keyframeSeconds, seconds + toleranceSeconds);
    const lastWanted = current?.frameSeconds.at(-1);
    const skippedSeconds = lastWanted === undefined ? Infinity : keyframe - lastWanted;
    if (current !== undefined && skippedSeconds <= SEEK_COST_SECONDS && current.frameSeconds.length < MAX_FRAMES_PER_WINDOW) {
      current.frameSeconds.push(seconds);
    } else {
      windows.push({ keyframeSeconds: keyframe, frameSeconds: [seconds] });
    }
  }
  return windows;
}

/** Seconds of video the windows decode: from each window's keyframe through its last wanted frame. */
export function decodedSeconds(windows: readonly DecodeWindow[], frameIntervalSeconds: number): number {
  return windows.reduce(
    (total, window) => total + (window.frameSeconds.at(-1) ?? window.keyframeSeconds) + frameIntervalSeconds - window.keyframeSeconds,
    0,
  );
}

/** The last keyframe at or before `seconds`; 0 (the first frame, always decodable) when the index has none. */
function keyframeAtOrBefore(keyframeSeconds: readonly number[], seconds: number): number {
  let low = 0;
  let high = keyframeSeconds.length - 1;
  let found = 0;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (keyframeSeconds[middle]! <= seconds) {
      found = keyframeSeconds[middle]!;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

/**
 * Pairs the frames ffmpeg wrote (their times, ascending) with the wanted times (ascending). Each wanted time took
 * the first frame at or after (wanted - tolerance); where two wanted times fell on the same frame (a variable frame
 * rate can do that), the nearer one gets it. A frame more than three tolerances (one and a half frame intervals)
 * late is not the wanted one: frames are missing there, or a seek overshot. Returns [written index, wanted index] pairs.
 */
export function matchWrittenFrames(
  writtenSeconds: readonly number[],
  wantedSeconds: readonly number[],
  toleranceSeconds: number,
): Array<[number, number]> {
  const matcher = new WrittenFrameMatcher(wantedSeconds, toleranceSeconds);
  const pairs: Array<[number, number]> = [];
  writtenSeconds.forEach((written, writtenIndex) => {
    const wantedIndex = matcher.match(written);
    if (wantedIndex !== null) pairs.push([writtenIndex, wantedIndex]);
  });
  return pairs;
}

/** matchWrittenFrames one frame at a time, for frames that arrive while ffmpeg is still decoding. */
export class WrittenFrameMatcher {
  private wantedIndex = 0;

  constructor(
    private readonly wantedSeconds: readonly number[],
    private readonly toleranceSeconds: number,
  ) {}

  /** Takes the written frames' times in order; returns the index of the wanted time this frame is, or null. */
  match(writtenSeconds: number): number | null {
    const { wantedSeconds, toleranceSeconds } = this;
    const offBy = (index: number) => Math.abs(wantedSeconds[index]! - writtenSeconds);
    let nearest: number | null = null;
    for (; this.wantedIndex < wantedSeconds.length; this.wantedIndex++) {
      if (wantedSeconds[this.wantedIndex]! - toleranceSeconds > writtenSeconds) break;
      if (nearest === null || offBy(this.wantedIndex) < offBy(nearest)) nearest = this.wantedIndex;
    }
    return nearest !== null && writtenSeconds - wantedSeconds[nearest]! <= 3 * toleranceSeconds ? nearest : null;
  }
}

/** One ffmpeg run of a decode plan, in the file's own timestamps as well as in seconds into the video. */
export interface DecodeRun {
  /** just past the run's keyframe, so that rounding of its printed time cannot send the seek one keyframe back */
  seekSeconds: number;
  /** the wanted frames, file timestamps */
  fileFrameSeconds: number[];
  /** the same frames, seconds into the video */
  frameSeconds: number[];
}

export interface DecodePlan {
  runs: DecodeRun[];
  /** a wanted frame is the first one at or after (time - tolerance): half a frame interval */
  toleranceSeconds: number;
  /** seconds of video the runs decode */
  decodedSeconds: number;
}

export interface VideoTiming {
  /** the file's timestamp of its first frame: seconds into the video count from here */
  firstFrameSeconds: number;
  framesPerSecond: number;
}

/** The runs that decode the wanted frames (seconds into the video, ascending); keyframes are file timestamps. */
export function planDecodeRuns(timing: VideoTiming, keyframeFileSeconds: readonly number[], frameSeconds: readonly number[]): DecodePlan {
  const toleranceSeconds = 0.5 / timing.framesPerSecond;
  const origin = timing.firstFrameSeconds;
  const windows = planDecodeWindows(frameSeconds, keyframeFileSeconds.map((seconds) => seconds - origin), toleranceSeconds);
  return {
    runs: windows.map((window) => ({
      seekSeconds: origin + window.keyframeSeconds + toleranceSeconds,
      fileFrameSeconds: window.frameSeconds.map((seconds) => origin + seconds),
      frameSeconds: window.frameSeconds,
    })),
    toleranceSeconds,
    decodedSeconds: decodedSeconds(windows, 1 / timing.framesPerSecond),
  };
}
