/**
 * What footage the server holds and until when, for the planner and the data protection officer: every raw video
 * still on disk with the day it may be deleted, and what the kept (anonymised) frames take.
 */
import { Router } from "express";
import { z } from "zod";
import { rawVideoDeleteAfterMs } from "../../pipeline/processing/retention.js";
import { VIDEO_STATUSES } from "../../pipeline/storage/schema.js";
import type { Video } from "../../pipeline/storage/video-repository.js";
import type { ServerContext } from "./server-context.js";

const isoTime = z.string().describe("ISO 8601, UTC");

export const retentionOverviewSchema = z.object({
  retentionDays: z.number().int().describe("raw videos are deleted this many days after they were processed (ROADWATCH_RETENTION_DAYS)"),
  videos: z
    .array(
      z.object({
        id: z.number().int(),
        originalName: z.string(),
        recordedStart: isoTime.nullable().describe("null when the video carried no time"),
        processedAt: isoTime.nullable(),
        sizeBytes: z.number().int(),
        deleteAfter: isoTime
          .nullable()
          .describe("the first nightly run after this deletes the raw file; null while it waits, is processed or is in quarantine"),
        status: z.enum(VIDEO_STATUSES),
      }),
    )
    .describe("raw videos whose file is still stored, oldest first"),
  keptFrames: z
    .object({ count: z.number().int(), bytes: z.number().int() })
    .describe("frames kept as evidence (faces and plates obscured): they stay after the raw video is deleted"),
});

export type RetentionOverview = z.infer<typeof retentionOverviewSchema>;

export function retentionRoutes(context: ServerContext, retentionDays: number): Router {
  const { storage, media } = context;
  const router = Router();

  router.get("/api/retention", async (_request, response) => {
    const videos = await storage.videos.listByStatus(VIDEO_STATUSES);
    const stored = videos.filter((video) => video.rawDeletedAtMs === null && video.status !== "deleted");
    const overview: RetentionOverview = {
      retentionDays,
      videos: stored.map((video) => storedVideoView(video, retentionDays)),
      keptFrames: await media.frameFilesUsage(),
    };
    response.json(overview);
  });

  return router;
}

function storedVideoView(video: Video, retentionDays: number): RetentionOverview["videos"][number] {
  const deleteAfterMs = rawVideoDeleteAfterMs(video, retentionDays);
  return {
    id: video.id,
    originalName: video.originalName,
    recordedStart: isoOrNull(video.recordedStartMs),
    processedAt: isoOrNull(video.processedAtMs),
    sizeBytes: video.sizeBytes,
    deleteAfter: isoOrNull(deleteAfterMs),
    status: video.status,
  };
}

function isoOrNull(timeMs: number | null): string | null {
  return timeMs === null ? null : new Date(timeMs).toISOString();
}
