/**
 * The one place a video frame becomes a file. Only frames with detections get here: a frame nobody will look at is
 * never written. Faces and number plates are obscured in memory first, so no unblurred frame ever touches the disk,
 * not even as a temporary file; the evidence photos, crops and thumbnails are all cut from this file.
 */
import { encodeJpeg, type RawRgbImage } from "../adapters/image.js";
import type { Box } from "../detector/box.js";
import type { AnonymisedImage, Anonymiser } from "../privacy/anonymiser.js";
import type { MediaStore } from "../storage/media-store.js";

/** Cracks are thin: the evidence is worth the bytes of a high quality. */
const KEPT_FRAME_JPEG_QUALITY = 90;

export interface FrameToKeep {
  videoId: number;
  frameTimeSeconds: number;
  frame: RawRgbImage;
  /** the frame's damage detections, in its pixels: counted where obscuring covers them, never spared */
  damageBoxes: readonly Box[];
}

export interface KeptFrame extends Omit<AnonymisedImage, "image"> {
  /** relative to the data directory */
  path: string;
}

/** Writes the frame, anonymised unless `anonymiser` is null (privacy switched off), as the video's JPEG for that time. */
export async function keepFrame(media: MediaStore, anonymiser: Anonymiser | null, toKeep: FrameToKeep): Promise<KeptFrame> {
  const framePath = media.framePath(toKeep.videoId, toKeep.frameTimeSeconds);
  const { image, ...blurred } =
    anonymiser === null
      ? { image: toKeep.frame, facesBlurred: 0, platesBlurred: 0, damageBlurred: 0 }
      : await anonymiser.anonymise(toKeep.frame, toKeep.damageBoxes);
  await media.write(framePath, await encodeJpeg(image, KEPT_FRAME_JPEG_QUALITY));
  return { path: framePath, ...blurred };
}
