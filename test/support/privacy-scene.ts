/**
 * Road scenes with faces and number plates, drawn on the spot: no licensed street photos with people and plates
 * exist for the tests. The faces are drawings that the YuNet face detector takes for faces; the plates are Danish
 * style (white, black characters, a red or black rim, the EU band) on the back of a drawn car. A real road photo
 * can be laid underneath. The scene is rendered through the image adapter, as SVG, to decoded RGB pixels.
 */
import { decodeRgb, type RawRgbImage } from "../../pipeline/adapters/image.js";
import type { Box } from "../../pipeline/detector/box.js";

export const SKIN_TONES = ["#f1c6a4", "#c98d69", "#8d5a3b", "#e8b896"] as const;
const CAR_COLOURS = ["#2d3a52", "#8a1f1f", "#c8c8c8", "#1c1c1c", "#e8e8e8"] as const;

/** A face whose box (forehead to chin, ear to ear) is `widthPixels` wide, centred on (x, y), on a pair of shoulders. */
export interface FaceItem {
  kind: "face";
  x: number;
  y: number;
  widthPixels: number;
  tone?: string;
}

/** The back of a car with a plate `widthPixels` wide (520 × 110 mm in proportion), its top-left corner at (x, y). */
export interface PlateItem {
  kind: "plate";
  x: number;
  y: number;
  widthPixels: number;
  text?: string;
  /** picks the car's colour and the plate's rim */
  variant?: number;
}

export type SceneItem = FaceItem | PlateItem;

export interface SceneOptions {
  width: number;
  height: number;
  /** an encoded photo stretched under the scene; without one, grey asphalt */
  background?: Buffer;
  items: readonly SceneItem[];
}

export interface Scene {
  image: RawRgbImage;
  /** where each item's face or plate is, in scene pixels, in the order of `items` */
  truth: Box[];
}

/** the drawn face spans 88 × 116 units around its centre, (−44, −50)–(44, 66) */
const FACE_UNITS = { left: -44, top: -50, right: 44, bottom: 66 };
const PLATE_ASPECT = 520 / 110;

export async function renderScene(options: SceneOptions): Promise<Scene> {
  const { width, height } = options;
  const background =
    options.background === undefined
      ? `<rect width="${width}" height="${height}" fill="#6f747a"/>`
      : `<image href="data:image/jpeg;base64,${options.background.toString("base64")}" width="${width}" height="${height}" preserveAspectRatio="none"/>`;
  const drawn = options.items.map((item) => (item.kind === "face" ? face(item) : plate(item)));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `${background}${drawn.map((part) => part.svg).join("")}</svg>`;
  return { image: await decodeRgb(Buffer.from(svg)), truth: drawn.map((part) => part.box) };
}

function face({ x, y, widthPixels, tone = SKIN_TONES[0] }: FaceItem): { svg: string; box: Box } {
  const scale = widthPixels / (FACE_UNITS.right - FACE_UNITS.left);
  const svg = `<g transform="translate(${x},${y}) scale(${scale})">
    <rect x="-40" y="66" width="80" height="120" fill="#345"/>
    <ellipse cx="0" cy="-5" rx="52" ry="70" fill="#3b2a1a"/><ellipse cx="0" cy="8" rx="44" ry="58" fill="${tone}"/>
    <ellipse cx="-46" cy="10" rx="7" ry="14" fill="${tone}"/><ellipse cx="46" cy="10" rx="7" ry="14" fill="${tone}"/>
    <path d="M-30,-12 q12,-8 24,0" stroke="#3b2a1a" stroke-width="4" fill="none"/>
    <path d="M6,-12 q12,-8 24,0" stroke="#3b2a1a" stroke-width="4" fill="none"/>
    <ellipse cx="-18" cy="0" rx="9" ry="5" fill="#fff"/><ellipse cx="18" cy="0" rx="9" ry="5" fill="#fff"/>
    <circle cx="-18" cy="0" r="4" fill="#2a1a10"/><circle cx="18" cy="0" r="4" fill="#2a1a10"/>
    <path d="M0,2 l-6,22 q6,4 12,0 z" fill="#00000033"/><path d="M-16,38 q16,10 32,0 q-16,3 -32,0" fill="#a0443c"/></g>`;
  const box: Box = [x + FACE_UNITS.left * scale, y + FACE_UNITS.top * scale, x + FACE_UNITS.right * scale, y + FACE_UNITS.bottom * scale];
  return { svg, box };
}

function plate({ x, y, widthPixels: w, text = "AB 12 345", variant = 0 }: PlateItem): { svg: string; box: Box } {
  const h = w / PLATE_ASPECT;
  const carWidth = w * 3.4;
  const carHeight = w * 2.2;
  const carLeft = x + w / 2 - carWidth / 2;
  const carTop = y - carHeight * 0.55;
  const body = CAR_COLOURS[variant % CAR_COLOURS.length];
  const rim = variant % 2 === 0 ? "#111" : "#b00";
  const svg = `<g>
    <rect x="${carLeft}" y="${carTop + carHeight * 0.05}" width="${carWidth}" height="${carHeight * 0.95}" rx="${w * 0.2}" fill="${body}"/>
    <path d="M${carLeft + carWidth * 0.12},${carTop + carHeight * 0.05} L${carLeft + carWidth * 0.2},${carTop - carHeight * 0.4} L${carLeft + carWidth * 0.8},${carTop - carHeight * 0.4} L${carLeft + carWidth * 0.88},${carTop + carHeight * 0.05} Z" fill="${body}"/>
    <path d="M${carLeft + carWidth * 0.17},${carTop + carHeight * 0.02} L${carLeft + carWidth * 0.23},${carTop - carHeight * 0.32} L${carLeft + carWidth * 0.77},${carTop - carHeight * 0.32} L${carLeft + carWidth * 0.83},${carTop + carHeight * 0.02} Z" fill="#2a3440"/>
    <rect x="${carLeft + carWidth * 0.03}" y="${carTop + carHeight * 0.18}" width="${carWidth * 0.18}" height="${carHeight * 0.14}" fill="#c21a1a"/>
    <rect x="${carLeft + carWidth * 0.79}" y="${carTop + carHeight * 0.18}" width="${carWidth * 0.18}" height="${carHeight * 0.14}" fill="#c21a1a"/>
    <rect x="${carLeft}" y="${carTop + carHeight * 0.75}" width="${carWidth}" height="${carHeight * 0.25}" rx="${w * 0.1}" fill="#151515"/>
    <g transform="translate(${x},${y})">
      <rect width="${w}" height="${h}" rx="${h * 0.1}" fill="#f6f6f2" stroke="${rim}" stroke-width="${Math.max(0.8, h * 0.07)}"/>
      <rect x="${h * 0.08}" y="${h * 0.08}" width="${h * 0.45}" height="${h * 0.84}" fill="#1f3f9f"/>
      <text x="${w * 0.56}" y="${h * 0.8}" font-family="DejaVu Sans" font-weight="bold" font-size="${h * 0.78}" textLength="${w * 0.8}" lengthAdjust="spacingAndGlyphs" text-anchor="middle" fill="#111">${text}</text>
    </g></g>`;
  return { svg, box: [x, y, x + w, y + h] };
}
