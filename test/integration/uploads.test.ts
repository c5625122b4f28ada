/**
 * Uploads over real HTTP with the tus protocol, as a phone's browser or a device sends them: resumable across a
 * dropped connection, stored once by content hash, paired with their track files in the inbox, checked for size and
 * type, and never placed by the name the client gave.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, rm, stat, utimes } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { INBOX_FOLDER, QUIET_PERIOD_MS, removeFromInbox, scanInbox } from "../../pipeline/processing/nightly-inbox.js";
import type { UploadView } from "../../web/server/upload-schemas.js";
import { TRANSFER_FOLDER } from "../../web/server/upload-service.js";
import { type TestClient, type TestServer, testScope } from "../support/web-server-harness.js";

const scope = testScope();

const TUS_ENDPOINT = "/api/uploads/tus";

/** Who sends the requests: a signed-in browser (cookie, and its CSRF token on changes) or a device with its token. */
type Uploader = Pick<TestClient, "fetch">;

/** A device issued by an admin through the API; it sends its token as a bearer token. */
async function issueDevice(server: TestServer, name: string, teamId: number | null): Promise<Uploader> {
  const admin = await server.signIn("admin");
  const issued = await admin.sendJson<{ token: string }>("POST", "/api/devices", { name, teamId });
  expect(issued.status).toBe(201);
  return bearerClient(server, issued.body.token);
}

function bearerClient(server: TestServer, token: string): Uploader {
  return {
    fetch: (address, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return fetch(`${server.baseUrl}${address}`, { ...init, headers });
    },
  };
}

