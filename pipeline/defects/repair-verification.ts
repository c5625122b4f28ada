/**
 * Concludes from later drives whether a defect is gone. A drive counts as a pass when it came close to the defect
 * and the defect crossed the camera's view near enough for the detector to find it; a pass that did not find it is a
 * missed pass. After missedPassesToClose missed passes in a row (a sighting resets the count):
 * - assigned or repaired ⇒ verified_repaired: the crew fixed it, and the camera confirms;
 * - open ⇒ not_seen_again: gone without a work order (repaired by someone else, or a false detection).
 * Only not_seen_again, which this module concluded itself, is revised when the defect is seen again (back to open);
 * statuses people set are confirmed, never overruled.
 *
 * The count is derived from the whole list of passes, ordered by time, rather than kept as a running counter: videos
 * are processed out of order and re-processed after failures, and each (defect, video) pair is stored once.
 */
import { angleDifferenceDegrees, haversineDistanceMeters, initialBearingDegrees, type LatLon } from "../geo/geodesy.js";
import type { ImageSize } from "../detector/letterbox.js";
import { type CameraModel, groundToPixel } from "./camera-model.js";
import type { DefectStatus } from "./defect.js";

export interface RepairVerificationOptions {
  missedPassesToClose: number;
  /** the drive came at least this close: it was on the defect's road, not on a street crossing at a distance */
  passRadiusMeters: number;
  /** the defect was in the image at most this far ahead, where the detector reliably finds damage */
  viewRangeMeters: number;
}

export const DEFAULT_REPAIR_VERIFICATION_OPTIONS: RepairVerificationOptions = {
  missedPassesToClose: 2,
  passRadiusMeters: 10,
  viewRangeMeters: 20,
};

/** Position and heading of one frame of the drive. */
export interface PassFrame extends LatLon {
  /** null when the track never showed the vehicle moving: such a frame cannot tell where the camera looked */
  headingDegrees: number | null;
}

export interface PassRecord {
  seen: boolean;
  /** UTC epoch ms */
  passedAtMs: number;
}

export interface RepairState {
  status: DefectStatus;
  missedPasses: number;
}

/** Whether a drive, given as its frames, passed the location with the location in the camera's view. */
export function passViewsLocation(
  frames: readonly PassFrame[],
  location: LatLon,
  camera: CameraModel,
  image: ImageSize,
  options: RepairVerificationOptions = DEFAULT_REPAIR_VERIFICATION_OPTIONS,
): boolean {
  let cameCloseEnough = false;
  let inView = false;
  for (const frame of frames) {
    const distanceMeters = haversineDistanceMeters(frame, location);
    cameCloseEnough ||= distanceMeters <= options.passRadiusMeters;
    if (inView || frame.headingDegrees === null || distanceMeters > options.viewRangeMeters) continue;
    const angle = (angleDifferenceDegrees(frame.headingDegrees, initialBearingDegrees(frame, location)) * Math.PI) / 180;
    const pixel = groundToPixel(camera, image, {
      aheadMeters: distanceMeters * Math.cos(angle),
      lateralMeters: distanceMeters * Math.sin(angle),
    });
    inView = pixel !== null && pixel.x >= 0 && pixel.x <= image.width && pixel.y >= 0 && pixel.y <= image.height;
  }
  return cameCloseEnough && inView;
}

/** Passes that missed the defect since it was last seen. */
export function countMissedPasses(passes: readonly PassRecord[]): number {
  const lastSeenMs = passes.reduce((latest, pass) => (pass.seen ? Math.max(latest, pass.passedAtMs) : latest), -Infinity);
  return passes.filter((pass) => !pass.seen && pass.passedAtMs > lastSeenMs).length;
}

export function repairState(
  status: DefectStatus,
  passes: readonly PassRecord[],
  options: RepairVerificationOptions = DEFAULT_REPAIR_VERIFICATION_OPTIONS,
): RepairState {
  const missedPasses = countMissedPasses(passes);
  return { status: statusAfterMissedPasses(status, missedPasses, options.missedPassesToClose), missedPasses };
}

function statusAfterMissedPasses(status: DefectStatus, missedPasses: number, missedPassesToClose: number): DefectStatus {
  if (missedPasses >= missedPassesToClose) {
    if (status === "open") return "not_seen_again";
    if (status === "assigned" || status === "repaired") return "verified_repaired";
    return status;
  }
  return status === "not_seen_again" ? "open" : status;
}
