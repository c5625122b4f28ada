import type { ImageSize } from "./letterbox.js";

export interface InputNormalisation {
  /** channel order the model expects; mean and std are listed in that order */
  colorOrder: "RGB" | "BGR";
  scale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}

/** Interleaved 8-bit RGB pixels to a planar NCHW float tensor: value = (pixel * scale - mean) / std per channel. */
export function toInputTensor(rgb: Uint8Array, size: ImageSize, normalisation: InputNormalisation): Float32Array {
  const pixelCount = size.width * size.height;
  if (rgb.length !== pixelCount * 3) {
    throw new RangeError(`expected ${pixelCount * 3} bytes of RGB for ${size.width}×${size.height}, got ${rgb.length}`);
  }
  const tensor = new Float32Array(pixelCount * 3);
  for (const channel of [0, 1, 2] as const) {
    const sourceChannel = normalisation.colorOrder === "RGB" ? channel : 2 - channel;
    const factor = normalisation.scale / normalisation.std[channel];
    const offset = normalisation.mean[channel] / normalisation.std[channel];
    const plane = channel * pixelCount;
    for (let pixel = 0; pixel < pixelCount; pixel++) {
      tensor[plane + pixel] = (rgb[pixel * 3 + sourceChannel] ?? 0) * factor - offset;
    }
  }
  return tensor;
}