function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString("base64")}`)
    .join(",");
}

interface TusAnswer {
  status: number;
  headers: Headers;
  body: string;
}

async function tus(uploader: Uploader, method: string, address: string, headers: Record<string, string>, body?: Uint8Array): Promise<TusAnswer> {
  const response = await uploader.fetch(address, { method, headers: { "Tus-Resumable": "1.0.0", ...headers }, body });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** POST: a new upload of `length` bytes; its address comes back in Location. */
function createUpload(uploader: Uploader, length: number, metadata: Record<string, string>): Promise<TusAnswer> {
  return tus(uploader, "POST", TUS_ENDPOINT, { "Upload-Length": String(length), "Upload-Metadata": encodeMetadata(metadata) });
}

function patch(uploader: Uploader, location: string, offset: number, bytes: Uint8Array): Promise<TusAnswer> {
  return tus(uploader, "PATCH", location, { "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" }, bytes);
}

async function headOffset(uploader: Uploader, location: string): Promise<number> {
  const answer = await tus(uploader, "HEAD", location, {});
  expect(answer.status).toBe(200);
  return Number(answer.headers.get("Upload-Offset"));
}

/** Creates an upload and sends it whole in one PATCH; returns the PATCH's answer. */
async function uploadWhole(uploader: Uploader, bytes: Uint8Array, metadata: Record<string, string>): Promise<TusAnswer> {
  const created = await createUpload(uploader, bytes.length, metadata);
  expect(created.status, created.body).toBe(201);
  return patch(uploader, created.headers.get("Location")!, 0, bytes);
}

/**
 * Starts a PATCH of `bytes` from `offset`, sends the first `sentBeforeDrop` of them and, once the server has written
 * them to its transfer store, cuts the connection as a phone leaving Wi-Fi would.
 */
async function patchAndDrop(server: TestServer, location: string, crew: TestClient, offset: number, bytes: Uint8Array, sentBeforeDrop: number): Promise<void> {
  const transferFile = path.join(server.dataDir, TRANSFER_FOLDER, path.basename(location));
  const url = new URL(location, server.baseUrl);
  const request = httpRequest(url, {
    method: "PATCH",
    headers: {
      "Tus-Resumable": "1.0.0",
      "Upload-Offset": String(offset),
      "Content-Type": "application/offset+octet-stream",
      "Content-Length": String(bytes.length),
      Cookie: crew.cookie,
      "X-CSRF-Token": crew.csrfToken,
    },
  });
  const closed = new Promise<void>((resolve) => request.on("close", resolve));
  request.on("error", () => undefined);
  request.write(bytes.subarray(0, sentBeforeDrop));
  for (let waitedMs = 0; (await stat(transferFile)).size < offset + sentBeforeDrop; waitedMs += 10) {
    if (waitedMs > 5000) throw new Error("the server did not write the bytes sent before the drop");
    await sleep(10);
  }
  request.destroy();
  await closed;
}

/** Bytes that pass for an MP4: an ftyp box, then noise. */
function fakeMp4(sizeBytes: number): Uint8Array {
  const bytes = randomBytes(sizeBytes);
  bytes.set([0, 0, 0, 16, ...Buffer.from("ftypisom"), 0, 0, 2, 0], 0);
  return bytes;
}

function gpxOf(points: number): Uint8Array {
  const trackPoints = Array.from({ length: points }, (_, i) => `<trkpt lat="55.25${i}" lon="12.11${i}"><time>2025-05-05T07:00:0${i}Z</time></trkpt>`);
  return Buffer.from(`<?xml version="1.0"?>\n<gpx version="1.1" creator="test"><trk><trkseg>${trackPoints.join("")}</trkseg></trk></gpx>\n`);
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function listUploads(reader: TestClient): Promise<UploadView[]> {
  const { status, body } = await reader.getJson<UploadView[]>("/api/uploads");
  expect(status).toBe(200);
  return body;
}

/** Every file under `folder`, relative to it, sorted. */
async function filesUnder(folder: string): Promise<string[]> {
  if (!existsSync(folder)) return [];
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("resumable uploads", () => {
  it("resumes a video after a dropped connection and puts it in the inbox with its track, under the video's hash", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens", displayName: "Jens Hansen" });
    const track = gpxOf(5);
    const video = fakeMp4(3 * 1024 * 1024);

    // the track first, as the upload page sends it: it waits for its video
    expect((await uploadWhole(crew, track, { filename: "VID_0001.gpx", filetype: "", pairkey: "drive-1" })).status).toBe(204);
    const created = await createUpload(crew, video.length, { filename: "VID_0001.mp4", filetype: "video/mp4", pairkey: "drive-1" });
    expect(created.status).toBe(201);
    const location = created.headers.get("Location")!;
    expect(location).toMatch(/^\/api\/uploads\/tus\/[0-9a-f]{32}$/);

    const firstChunk = 1024 * 1024;
    expect((await patch(crew, location, 0, video.subarray(0, firstChunk))).status).toBe(204);
    await patchAndDrop(server, location, crew, firstChunk, video.subarray(firstChunk), 512 * 1024);
    const offset = await headOffset(crew, location);
    expect(offset).toBeGreaterThanOrEqual(firstChunk + 512 * 1024);
    expect(offset).toBeLessThan(video.length);
    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([]);

    const finished = await patch(crew, location, offset, video.subarray(offset));
    expect(finished.status, finished.body).toBe(204);
    expect(finished.headers.get("Upload-Offset")).toBe(String(video.length));

    const videoHash = sha256(video);
    const inbox = path.join(server.dataDir, INBOX_FOLDER);
    expect(await filesUnder(inbox)).toEqual([path.join(videoHash, `${videoHash}.gpx`), path.join(videoHash, `${videoHash}.mp4`)]);
    expect(sha256(await readFile(path.join(inbox, videoHash, `${videoHash}.mp4`)))).toBe(videoHash);
    expect(await readFile(path.join(inbox, videoHash, `${videoHash}.gpx`))).toEqual(Buffer.from(track));
    expect(await filesUnder(path.join(server.dataDir, TRANSFER_FOLDER))).toEqual([]);

    const listed = await listUploads(crew);
    expect(listed.map(({ name, kind, sizeBytes, uploadedBy, status }) => ({ name, kind, sizeBytes, uploadedBy, status }))).toEqual([
      { name: "VID_0001.mp4", kind: "video", sizeBytes: video.length, uploadedBy: "Jens Hansen", status: "waiting" },
      { name: "VID_0001.gpx", kind: "track", sizeBytes: track.length, uploadedBy: "Jens Hansen", status: "waiting" },
    ]);
  });

  it("puts a track that arrives after its video beside the video still in the inbox", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });
    const video = fakeMp4(64 * 1024);
    const track = gpxOf(3);
    expect((await uploadWhole(crew, video, { filename: "20250505_070000.MP4", filetype: "video/mp4" })).status).toBe(204);
    expect((await uploadWhole(crew, track, { filename: "20250505_070000.gpx", filetype: "application/gpx+xml" })).status).toBe(204);

    const videoHash = sha256(video);
    // without a pair key, the name without its extension pairs them
    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([
      path.join(videoHash, `${videoHash}.gpx`),
      path.join(videoHash, `${videoHash}.mp4`),
    ]);
  });

  it("pairs every track sent before its video, and forgets one given up", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });
    const track = gpxOf(4);
    const pairkey = "5000-1746428400000-VID_0007";
    // the page was reloaded after the track had gone up: it sent the track again
    for (let sent = 0; sent < 2; sent += 1) {
      expect((await uploadWhole(crew, track, { filename: "VID_0007.gpx", filetype: "application/gpx+xml", pairkey })).status).toBe(204);
    }
    // a wrong track, sent and then given up while it waited for the video
    const wrong = await createUpload(crew, gpxOf(2).length, { filename: "VID_0007.gpx", pairkey });
    const wrongAddress = wrong.headers.get("Location")!;
    expect((await patch(crew, wrongAddress, 0, gpxOf(2))).status).toBe(204);
    expect((await tus(crew, "DELETE", wrongAddress, {})).status).toBe(204);
    await expect.poll(async () => (await listUploads(crew)).length).toBe(2);

    const video = fakeMp4(5000);
    expect((await uploadWhole(crew, video, { filename: "VID_0007.mp4", filetype: "video/mp4", pairkey })).status).toBe(204);
    const videoHash = sha256(video);
    const inbox = path.join(server.dataDir, INBOX_FOLDER);
    expect(await filesUnder(inbox)).toEqual([path.join(videoHash, `${videoHash}.gpx`), path.join(videoHash, `${videoHash}.mp4`)]);
    expect(await readFile(path.join(inbox, videoHash, `${videoHash}.gpx`))).toEqual(Buffer.from(track));
    expect(await filesUnder(path.join(server.dataDir, TRANSFER_FOLDER))).toEqual([]);
    expect((await listUploads(crew)).map(({ name, status }) => `${name} ${status}`)).toEqual([
      "VID_0007.mp4 waiting",
      "VID_0007.gpx waiting",
      "VID_0007.gpx waiting",
    ]);
  });

  it("is taken from the inbox by the nightly run with its track, and its folder goes with them", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });
    const video = fakeMp4(5000);
    await uploadWhole(crew, gpxOf(3), { filename: "VID_0009.gpx" });
    await uploadWhole(crew, video, { filename: "VID_0009.mp4" });
    const inbox = path.join(server.dataDir, INBOX_FOLDER);
    const videoHash = sha256(video);
    const folder = path.join(inbox, videoHash);
    const settled = new Date(Date.now() - 2 * QUIET_PERIOD_MS);
    for (const name of await readdir(folder)) await utimes(path.join(folder, name), settled, settled);

    const scan = await scanInbox(inbox, async () => undefined);
    expect(scan.ready.map(({ videoPath, trackPath }) => [videoPath, trackPath])).toEqual([
      [path.join(folder, `${videoHash}.mp4`), path.join(folder, `${videoHash}.gpx`)],
    ]);
    expect(await removeFromInbox(scan.ready[0]!, new Set())).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(inbox)).toBe(true);
  });

  it("stores the same video once however often it is uploaded, and shows each upload with the pipeline's status", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });
    const colleague = await server.signIn("crew", { username: "mette", teamId: crew.teamId! });
    const video = fakeMp4(200 * 1024);
    const videoHash = sha256(video);

    expect((await uploadWhole(crew, video, { filename: "morning.mp4", filetype: "video/mp4" })).status).toBe(204);
    expect((await uploadWhole(colleague, video, { filename: "copy of morning.mp4", filetype: "video/mp4" })).status).toBe(204);
    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([path.join(videoHash, `${videoHash}.mp4`)]);

    // the nightly run took it and set it aside; a third upload of it finds it known and is only recorded
    const { video: stored } = await server.storage.videos.insertIfNew({
      contentHash: videoHash,
      originalName: `${videoHash}.mp4`,
      storedPath: path.join("media", "videos", videoHash.slice(0, 2), videoHash),
      sizeBytes: video.length,
      deviceId: null,
      crew: null,
    });
    await server.storage.videos.setStatus(stored.id, { status: "quarantined", reason: "no GPS: no track file beside the video" });
    await rm(path.join(server.dataDir, INBOX_FOLDER), { recursive: true, force: true });
    expect((await uploadWhole(crew, video, { filename: "morning again.mp4", filetype: "video/mp4" })).status).toBe(204);
    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([]);

    const listed = await listUploads(crew);
    expect(listed.map(({ name, uploadedBy, status, reason }) => ({ name, uploadedBy, status, reason }))).toEqual([
      { name: "morning again.mp4", uploadedBy: "jens", status: "quarantined", reason: "no GPS: no track file beside the video" },
      { name: "copy of morning.mp4", uploadedBy: "mette", status: "quarantined", reason: "no GPS: no track file beside the video" },
      { name: "morning.mp4", uploadedBy: "jens", status: "quarantined", reason: "no GPS: no track file beside the video" },
    ]);

    await server.storage.videos.setStatus(stored.id, { status: "processed" });
    expect((await listUploads(crew)).map((upload) => upload.status)).toEqual(["processed", "processed", "processed"]);
  });

  it("shows a crew its team's uploads and a foreman everyone's; a planner none", async () => {
    const server = await scope.server();
    const east = await server.signIn("crew", { username: "jens" });
    const west = await server.signIn("crew", { username: "mette" });
    const foreman = await server.signIn("foreman", { username: "formand" });
    const planner = await server.signIn("planner", { username: "planner" });
    await uploadWhole(east, fakeMp4(1000), { filename: "east.mp4" });
    await uploadWhole(west, fakeMp4(1000), { filename: "west.mp4" });

    expect((await listUploads(east)).map((upload) => upload.name)).toEqual(["east.mp4"]);
    expect((await listUploads(west)).map((upload) => upload.name)).toEqual(["west.mp4"]);
    expect((await listUploads(foreman)).map((upload) => upload.name)).toEqual(["west.mp4", "east.mp4"]);
    expect((await planner.fetch("/api/uploads")).status).toBe(403);
  });
});

describe("upload security", () => {
  it("never uses a client's file name as a path", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });

    const passwd = await createUpload(crew, 100, { filename: "../../etc/passwd", filetype: "" });
    expect(passwd.status).toBe(415);
    expect(passwd.body).toBe("passwd: a file without an extension cannot be uploaded (allowed: .mp4, .mov, .gpx, .csv, .nmea)");

    const video = fakeMp4(4096);
    const escaping = "../../../../escaped.mp4";
    expect((await uploadWhole(crew, video, { filename: escaping, filetype: "video/mp4", pairkey: "../../x" })).status).toBe(204);
    for (const base of [server.dataDir, path.join(server.dataDir, INBOX_FOLDER), path.join(server.dataDir, TRANSFER_FOLDER)]) {
      expect(existsSync(path.resolve(base, escaping))).toBe(false);
    }
    const videoHash = sha256(video);
    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([path.join(videoHash, `${videoHash}.mp4`)]);
    expect((await listUploads(crew)).map((upload) => upload.name)).toEqual(["escaped.mp4"]);

    // nor is an upload's address: only the ids the server gave out lead anywhere
    for (const address of [`${TUS_ENDPOINT}/..%2F..%2Froadwatch.sqlite`, `${TUS_ENDPOINT}/%2E%2E`]) {
      const answer = await tus(crew, "PATCH", address, { "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" }, Buffer.from("x"));
      expect(answer.status).toBe(404);
    }
  });

  it("refuses an upload over the size limit before a byte is sent", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });

    // ROADWATCH_UPLOAD_MAX_BYTES is 8 GiB unless set
    const tooLarge = await createUpload(crew, 9.5 * 1024 ** 3, { filename: "long drive.mp4", filetype: "video/mp4" });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toBe("long drive.mp4: 9.5 GiB is more than the 8 GiB an upload may be");
    const deferred = await tus(crew, "POST", TUS_ENDPOINT, { "Upload-Defer-Length": "1", "Upload-Metadata": encodeMetadata({ filename: "a.mp4" }) });
    expect(deferred.status).toBe(400);
    expect(deferred.body).toBe("a.mp4: the upload must declare its length (Upload-Length)");

    // a body longer than the declared length is cut off, not stored
    const created = await createUpload(crew, 100, { filename: "small.mp4", filetype: "video/mp4" });
    expect((await patch(crew, created.headers.get("Location")!, 0, fakeMp4(5000))).status).toBe(413);
  });

  it("refuses files that are not what their name or declared type says, naming the file", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });

    const declaredText = await createUpload(crew, 100, { filename: "notes.mp4", filetype: "text/plain" });
    expect(declaredText.status).toBe(415);
    expect(declaredText.body).toBe("notes.mp4: declared as text/plain, which a .mp4 file is not (expected video/mp4)");

    const textAsVideo = await uploadWhole(crew, Buffer.from("shopping list: asphalt, gravel\n".repeat(20)), { filename: "notes.mp4", filetype: "video/mp4" });
    expect(textAsVideo.status).toBe(415);
    expect(textAsVideo.body).toBe("notes.mp4: the content is not an MP4 video");
    const videoAsTrack = await uploadWhole(crew, fakeMp4(2000), { filename: "route.gpx", filetype: "application/gpx+xml" });
    expect(videoAsTrack.status).toBe(415);
    expect(videoAsTrack.body).toBe("route.gpx: the content is not a GPX track (XML with a <gpx> element)");

    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([]);
    expect(await filesUnder(path.join(server.dataDir, TRANSFER_FOLDER))).toEqual([]);
    expect((await listUploads(crew)).map(({ name, status, reason }) => ({ name, status, reason }))).toEqual([
      { name: "route.gpx", status: "rejected", reason: "the content is not a GPX track (XML with a <gpx> element)" },
      { name: "notes.mp4", status: "rejected", reason: "the content is not an MP4 video" },
    ]);
  });

  it("lets only the uploader continue an upload, and a browser only with its CSRF token", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });
    const colleague = await server.signIn("crew", { username: "mette", teamId: crew.teamId! });
    const created = await createUpload(crew, 2000, { filename: "a.mp4", filetype: "video/mp4" });
    const location = created.headers.get("Location")!;

    expect((await tus(colleague, "HEAD", location, {})).status).toBe(404);
    expect((await patch(colleague, location, 0, fakeMp4(2000))).status).toBe(404);
    expect((await tus(colleague, "DELETE", location, {})).status).toBe(404);
    const forged = await fetch(new URL(location, server.baseUrl), {
      method: "PATCH",
      headers: { Cookie: crew.cookie, "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream" },
      body: fakeMp4(2000),
    });
    expect(forged.status).toBe(403);
    const anonymous = await fetch(`${server.baseUrl}${TUS_ENDPOINT}`, { method: "POST", headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10" } });
    expect(anonymous.status).toBe(401);
    expect(await headOffset(crew, location)).toBe(0);

    // giving up an upload forgets it
    expect((await tus(crew, "DELETE", location, {})).status).toBe(204);
    await expect.poll(async () => (await listUploads(crew)).length).toBe(0);
  });

  it("lets a device upload with its token, without a password or CSRF token, and do nothing else", async () => {
    const server = await scope.server();
    const crew = await server.signIn("crew", { username: "jens" });
    const device = await issueDevice(server, "Dashcam 7", crew.teamId);
    const video = fakeMp4(50_000);

    expect((await uploadWhole(device, video, { filename: "2025_0505_070000_001.MP4", filetype: "video/mp4" })).status).toBe(204);
    const videoHash = sha256(video);
    expect(await filesUnder(path.join(server.dataDir, INBOX_FOLDER))).toEqual([path.join(videoHash, `${videoHash}.mp4`)]);

    expect((await listUploads(crew)).map(({ name, uploadedBy }) => ({ name, uploadedBy }))).toEqual([
      { name: "2025_0505_070000_001.MP4", uploadedBy: "Dashcam 7" },
    ]);

    for (const [method, address] of [
      ["GET", "/api/uploads"],
      ["GET", "/api/defects?bbox=12,55,13,56"],
      ["GET", "/api/teams"],
      ["GET", "/api/work-orders"],
      ["GET", "/api/session"],
      ["POST", "/api/teams"],
    ] as const) {
      const response = await device.fetch(address, { method, headers: { "Content-Type": "application/json" }, body: method === "POST" ? "{}" : undefined });
      expect([401, 403], `${method} ${address}`).toContain(response.status);
    }
    expect((await createUpload(bearerClient(server, "rwd_not-a-token"), 100, { filename: "x.mp4" })).status).toBe(401);
  });
});
