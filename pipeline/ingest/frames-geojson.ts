/** frames.geojson: where each extracted frame was taken, for the map and the nightly pipeline. */
import type { FrameSample } from "./sample-by-distance.js";

export interface FrameProperties {
  /** base name of the video the frame comes from */
  video: string;
  /** the JPEG's file name, beside frames.geojson */
  file: string;
  /** seconds into the video */
  frameTime: number;
  /** UTC, ISO 8601 */
  time: string;
  /** degrees clockwise from true north; null when the track never showed the vehicle moving */
  heading: number | null;
  speedMps: number;
  distanceMeters: number;
}

export interface FrameFeature {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: FrameProperties;
}

export interface FramesFeatureCollection {
  type: "FeatureCollection";
  features: FrameFeature[];
}

export interface WrittenFrame {
  sample: FrameSample;
  fileName: string;
}

export function framesFeatureCollection(videoName: string, frames: readonly WrittenFrame[]): FramesFeatureCollection {
  return {
    type: "FeatureCollection",
    features: frames.map(({ sample, fileName }) => ({
      type: "Feature",
      // 7 decimals of a degree are about a centimetre: more would be noise, fewer would lose GPS precision
      geometry: { type: "Point", coordinates: [round(sample.lon, 7), round(sample.lat, 7)] },
      properties: {
        video: videoName,
        file: fileName,
        frameTime: round(sample.frameTimeSeconds, 3),
        time: new Date(sample.timeMs).toISOString(),
        heading: sample.headingDegrees === null ? null : round(sample.headingDegrees, 1),
        speedMps: round(sample.speedMps, 2),
        distanceMeters: round(sample.distanceMeters, 2),
      },
    })),
  };
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
