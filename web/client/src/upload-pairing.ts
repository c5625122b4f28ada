/**
 * Which of the files a crew picked go up, and together: each video with the track file of the same name (VID_0001.mp4
 * with VID_0001.gpx), as the pipeline pairs them. Both carry the same pair key, which the server pairs them by; the
 * key is made from the video itself, so picking the same files again after a reload gives the same key.
 */

/** What the page knows of a picked file; a browser File is one. */
export interface PickedFile {
  name: string;
  size: number;
  lastModified: number;
  type: string;
}

/** In the pipeline's order of preference when a video has more than one. */
const TRACK_EXTENSIONS = ["gpx", "nmea", "csv"];
const VIDEO_EXTENSIONS = ["mp4", "mov", "mkv", "avi"];

/** The server's limit on a pair key. */
const MAX_PAIR_KEY_LENGTH = 200;

export interface UploadPair<F extends PickedFile> {
  video: F;
  track: F | null;
  pairKey: string;
}

export interface UploadPlan<F extends PickedFile> {
  /** in the order picked; each track goes up before its video, so the video finds it waiting */
  pairs: UploadPair<F>[];
  /** track files without a video of the same name among the picked files */
  tracksWithoutVideo: F[];
  /** neither a video nor a track file */
  unsupported: F[];
}

function split(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf(".");
  return dot <= 0 ? { stem: name, extension: "" } : { stem: name.slice(0, dot), extension: name.slice(dot + 1).toLowerCase() };
}

function isVideo(file: PickedFile): boolean {
  return VIDEO_EXTENSIONS.includes(split(file.name).extension) || (split(file.name).extension === "" && file.type.startsWith("video/"));
}

export function planUploads<F extends PickedFile>(files: readonly F[]): UploadPlan<F> {
  const tracks = files.filter((file) => TRACK_EXTENSIONS.includes(split(file.name).extension));
  const videos = files.filter((file) => !tracks.includes(file) && isVideo(file));
  const paired = new Set<F>();
  const pairs = videos.map((video): UploadPair<F> => {
    const stem = split(video.name).stem;
    const candidates = tracks.filter((track) => !paired.has(track) && split(track.name).stem.toLowerCase() === stem.toLowerCase());
    const track = TRACK_EXTENSIONS.map((extension) => candidates.find((file) => split(file.name).extension === extension)).find((file) => file !== undefined) ?? null;
    if (track !== null) paired.add(track);
    return { video, track, pairKey: `${video.size}-${video.lastModified}-${stem}`.slice(0, MAX_PAIR_KEY_LENGTH) };
  });
  return {
    pairs,
    tracksWithoutVideo: tracks.filter((track) => !paired.has(track)),
    unsupported: files.filter((file) => !tracks.includes(file) && !videos.includes(file)),
  };
}
