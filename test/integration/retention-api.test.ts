import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Storage } from "../../pipeline/storage/database.js";
import { testScope } from "../support/web-server-harness.js";

const scope = testScope();
const DAY_MS = 24 * 60 * 60 * 1000;

/** A video registered under the hash of its name; `status` is set the way the pipeline sets it. */
async function video(storage: Storage, name: string, status: "queued" | "processed" | "quarantined"): Promise<number> {
  const contentHash = createHash("sha256").update(name).digest("hex");
  const { video: stored } = await storage.videos.insertIfNew({
    contentHash,
    originalName: name,
    storedPath: `media/videos/${contentHash.slice(0, 2)}/${contentHash}`,
    sizeBytes: 1_000_000 + name.length,
    deviceId: null,
    crew: null,
  });
  if (status === "processed") await storage.videos.setStatus(stored.id, { status: "processed" });
  if (status === "quarantined") await storage.videos.setStatus(stored.id, { status: "quarantined", reason: "not a video" });
  return stored.id;
}

describe("GET /api/retention", () => {
  it("lists each raw video still stored with the day it may be deleted, and what the kept frames take", async () => {
    const server = await scope.server({ retentionDays: 10 });
    const processedId = await video(server.storage, "processed.mp4", "processed");
    const deletedId = await video(server.storage, "old.mp4", "processed");
    await server.storage.videos.markRawDeleted(deletedId);
    const waitingId = await video(server.storage, "waiting.mp4", "queued");
    const quarantinedId = await video(server.storage, "broken.mp4", "quarantined");
    const framesDir = path.join(server.dataDir, "media", "frames", String(processedId));
    await mkdir(framesDir, { recursive: true });
    await writeFile(path.join(framesDir, "000001000.jpg"), Buffer.alloc(3000));
    await writeFile(path.join(framesDir, "000002000.jpg"), Buffer.alloc(2000));

    const planner = await server.signIn("planner");
    const { status, body } = await planner.getJson<{
      retentionDays: number;
      videos: { id: number; originalName: string; processedAt: string | null; deleteAfter: string | null; status: string; sizeBytes: number }[];
      keptFrames: { count: number; bytes: number };
    }>("/api/retention");

    expect(status).toBe(200);
    expect(body.retentionDays).toBe(10);
    expect(body.keptFrames).toEqual({ count: 2, bytes: 5000 });
    // the video whose raw file is gone is not listed
    expect(body.videos.map((v) => [v.id, v.status])).toEqual([
      [processedId, "processed"],
      [waitingId, "queued"],
      [quarantinedId, "quarantined"],
    ]);
    const processed = body.videos[0]!;
    expect(processed).toMatchObject({ originalName: "processed.mp4", sizeBytes: 1_000_013 });
    expect(Date.parse(processed.deleteAfter!) - Date.parse(processed.processedAt!)).toBe(10 * DAY_MS);
    expect(body.videos.slice(1).map((v) => v.deleteAfter)).toEqual([null, null]);
  });

  it("answers an empty overview on a new server", async () => {
    const server = await scope.server();
    const admin = await server.signIn("admin");
    expect((await admin.getJson("/api/retention")).body).toEqual({ retentionDays: 14, videos: [], keptFrames: { count: 0, bytes: 0 } });
  });

  it("is for planners and admins only", async () => {
    const server = await scope.server();
    expect((await (await server.signIn("foreman")).getJson("/api/retention")).status).toBe(403);
    expect((await (await server.signIn("crew")).getJson("/api/retention")).status).toBe(403);
    expect((await fetch(`${server.baseUrl}/api/retention`)).status).toBe(401);
  });
});
