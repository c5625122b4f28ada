/**
 * Puts defects into a data directory the way the pipeline does: a video, a frame and a located detection per sighting,
 * merged into defects by planMerge. For the map's browser test and benchmark, which need known defects on a real server.
 */
import { createHash } from "node:crypto";
import { MERGEABLE_STATUSES, mergeSearchBounds, planMerge } from "../../pipeline/defects/merge.js";
import type { Storage } from "../../pipeline/storage/database.js";

export interface SeedSighting {
  lat: number;
  lon: number;
  /** RDD2022 class code, e.g. "D40" */
  classId: string;
  score: number;
  widthMeters: number;
  seenAtMs: number;
}

/** A plausible pothole box in a 1920×1080 frame: the map does not look at it, the details panel draws it. */
const SEED_BOX = [880, 760, 1040, 840] as const;

/**
 * Stores the sightings as one drive (one video) and merges them with each other and with the defects already stored:
 * sightings of compatible classes closer than the merge radius (8 m) are one defect, so keep separate defects farther
 * apart, and seed the same spots again as a later drive to give defects a history. Returns how many defects were new.
 */
export async function seedSightings(storage: Storage, sightings: readonly SeedSighting[], driveName: string): Promise<number> {
  const contentHash = createHash("sha256").update(driveName).digest("hex");
  const { video } = await storage.videos.insertIfNew({
    contentHash,
    originalName: `${driveName}.mp4`,
    storedPath: `media/videos/${contentHash.slice(0, 2)}/${contentHash}`,
    sizeBytes: 1,
    deviceId: null,
    crew: null,
  });
  return storage.transaction(async (tx) => {
    await tx.frames.insertMany(
      sightings.map((sighting, index) => ({
        videoId: video.id,
        frameTimeSeconds: index,
        timeMs: sighting.seenAtMs,
        lat: sighting.lat,
        lon: sighting.lon,
        headingDegrees: 0,
        speedMps: 10,
        distanceMeters: index * 10,
        path: `media/frames/${video.id}/${String(index * 1000).padStart(9, "0")}.jpg`,
      })),
    );
    const frames = await tx.frames.listForVideo(video.id);
    await tx.detections.insertMany(
      frames.map((frame, index) => {
        const { classId, score } = sightings[index]!;
        return { frameId: frame.id, classId, score, box: SEED_BOX };
      }),
    );
    const detections = await tx.detections.listForVideo(video.id);
    await tx.detections.setPlacements(
      detections.map((detection, index) => {
        const sighting = sightings[index]!;
        return {
          detectionId: detection.id,
          placement: { lat: sighting.lat, lon: sighting.lon, aheadMeters: 10, lateralMeters: 0, widthMeters: sighting.widthMeters },
        };
      }),
    );
    const mergeable = await tx.detections.listMergeable(video.id);
    const searchBounds = mergeSearchBounds(mergeable);
    const candidates = searchBounds === null ? [] : await tx.defects.findMergeCandidates(searchBounds, MERGEABLE_STATUSES);
    const applied = await tx.defects.applyMergePlan(planMerge(mergeable, candidates));
    return applied.createdDefectIds.length;
  });
}
