/** How much raw footage the server keeps, from GET /api/retention's list. */
import type { StoredVideo } from "./api-types.js";

/** The server lists only videos whose raw file is still on disk: how many, and their size together. */
export function storedFootageTotals(videos: readonly StoredVideo[]): { count: number; bytes: number } {
  return { count: videos.length, bytes: videos.reduce((sum, video) => sum + video.sizeBytes, 0) };
}
