/** The size video frames are analysed and kept at. */
import type { ImageSize } from "../detector/letterbox.js";

/**
 * Frames larger than this are scaled down before detection: the detector sees a few hundred pixels anyway, and a
 * kept 4K frame would cost four times the disk of a 1080p one for no visible gain in the evidence photos.
 */
export const MAX_FRAME_LONG_SIDE_PIXELS = 1920;

export interface CodedVideoSize {
  /** as stored in the file, before the display rotation */
  width: number;
  height: number;
  /** display rotation, 0..359 */
  rotationDegrees: number;
}

/** Upright (the rotation applied, as ffmpeg decodes it) and scaled so that the longer side is at most `maxLongSidePixels`. */
export function deliveredFrameSize(video: CodedVideoSize, maxLongSidePixels: number = MAX_FRAME_LONG_SIDE_PIXELS): ImageSize {
  const quarterTurn = video.rotationDegrees % 180 === 90;
  const width = quarterTurn ? video.height : video.width;
  const height = quarterTurn ? video.width : video.height;
  const scale = Math.min(1, maxLongSidePixels / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
