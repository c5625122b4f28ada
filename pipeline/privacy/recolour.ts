/**
 * LPD-YuNet learnt number plates from Chinese cars: white characters on a blue plate. Danish and other European
 * plates are the other way round, dark characters on white or yellow, and the model scores them near zero at the
 * sizes that matter. Mapping brightness onto a scale from that blue (bright) to white (dark) turns a European
 * plate into the kind the model knows; measured on rendered plates, this lifted plates 40–160 px wide in a 1080p
 * frame from almost never found to mostly found (models/privacy/README.md).
 */

/** the blue of the training plates, as RGB */
const TRAINING_PLATE_BLUE = [26, 63, 160] as const;

/** the colour each luma (0–255) becomes: white for black, plate blue for white */
const COLOUR_BY_LUMA = Uint8Array.from({ length: 256 * 3 }, (_, index) => {
  const luma = Math.floor(index / 3);
  return Math.round(255 - (luma * (255 - TRAINING_PLATE_BLUE[index % 3]!)) / 255);
});

/** Interleaved RGB bytes with each pixel's luma (BT.601) mapped from white (black in) to plate blue (white in). */
export function lightPlatesAsBlue(rgb: Uint8Array): Uint8Array {
  const mapped = new Uint8Array(rgb.length);
  for (let offset = 0; offset + 2 < rgb.length; offset += 3) {
    // BT.601 weights in 1/256ths: a 1080p frame has two million pixels, and this runs on each
    const luma = (77 * rgb[offset]! + 150 * rgb[offset + 1]! + 29 * rgb[offset + 2]! + 128) >> 8;
    mapped[offset] = COLOUR_BY_LUMA[luma * 3]!;
    mapped[offset + 1] = COLOUR_BY_LUMA[luma * 3 + 1]!;
    mapped[offset + 2] = COLOUR_BY_LUMA[luma * 3 + 2]!;
  }
  return mapped;
}
