/** locate: each detection put on the map through the camera model, from its frame's position and heading. */
import { placeDetection } from "../defects/camera-model.js";
import { deliveredFrameSize } from "./frame-size.js";
import { done, skipped, type Stage } from "./stage.js";
import { readStageOutput } from "./stage-results.js";

export const locateStage: Stage<"locate"> = async ({ video, storage, settings }) => {
  const detections = await storage.detections.listForVideo(video.id);
  if (detections.length === 0) return skipped("no detections to place");
  const { probe } = await readStageOutput(storage.jobs, video.id, "probe");
  // boxes are in the pixels of the frames the detector saw
  const image = deliveredFrameSize(probe, settings.maxFrameLongSidePixels);
  const placements = detections.map(({ id, box, frame: { lat, lon, headingDegrees } }) => ({
    detectionId: id,
    // without a heading (the vehicle never moved on that stretch) nobody knows where the camera looked
    placement: headingDegrees === null ? null : placeDetection(settings.camera, image, { lat, lon, headingDegrees }, box),
  }));
  await storage.detections.setPlacements(placements);
  const placed = placements.filter(({ placement }) => placement !== null).length;
  return done({ placed, unplaced: placements.length - placed });
};
