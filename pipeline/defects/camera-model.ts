/**
 * Places a detection on the road from the frame's position and heading, through a pinhole camera.
 *
 * Axes: image pixels (u right, v down, origin top-left); camera x right, y down, z along the optical axis;
 * vehicle right, down, ahead (horizontal). The camera sits h = mountHeightMeters above a flat road, looks straight
 * ahead (no yaw, no roll) and is pitched down by θ = pitchDownDegrees. W × H is the image as delivered (after rotation).
 *
 *   focal length in pixels     f = (W / 2) / tan(HFOV / 2)       square pixels, principal point at the image centre
 *   ray through pixel (u, v)   x = (u − W/2) / f,   y = (v − H/2) / f,   z = 1
 *   the ray in vehicle axes    right = x,   down = y·cos θ + sin θ,   ahead = cos θ − y·sin θ
 *   where it meets the road    t = h / down   ⇒   aheadMeters = t · ahead,   lateralMeters = t · right  (+ = right)
 *
 * down ≤ 0 is a ray at or above the horizon, which never meets the road. Check: the image centre (x = y = 0) lies
 * h / tan θ ahead, 1.3 m / tan 8° = 9.25 m with the defaults.
 * The inverse, for a road point a ahead and l to the right:
 *   z = a·cos θ + h·sin θ,   y = h·cos θ − a·sin θ,   u = W/2 + f·l / z,   v = H/2 + f·y / z
 *   (z ≤ 0: behind the camera)
 *
 * Width: both bottom corners of a box lie on one image row, so at the same t; the damage's lateral extent at its near
 * edge is t · (u2 − u1) / f.
 *
 * Why a range limit: ahead = h / tan(angle below the horizon), so a 1° pitch error (a bump, a slope, a phone knocked
 * in its mount) moves a point 9 m ahead by ~1.2 m but one 25 m ahead by ~8 m; beyond maxRangeMeters the position is
 * worthless. GPS adds its own ~5 m on top.
 */
import type { Box } from "../detector/box.js";
import type { ImageSize } from "../detector/letterbox.js";
import { destinationPoint, type LatLon } from "../geo/geodesy.js";

/** How one device's camera sees the road; the defaults suit a phone behind the windscreen of a van or car. */
export interface CameraModel {
  mountHeightMeters: number;
  /** tilt of the optical axis below the horizon */
  pitchDownDegrees: number;
  /** of the image as delivered, e.g. ~70° for a phone main camera in landscape video mode */
  horizontalFieldOfViewDegrees: number;
  /** detections placed farther away than this are dropped */
  maxRangeMeters: number;
}

export const DEFAULT_CAMERA_MODEL: CameraModel = {
  mountHeightMeters: 1.3,
  pitchDownDegrees: 8,
  horizontalFieldOfViewDegrees: 70,
  maxRangeMeters: 30,
};

/** Camera set-ups by device id (a phone model or a particular dashcam), and the one for devices without their own. */
export interface CameraProfiles {
  default: CameraModel;
  devices: Record<string, CameraModel>;
}

export const DEFAULT_CAMERA_PROFILES: CameraProfiles = { default: DEFAULT_CAMERA_MODEL, devices: {} };

export function cameraForDevice(profiles: CameraProfiles, deviceId: string | null): CameraModel {
  return (deviceId !== null ? profiles.devices[deviceId] : undefined) ?? profiles.default;
}

export interface Pixel {
  x: number;
  y: number;
}

/** A point on the road relative to the camera: metres ahead along the heading and to the right of it. */
export interface GroundOffset {
  aheadMeters: number;
  lateralMeters: number;
}

export interface VehiclePose extends LatLon {
  /** degrees clockwise from true north */
  headingDegrees: number;
}

export interface GroundPlacement extends GroundOffset, LatLon {
  /** from the camera to the damage along the road */
  distanceMeters: number;
  /** lateral extent of the damage at the box's bottom edge */
  widthMeters: number;
}

const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

function focalLengthPixels(camera: CameraModel, image: ImageSize): number {
  return image.width / 2 / Math.tan(toRadians(camera.horizontalFieldOfViewDegrees) / 2);
}

/** Where the ray through a pixel meets the road; null at or above the horizon. */
export function pixelToGround(camera: CameraModel, image: ImageSize, pixel: Pixel): GroundOffset | null {
  const hit = intersectRoad(camera, image, pixel);
  return hit === null ? null : { aheadMeters: hit.aheadMeters, lateralMeters: hit.lateralMeters };
}

/** The header's formulas; `depth` is t, the road point's distance along the optical axis. */
function intersectRoad(camera: CameraModel, image: ImageSize, pixel: Pixel): (GroundOffset & { depth: number }) | null {
  const focal = focalLengthPixels(camera, image);
  const pitch = toRadians(camera.pitchDownDegrees);
  const x = (pixel.x - image.width / 2) / focal;
  const y = (pixel.y - image.height / 2) / focal;
  const down = y * Math.cos(pitch) + Math.sin(pitch);
  if (down <= 0) return null;
  const depth = camera.mountHeightMeters / down;
  return { aheadMeters: depth * (Math.cos(pitch) - y * Math.sin(pitch)), lateralMeters: depth * x, depth };
}

/** The pixel a road point appears at (possibly outside the image); null when it is behind the camera. */
export function groundToPixel(camera: CameraModel, image: ImageSize, point: GroundOffset): Pixel | null {
  const focal = focalLengthPixels(camera, image);
  const pitch = toRadians(camera.pitchDownDegrees);
  const height = camera.mountHeightMeters;
  const z = point.aheadMeters * Math.cos(pitch) + height * Math.sin(pitch);
  if (z <= 0) return null;
  const y = height * Math.cos(pitch) - point.aheadMeters * Math.sin(pitch);
  return { x: image.width / 2 + (focal * point.lateralMeters) / z, y: image.height / 2 + (focal * y) / z };
}

/**
 * Puts a detection on the map: the bottom centre of its box is where the damage meets the road nearest the camera.
 * Null when that pixel is at or above the horizon or the damage lies beyond the camera's useful range.
 */
export function placeDetection(camera: CameraModel, image: ImageSize, pose: VehiclePose, box: Box): GroundPlacement | null {
  const [x1, , x2, y2] = box;
  const hit = intersectRoad(camera, image, { x: (x1 + x2) / 2, y: y2 });
  if (hit === null) return null;
  const { aheadMeters, lateralMeters } = hit;
  const distanceMeters = Math.hypot(aheadMeters, lateralMeters);
  if (distanceMeters > camera.maxRangeMeters) return null;
  const widthMeters = (hit.depth * (x2 - x1)) / focalLengthPixels(camera, image);
  const bearingDegrees = pose.headingDegrees + (Math.atan2(lateralMeters, aheadMeters) * 180) / Math.PI;
  return { aheadMeters, lateralMeters, ...destinationPoint(pose, bearingDegrees, distanceMeters), distanceMeters, widthMeters };
}
