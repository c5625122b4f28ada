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

/** ffmpeg's select expression is evaluated on every decoded frame and grows with the frames wanted in the run. */
export const MAX_FRAMES_PER_WINDOW = 100;

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
  const pairs: Array<[number, number]> = [];
  let wantedIndex = 0;
  writtenSeconds.forEach((written, writtenIndex) => {
    let nearest: number | null = null;
    for (; wantedIndex < wantedSeconds.length && wantedSeconds[wantedIndex]! - toleranceSeconds <= written; wantedIndex++) {
      if (nearest === null || Math.abs(wantedSeconds[wantedIndex]! - written) < Math.abs(wantedSeconds[nearest]! - written)) {
        nearest = wantedIndex;
      }
    }
    if (nearest !== null && written - wantedSeconds[nearest]! <= 3 * toleranceSeconds) pairs.push([writtenIndex, nearest]);
  });
  return pairs;
}
