/**
 * Where roadwatch keeps its files: everything under <dataDir>/media, named by content hash or database id, never by
 * what a client called a file. The database stores these paths relative to the data directory, so the directory
 * can move.
 */
import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Writes to a temporary file beside the target, flushes it to disk and renames it over the target:
 * readers see the old file or the whole new one, never a part.
 */
export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  const directory = path.dirname(filePath);
  await mkdir(directory, { recursive: true });
  const tempPath = path.join(directory, `.${path.basename(filePath)}.${randomUUID()}.tmp`);
  const handle = await open(tempPath, "wx");
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempPath, filePath);
  } catch (error) {
    await rm(tempPath, { force: true });
    throw error;
  }
}

export interface DefectMediaPaths {
  photo: string;
  crop: string;
  thumbnail: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class MediaStore {
  constructor(readonly dataDir: string) {}

  /** An uploaded video, by its sha256; two-character fan-out keeps directories small. */
  videoPath(contentHash: string): string {
    if (!SHA256_HEX.test(contentHash)) throw new Error(`not a lower-case hex sha256: ${JSON.stringify(contentHash)}`);
    return path.join("media", "videos", contentHash.slice(0, 2), contentHash);
  }

  /** A frame JPEG, by video id and its time in the video to the millisecond. */
  framePath(videoId: number, frameTimeSeconds: number): string {
    if (!Number.isFinite(frameTimeSeconds) || frameTimeSeconds < 0) {
      throw new Error(`frame time must be a non-negative number of seconds, got ${frameTimeSeconds}`);
    }
    const frameTimeMs = String(Math.round(frameTimeSeconds * 1000)).padStart(9, "0");
    return path.join("media", "frames", checkedId(videoId, "video"), `${frameTimeMs}.jpg`);
  }

  defectMediaPaths(defectId: number): DefectMediaPaths {
    const directory = path.join("media", "defects", checkedId(defectId, "defect"));
    return {
      photo: path.join(directory, "photo.jpg"),
      crop: path.join(directory, "crop.jpg"),
      thumbnail: path.join(directory, "thumbnail.jpg"),
    };
  }

  /** The absolute path of a stored relative path; refuses one that leads out of the media directory. */
  absolutePath(relativePath: string): string {
    const mediaRoot = path.resolve(this.dataDir, "media");
    const absolute = path.resolve(this.dataDir, relativePath);
    if (!absolute.startsWith(mediaRoot + path.sep)) throw new Error(`${relativePath}: not inside ${mediaRoot}`);
    return absolute;
  }

  async write(relativePath: string, data: string | Uint8Array): Promise<void> {
    await writeFileAtomic(this.absolutePath(relativePath), data);
  }

  /** How many kept frame JPEGs there are on disk, and their bytes together. */
  async frameFilesUsage(): Promise<{ count: number; bytes: number }> {
    const framesDir = path.join(this.dataDir, "media", "frames");
    let entries: string[];
    try {
      entries = await readdir(framesDir, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { count: 0, bytes: 0 };
      throw error;
    }
    let count = 0;
    let bytes = 0;
    for (const entry of entries.filter((name) => name.endsWith(".jpg"))) {
      count += 1;
      bytes += (await stat(path.join(framesDir, entry))).size;
    }
    return { count, bytes };
  }
}

function checkedId(id: number, what: string): string {
  if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`${what} id must be a positive integer, got ${id}`);
  return String(id);
}
