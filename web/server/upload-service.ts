/**
 * Footage from crews' phones and devices: who may upload, what an upload may be, and where an arrived file goes.
 *
 * An accepted file is known by its content hash, never by the name the client gave it. A video goes into the inbox as
 * <inbox>/<sha256>/<sha256>.<ext> and its track file beside it under the video's hash, so the nightly run (and
 * `roadwatch process`) pairs them as it pairs any video and track copied there; a folder of its own keeps one video
 * from taking another's track. A video the pipeline already knows, or one already waiting in the inbox, is not put
 * there again: the upload is recorded and the bytes are dropped.
 *
 * A video and its track arrive separately and in either order. They are paired by the uploader's pair key (the
 * upload page sends one per video; without it, the file name without extension): a track that arrives first waits in
 * the transfer store until its video has arrived, and goes into the inbox before the video does.
 */
import { open, readdir } from "node:fs/promises";
import path from "node:path";
import type { Principal } from "../../pipeline/accounts/roles.js";
import { INBOX_FOLDER } from "../../pipeline/processing/nightly-inbox.js";
import {
  checkContent,
  checkDeclaredType,
  displayName,
  extensionOf,
  HEAD_BYTES,
  UPLOAD_FILE_TYPES,
  type UploadFileType,
} from "../../pipeline/processing/upload-types.js";
import { hashFile, linkOrCopy, VIDEO_EXTENSIONS } from "../../pipeline/processing/uploads.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { ListedUpload, Upload, Uploader, UploadScope } from "../../pipeline/storage/upload-repository.js";
import type { UploadStatus, UploadView } from "./upload-schemas.js";

/** Under the data directory: uploads still arriving, and tracks waiting for their video. Never served, never processed. */
export const TRANSFER_FOLDER = "uploads-partial";

/** The upload list shows this many, newest first: a crew looks at today's and yesterday's. */
export const LISTED_UPLOADS = 200;

/** A pair key is the client's own text; it is only ever compared. */
const MAX_PAIR_KEY_LENGTH = 200;

export interface UploadSettings {
  maxBytes: number;
  /** lower case, without the dot */
  extensions: readonly string[];
}

/** Where the transfer (the resumable-upload protocol) keeps an upload's bytes until they are used. */
export interface TransferStore {
  filePath(transferId: string): string;
  /** forgets the upload and deletes its bytes */
  remove(transferId: string): Promise<void>;
}

/** An upload refused with an HTTP status and a message naming the file and the problem. */
export class UploadRejection extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = "UploadRejection";
  }
}

/** What the uploader says about a file as the upload begins (the tus Upload-Length and Upload-Metadata). */
export interface UploadRequest {
  transferId: string;
  /** undefined: the length is to be declared later, which roadwatch does not take */
  sizeBytes: number | undefined;
  fileName: string | undefined;
  declaredType: string | undefined;
  pairKey: string | undefined;
}

export interface UploadServiceDependencies {
  storage: Storage;
  dataDir: string;
  transfers: TransferStore;
  settings: UploadSettings;
}

export class UploadService {
  private readonly inboxDir: string;
  /** finishing steps one at a time: a video and its track arriving together must see each other */
  private finishing: Promise<unknown> = Promise.resolve();

  constructor(private readonly dependencies: UploadServiceDependencies) {
    this.inboxDir = path.join(dependencies.dataDir, INBOX_FOLDER);
  }

  /** Checks and records an upload about to begin; an UploadRejection when it may not. */
  async begin(principal: Principal, request: UploadRequest): Promise<void> {
    const { settings, storage } = this.dependencies;
    const name = displayName(request.fileName ?? "");
    if (name === "") throw new UploadRejection(400, "the upload has no file name (Upload-Metadata filename)");
    if (request.sizeBytes === undefined) throw new UploadRejection(400, `${name}: the upload must declare its length (Upload-Length)`);
    if (request.sizeBytes === 0) throw new UploadRejection(400, `${name}: the file is empty`);
    if (request.sizeBytes > settings.maxBytes) {
      throw new UploadRejection(413, `${name}: ${describeBytes(request.sizeBytes)} is more than the ${describeBytes(settings.maxBytes)} an upload may be`);
    }
    const declared = checkDeclaredType(name, request.declaredType ?? "", settings.extensions);
    if (!declared.valid) throw new UploadRejection(415, `${name}: ${declared.reason}`);
    const pairKey = (request.pairKey ?? "").trim() || nameWithoutExtension(name);
    if (pairKey.length > MAX_PAIR_KEY_LENGTH) throw new UploadRejection(400, `${name}: the pair key is longer than ${MAX_PAIR_KEY_LENGTH} characters`);
    await storage.uploads.start({
      transferId: request.transferId,
      kind: declared.type.kind,
      originalName: name,
      pairKey,
      sizeBytes: request.sizeBytes,
      uploader: uploaderOf(principal),
      teamId: principal.teamId,
    });
  }

  /** Only the one who began an upload may ask about it, continue it or give it up; to anyone else it does not exist. */
  async authorize(principal: Principal, transferId: string): Promise<void> {
    const upload = await this.dependencies.storage.uploads.getByTransferId(transferId);
    if (upload === null || !sameUploader(upload.uploader, uploaderOf(principal))) {
      throw new UploadRejection(404, `no upload ${transferId}`);
    }
  }

