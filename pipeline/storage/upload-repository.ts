import type { Kysely, Selectable } from "kysely";
import { fromTimestampText, optionalTimestampMs, toTimestampText } from "./dialect.js";
import type { RoadwatchDatabase, UploadKind, UploadsTable, VideoStatus } from "./schema.js";

/** Who sent an upload: a signed-in person or a device with a token. */
export type Uploader = { kind: "user"; userId: number } | { kind: "device"; deviceId: number };

export interface NewUpload {
  /** the id in the upload's resumable-transfer address */
  transferId: string;
  kind: UploadKind;
  /** for display only */
  originalName: string;
  pairKey: string;
  sizeBytes: number;
  uploader: Uploader;
  teamId: number | null;
}

export interface Upload extends NewUpload {
  id: number;
  /** null until the file has arrived */
  contentHash: string | null;
  /** the video this upload is or belongs to; null for a track still waiting for its video */
  videoHash: string | null;
  rejectedReason: string | null;
  createdAtMs: number;
  completedAtMs: number | null;
}

export interface ListedUpload extends Upload {
  /** the person's display name or else username, or the device's name */
  uploaderName: string;
  /** what the pipeline made of the video the upload is or belongs to; null: not registered by it yet */
  video: { status: VideoStatus; quarantineReason: string | null } | null;
}

/** Whose uploads a list shows: everyone's, or a team's together with the uploader's own. */
export type UploadScope = { everyone: true } | { everyone: false; teamId: number | null; uploader: Uploader };

export class UploadRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async start(upload: NewUpload): Promise<Upload> {
    const row = await this.db
      .insertInto("uploads")
      .values({
        transfer_id: upload.transferId,
        kind: upload.kind,
        original_name: upload.originalName,
        pair_key: upload.pairKey,
        size_bytes: upload.sizeBytes,
        ...uploaderColumns(upload.uploader),
        team_id: upload.teamId,
        created_at: toTimestampText(Date.now()),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUpload(row);
  }

  async getByTransferId(transferId: string): Promise<Upload | null> {
    const row = await this.db.selectFrom("uploads").selectAll().where("transfer_id", "=", transferId).executeTakeFirst();
    return row === undefined ? null : toUpload(row);
  }

  /** The file has arrived and was accepted; a track's video may not have arrived yet. */
  async complete(id: number, hashes: { contentHash: string; videoHash: string | null }): Promise<void> {
    await this.db
      .updateTable("uploads")
      .set({ content_hash: hashes.contentHash, video_hash: hashes.videoHash, completed_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .execute();
  }

  /** The file has arrived and was refused. */
  async reject(id: number, reason: string): Promise<void> {
    await this.db
      .updateTable("uploads")
      .set({ rejected_reason: reason, completed_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .execute();
  }

  async pairTrack(id: number, videoHash: string): Promise<void> {
    await this.db.updateTable("uploads").set({ video_hash: videoHash }).where("id", "=", id).execute();
  }

  /** An upload given up before it was used: still arriving, or a track still waiting for its video. */
  async remove(transferId: string): Promise<void> {
    await this.db.deleteFrom("uploads").where("transfer_id", "=", transferId).where("video_hash", "is", null).execute();
  }

  /** The uploader's most recent accepted video with this pair key; null when none has arrived. */
  async findArrivedVideo(uploader: Uploader, pairKey: string): Promise<Upload | null> {
    const row = await this.arrived(uploader, pairKey, "video").orderBy("id", "desc").executeTakeFirst();
    return row === undefined ? null : toUpload(row);
  }

  /** The uploader's accepted tracks with this pair key that arrived before their video, most recent first. */
  async findWaitingTracks(uploader: Uploader, pairKey: string): Promise<Upload[]> {
    const rows = await this.arrived(uploader, pairKey, "track").where("video_hash", "is", null).orderBy("id", "desc").execute();
    return rows.map(toUpload);
  }

  private arrived(uploader: Uploader, pairKey: string, kind: UploadKind) {
    const query = this.db
      .selectFrom("uploads")
      .selectAll()
      .where("pair_key", "=", pairKey)
      .where("kind", "=", kind)
      .where("content_hash", "is not", null)
      .where("rejected_reason", "is", null);
    return uploader.kind === "user" ? query.where("user_id", "=", uploader.userId) : query.where("device_id", "=", uploader.deviceId);
  }

  /** Newest first, each with its uploader's name and what became of its video. */
  async list(scope: UploadScope, limit: number): Promise<ListedUpload[]> {
    let query = this.db
      .selectFrom("uploads")
      .leftJoin("videos", "videos.content_hash", "uploads.video_hash")
      .leftJoin("users", "users.id", "uploads.user_id")
      .leftJoin("devices", "devices.id", "uploads.device_id")
      .selectAll("uploads")
      .select([
        "videos.status as video_status",
        "videos.quarantine_reason as video_quarantine_reason",
        "users.username as uploader_username",
        "users.display_name as uploader_display_name",
        "devices.name as uploader_device_name",
      ]);
    if (!scope.everyone) {
      const { teamId, uploader } = scope;
      query = query.where((where) =>
        where.or([
          ...(teamId === null ? [] : [where("uploads.team_id", "=", teamId)]),
          uploader.kind === "user" ? where("uploads.user_id", "=", uploader.userId) : where("uploads.device_id", "=", uploader.deviceId),
        ]),
      );
    }
    const rows = await query.orderBy("uploads.id", "desc").limit(limit).execute();
    return rows.map((row) => ({
      ...toUpload(row),
      uploaderName: row.uploader_display_name ?? row.uploader_username ?? row.uploader_device_name ?? "",
      video: row.video_status === null ? null : { status: row.video_status, quarantineReason: row.video_quarantine_reason },
    }));
  }
}

function uploaderColumns(uploader: Uploader): Pick<UploadsTable, "user_id" | "device_id"> {
  return uploader.kind === "user" ? { user_id: uploader.userId, device_id: null } : { user_id: null, device_id: uploader.deviceId };
}

function toUpload(row: Selectable<UploadsTable>): Upload {
  return {
    id: row.id,
    transferId: row.transfer_id,
    kind: row.kind,
    originalName: row.original_name,
    pairKey: row.pair_key,
    sizeBytes: row.size_bytes,
    uploader: row.user_id !== null ? { kind: "user", userId: row.user_id } : { kind: "device", deviceId: row.device_id! },
    teamId: row.team_id,
    contentHash: row.content_hash,
    videoHash: row.video_hash,
    rejectedReason: row.rejected_reason,
    createdAtMs: fromTimestampText(row.created_at),
    completedAtMs: optionalTimestampMs(row.completed_at),
  };
}
