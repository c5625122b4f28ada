/** Axis-aligned box as [x1, y1, x2, y2] in pixels, x1 <= x2 and y1 <= y2. */
export type Box = readonly [number, number, number, number];

export function boxAreaPixels(box: Box): number {
  return Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const intersectionWidth = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const intersectionHeight = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (intersectionWidth <= 0 || intersectionHeight <= 0) return 0;
  const intersection = intersectionWidth * intersectionHeight;
  return intersection / (boxAreaPixels(a) + boxAreaPixels(b) - intersection);
}

export function clipBox(box: Box, width: number, height: number): Box {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  return [clamp(box[0], width), clamp(box[1], height), clamp(box[2], width), clamp(box[3], height)];
}
