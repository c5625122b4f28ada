/** The vocabulary the defect domain shares with storage and the pipeline. */

export const DEFECT_STATUSES = ["open", "assigned", "repaired", "not_found", "verified_repaired", "not_seen_again"] as const;

/**
 * open, assigned, repaired and not_found are set by people (the foreman, a work order's outcome);
 * verified_repaired and not_seen_again are concluded from later drives that no longer saw the defect.
 */
export type DefectStatus = (typeof DEFECT_STATUSES)[number];

/** One detection placed on the ground: the evidence a defect is made of. */
export interface Sighting {
  detectionId: number;
  /** RDD2022 class code, e.g. "D40" */
  classId: string;
  score: number;
  /** where the damage lies, from the camera model */
  lat: number;
  lon: number;
  /** lateral extent of the damage on the road; null when it could not be estimated */
  widthMeters: number | null;
  /** UTC epoch ms of the frame */
  seenAtMs: number;
  /** the video the frame comes from: one drive past the spot */
  videoId: number;
}
