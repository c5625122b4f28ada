/** The only module that talks to sharp: decoding, letterboxing, JPEG encoding, cropping, thumbnails and drawing boxes. */
import { rename, rm } from "node:fs/promises";
import sharp, { type Sharp } from "sharp";
import type { Box } from "../detector/box.js";
import type { ImageSize, Letterbox } from "../detector/letterbox.js";
import { describeError, InputError } from "../errors.js";

/** Decoded 8-bit pixels, row by row, 3 interleaved bytes (R, G, B) per pixel: e.g. a video frame from ffmpeg's rgb24. */
export interface RawRgbImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** An image file's path, encoded image bytes (JPEG, PNG, WebP, …) or decoded RGB pixels. */
export type ImageSource = string | Buffer | RawRgbImage;

/** A rectangle of whole pixels: left and top of its first pixel, width and height in pixels. */
export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface BoxAnnotation {
  box: Box;
  text: string;
  /** CSS colour, e.g. "#e6194b" */
  colour: string;
}

const ANNOTATION_JPEG_QUALITY = 85;

/** Size as displayed, i.e. after the EXIF orientation is applied; reads only the header of encoded images. */
export async function readImageSize(source: ImageSource): Promise<ImageSize> {
  if (isRaw(source)) return checkedRawSize(source);
  try {
    const metadata = await sharp(source).metadata();
    return { width: metadata.autoOrient.width, height: metadata.autoOrient.height };
  } catch (error) {
    throw unreadable(source, error);
  }
}

/** The image's pixels as displayed (EXIF orientation applied), e.g. a phone photo to look at before it is stored. */
export async function decodeRgb(source: ImageSource): Promise<RawRgbImage> {
  if (isRaw(source)) return source;
  try {
    const { data, info } = await open(source).removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new InputError(describeSource(source), `decoded to ${info.channels} channels, expected RGB`);
    return { data, width: info.width, height: info.height };
  } catch (error) {
    throw unreadable(source, error);
  }
}

/** Interleaved RGB bytes of the image scaled and padded as `letterbox` says; its size is `letterbox.target`. */
export async function decodeLetterboxedRgb(source: ImageSource, letterbox: Letterbox, padValue: number): Promise<Uint8Array> {
  let result: { data: Buffer; info: sharp.OutputInfo };
  try {
    result = await open(source)
      // bilinear, as the training code resizes with PIL's BILINEAR
      .resize(letterbox.resizedWidth, letterbox.resizedHeight, { fit: "fill", kernel: "linear" })
      .extend({
        top: letterbox.padTop,
        bottom: letterbox.padBottom,
        left: letterbox.padLeft,
        right: letterbox.padRight,
        background: { r: padValue, g: padValue, b: padValue },
      })
      .removeAlpha()
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw unreadable(source, error);
  }
  const { width, height, channels } = result.info;
  if (width !== letterbox.target.width || height !== letterbox.target.height || channels !== 3) {
    throw new InputError(describeSource(source), `decoded to ${width}×${height}×${channels}, expected ${letterbox.target.width}×${letterbox.target.height}×3`);
  }
  return result.data;
}

/** Writes a JPEG copy of the image with the boxes and their texts drawn on it; the file appears complete or not at all. */
export async function writeAnnotatedJpeg(source: ImageSource, annotations: readonly BoxAnnotation[], outputPath: string): Promise<void> {
  const size = await readImageSize(source);
  const partialPath = `${outputPath}.partial`;
  try {
    await annotated(source, size, annotations).toFile(partialPath);
    await rename(partialPath, outputPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error instanceof InputError ? error : new InputError(outputPath, `cannot write annotated image (${describeError(error)})`);
  }
}

/** JPEG bytes of the image with the boxes and their texts drawn on it. */
export async function renderAnnotatedJpeg(source: ImageSource, annotations: readonly BoxAnnotation[]): Promise<Buffer> {
  const size = await readImageSize(source);
  return encoded(source, () => annotated(source, size, annotations));
}

/** JPEG bytes of the image, e.g. a decoded video frame; `quality` 1..100. */
export async function encodeJpeg(source: ImageSource, quality: number): Promise<Buffer> {
  return encoded(source, () => open(source).jpeg({ quality }));
}

/** JPEG bytes of the part of the image inside `region` (whole pixels, inside the image). */
export async function cropJpeg(source: ImageSource, region: PixelRegion): Promise<Buffer> {
  return encoded(source, () => open(source).extract(region).jpeg({ quality: ANNOTATION_JPEG_QUALITY }));
}

/** JPEG bytes of the image scaled down so that its longer side is `longSidePixels` (never scaled up). */
export async function thumbnailJpeg(source: ImageSource, longSidePixels: number): Promise<Buffer> {
  return encoded(source, () =>
    open(source)
      .resize(longSidePixels, longSidePixels, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: ANNOTATION_JPEG_QUALITY }),
  );
}

function annotated(source: ImageSource, size: ImageSize, annotations: readonly BoxAnnotation[]): Sharp {
  return open(source)
    .composite([{ input: Buffer.from(annotationSvg(size, annotations)), top: 0, left: 0 }])
    .jpeg({ quality: ANNOTATION_JPEG_QUALITY });
}

async function encoded(source: ImageSource, pipeline: () => Sharp): Promise<Buffer> {
  try {
    return await pipeline().toBuffer();
  } catch (error) {
    throw unreadable(source, error);
  }
}

function annotationSvg(size: ImageSize, annotations: readonly BoxAnnotation[]): string {
  const shortSide = Math.min(size.width, size.height);
  const strokeWidth = Math.max(2, Math.round(shortSide / 300));
  const fontSize = Math.max(12, Math.round(shortSide / 40));
  const elements = annotations.map(({ box, text, colour }) => {
    const [x1, y1, x2, y2] = box;
    const labelHeight = fontSize * 1.3;
    // the label sits above the box, or inside it when the box touches the top edge
    const labelTop = y1 >= labelHeight ? y1 - labelHeight : y1;
    const labelWidth = text.length * fontSize * 0.6 + fontSize * 0.4;
    return [
      `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" fill="none" stroke="${colour}" stroke-width="${strokeWidth}"/>`,
      `<rect x="${x1}" y="${labelTop}" width="${labelWidth}" height="${labelHeight}" fill="${colour}"/>`,
      `<text x="${x1 + fontSize * 0.2}" y="${labelTop + fontSize}" font-family="sans-serif" font-size="${fontSize}" fill="#ffffff">${escapeXml(text)}</text>`,
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}">${elements.join("")}</svg>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function open(source: ImageSource): Sharp {
  const image = isRaw(source)
    ? sharp(source.data, { raw: { ...checkedRawSize(source), channels: 3 } })
    : sharp(source);
  return image.autoOrient();
}

function isRaw(source: ImageSource): source is RawRgbImage {
  return typeof source !== "string" && !Buffer.isBuffer(source);
}

function checkedRawSize(source: RawRgbImage): ImageSize {
  const { width, height, data } = source;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || data.length !== width * height * 3) {
    throw new InputError(describeSource(source), `${data.length} bytes do not make a ${width}×${height} RGB image`);
  }
  return { width, height };
}

function describeSource(source: ImageSource): string {
  if (typeof source === "string") return source;
  return isRaw(source) ? "raw RGB image" : "image data";
}

function unreadable(source: ImageSource, error: unknown): InputError {
  if (error instanceof InputError) return error;
  return new InputError(describeSource(source), `not a readable image (${describeError(error)})`);
}