  /**
   * All bytes have arrived at `file`: checks that they are what the name says, and puts them where they belong. An
   * UploadRejection (415) when they are not; the bytes are then dropped.
   */
  async finish(transferId: string, file: string): Promise<void> {
    const { storage, transfers } = this.dependencies;
    const upload = await storage.uploads.getByTransferId(transferId);
    if (upload === null) throw new Error(`upload ${transferId} arrived but was never recorded`);
    const type = UPLOAD_FILE_TYPES[extensionOf(upload.originalName)]!;
    const content = checkContent(type, await readHead(file));
    if (!content.valid) {
      await storage.uploads.reject(upload.id, content.reason);
      await transfers.remove(transferId);
      throw new UploadRejection(415, `${upload.originalName}: ${content.reason}`);
    }
    const contentHash = await hashFile(file);
    await this.serially(() => (type.kind === "video" ? this.finishVideo(upload, type, contentHash) : this.finishTrack(upload, contentHash)));
  }

  /** An upload given up before it was used: still arriving, or a track still waiting for its video. */
  async abandon(transferId: string): Promise<void> {
    await this.dependencies.storage.uploads.remove(transferId);
  }

  /** A crew sees its team's uploads and its own; foremen and admins see everyone's. */
  async list(principal: Principal): Promise<UploadView[]> {
    const everyone = principal.kind === "user" && (principal.role === "foreman" || principal.role === "admin");
    const scope: UploadScope = everyone ? { everyone } : { everyone, teamId: principal.teamId, uploader: uploaderOf(principal) };
    return (await this.dependencies.storage.uploads.list(scope, LISTED_UPLOADS)).map(uploadView);
  }

  private async finishVideo(upload: Upload, type: UploadFileType, contentHash: string): Promise<void> {
    const { storage, transfers } = this.dependencies;
    // the same files picked again after a reload may have sent the track twice: the latest goes in, all are paired
    const tracks = await storage.uploads.findWaitingTracks(upload.uploader, upload.pairKey);
    if ((await storage.videos.getByContentHash(contentHash)) === null) {
      // the track first: a nightly run that finds the video finds its track with it
      const [track] = tracks;
      if (track !== undefined) await this.putInInbox(transfers.filePath(track.transferId), contentHash, extensionOf(track.originalName));
      await this.putInInbox(transfers.filePath(upload.transferId), contentHash, type.extension);
    }
    await storage.uploads.complete(upload.id, { contentHash, videoHash: contentHash });
    for (const track of tracks) {
      await storage.uploads.pairTrack(track.id, contentHash);
      await transfers.remove(track.transferId);
    }
    await transfers.remove(upload.transferId);
  }

  private async finishTrack(upload: Upload, contentHash: string): Promise<void> {
    const { storage, transfers } = this.dependencies;
    const videoHash = (await storage.uploads.findArrivedVideo(upload.uploader, upload.pairKey))?.videoHash ?? null;
    // a video already processed, or being processed, went without it: then the track is recorded, not used
    if (videoHash !== null && (await this.waitsInInbox(videoHash))) {
      await this.putInInbox(transfers.filePath(upload.transferId), videoHash, extensionOf(upload.originalName));
    }
    await storage.uploads.complete(upload.id, { contentHash, videoHash });
    // without its video, the track waits in the transfer store until the video arrives
    if (videoHash !== null) await transfers.remove(upload.transferId);
  }

  /** <inbox>/<video hash>/<video hash>.<ext>; a file there already stays: the same video, or a track that came first. */
  private async putInInbox(file: string, videoHash: string, extension: string): Promise<void> {
    await linkOrCopy(file, path.join(this.inboxDir, videoHash, `${videoHash}.${extension}`));
  }

  private async waitsInInbox(videoHash: string): Promise<boolean> {
    const names = await readdir(path.join(this.inboxDir, videoHash)).catch(() => [] as string[]);
    return names.some((name) => nameWithoutExtension(name) === videoHash && VIDEO_EXTENSIONS.includes(`.${extensionOf(name)}`));
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const result = this.finishing.then(step);
    this.finishing = result.catch(() => undefined);
    return result;
  }
}

function uploaderOf(principal: Principal): Uploader {
  return principal.kind === "user" ? { kind: "user", userId: principal.userId } : { kind: "device", deviceId: principal.deviceId };
}

function sameUploader(a: Uploader, b: Uploader): boolean {
  return a.kind === "user" && b.kind === "user" ? a.userId === b.userId : a.kind === "device" && b.kind === "device" && a.deviceId === b.deviceId;
}

function nameWithoutExtension(name: string): string {
  const extension = extensionOf(name);
  return extension === "" ? name : name.slice(0, -(extension.length + 1));
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, "r");
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** "8 GiB", "1.5 MiB", "912 bytes" */
export function describeBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = "bytes";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit === "bytes" ? `${bytes} bytes` : `${Number(value.toFixed(1))} ${unit}`;
}

/** What the upload list says about an upload: how far it got, or what the pipeline made of its video. */
export function uploadStatus(upload: ListedUpload): { status: UploadStatus; reason: string | null } {
  if (upload.rejectedReason !== null) return { status: "rejected", reason: upload.rejectedReason };
  if (upload.completedAtMs === null) return { status: "uploading", reason: null };
  switch (upload.video?.status) {
    case undefined:
      return { status: "waiting", reason: null };
    case "queued":
    case "processing":
      return { status: "processing", reason: null };
    case "processed":
    case "deleted":
      return { status: "processed", reason: null };
    case "quarantined":
      return { status: "quarantined", reason: upload.video.quarantineReason };
  }
}

function uploadView(upload: ListedUpload): UploadView {
  return {
    id: upload.id,
    name: upload.originalName,
    kind: upload.kind,
    sizeBytes: upload.sizeBytes,
    uploadedBy: upload.uploaderName,
    startedAt: new Date(upload.createdAtMs).toISOString(),
    completedAt: upload.completedAtMs === null ? null : new Date(upload.completedAtMs).toISOString(),
    ...uploadStatus(upload),
  };
}
