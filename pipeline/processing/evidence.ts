/**
 * A defect's evidence, from its best observation (the highest score): the frame with the box drawn, a close-up
 * around the box, and a thumbnail for lists and map pop-ups. Each file is written whole or not at all, and written
 * again harmlessly when a restart repeats it.
 */
import { readFile } from "node:fs/promises";
import { cropJpeg, readImageSize, renderAnnotatedJpeg, thumbnailJpeg } from "../adapters/image.js";
import { cropAround } from "./evidence-crop.js";
import type { StageContext } from "./stage.js";

export const THUMBNAIL_LONG_SIDE_PIXELS = 320;

/** red: stands out on grey asphalt and carries white label text */
const BOX_COLOUR = "#e6194b";

export interface EvidenceRequest {
  defectId: number;
  /** one of the video's detections: the defect's best observation */
  detectionId: number;
}

export async function writeDefectEvidence(
  { video, storage, media, detector }: StageContext,
  requests: readonly EvidenceRequest[],
): Promise<void> {
  if (requests.length === 0) return;
  const detections = new Map((await storage.detections.listForVideo(video.id)).map((detection) => [detection.id, detection]));
  const framePaths = new Map((await storage.frames.listForVideo(video.id)).map((frame) => [frame.id, frame.path]));
  const labels = new Map(detector.manifest.classes.map((damageClass) => [damageClass.id, damageClass.en.toLowerCase()]));
  for (const { defectId, detectionId } of requests) {
    const detection = detections.get(detectionId);
    const framePath = detection === undefined ? undefined : framePaths.get(detection.frameId);
    if (detection === undefined || framePath === undefined) {
      throw new Error(`video ${video.id}: detection ${detectionId}, the best observation of defect ${defectId}, has no kept frame`);
    }
    const frame = await readFile(media.absolutePath(framePath));
    const label = `${labels.get(detection.classId) ?? detection.classId} ${detection.score.toFixed(2)}`;
    const photo = await renderAnnotatedJpeg(frame, [{ box: detection.box, text: label, colour: BOX_COLOUR }]);
    const [x1, y1, x2, y2] = cropAround(detection.box, await readImageSize(frame));
    const paths = media.defectMediaPaths(defectId);
    await media.write(paths.photo, photo);
    await media.write(paths.crop, await cropJpeg(frame, { left: x1, top: y1, width: x2 - x1, height: y2 - y1 }));
    await media.write(paths.thumbnail, await thumbnailJpeg(photo, THUMBNAIL_LONG_SIDE_PIXELS));
    await storage.defects.setMedia(defectId, { photoPath: paths.photo, cropPath: paths.crop, thumbnailPath: paths.thumbnail });
  }
}
