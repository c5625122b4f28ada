/**
 * The one place a video frame becomes a file. Only frames with detections get here: a frame nobody will look at is
 * never written. Blurring faces and number plates belongs right before the write, so that no unblurred frame is stored.
 */
import { encodeJpeg, type RawRgbImage } from "../adapters/image.js";
import type { MediaStore } from "../storage/media-store.js";

/** Cracks are thin: the evidence is worth the bytes of a high quality. */
const KEPT_FRAME_JPEG_QUALITY = 90;

/** Writes the frame as the video's JPEG for that time; returns its path relative to the data directory. */
export async function keepFrame(media: MediaStore, videoId: number, frameTimeSeconds: number, frame: RawRgbImage): Promise<string> {
  const framePath = media.framePath(videoId, frameTimeSeconds);
  await media.write(framePath, await encodeJpeg(frame, KEPT_FRAME_JPEG_QUALITY));
  return framePath;
}
