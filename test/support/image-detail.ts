/** How much fine detail (edges, strokes, features) a part of an image holds: what obscuring must take away. */
import type { RawRgbImage } from "../../pipeline/adapters/image.js";
import type { Box } from "../../pipeline/detector/box.js";

/** Mean absolute 4-neighbour Laplacian of the green channel inside the box (rounded inwards to whole pixels). */
export function detailInside(image: RawRgbImage, box: Box): number {
  const x1 = Math.max(1, Math.ceil(box[0]));
  const y1 = Math.max(1, Math.ceil(box[1]));
  const x2 = Math.min(image.width - 1, Math.floor(box[2]));
  const y2 = Math.min(image.height - 1, Math.floor(box[3]));
  const green = (x: number, y: number) => image.data[(y * image.width + x) * 3 + 1]!;
  let total = 0;
  let count = 0;
  for (let y = y1; y < y2; y++) {
    for (let x = x1; x < x2; x++) {
      total += Math.abs(4 * green(x, y) - green(x - 1, y) - green(x + 1, y) - green(x, y - 1) - green(x, y + 1));
      count += 1;
    }
  }
  if (count === 0) throw new RangeError(`box [${box.join(", ")}] holds no inner pixel of the ${image.width}×${image.height} image`);
  return total / count;
}
