import { clipBox } from "../detector/box.js";
import { InputError } from "../errors.js";
import type { LabelledBox } from "./metrics.js";

export interface LabelFileContext {
  /** named in errors */
  file: string;
  classCount: number;
  imageWidth: number;
  imageHeight: number;
}

/**
 * Reads a YOLO label file: one box per line, "class cx cy w h", coordinates normalised to 0–1.
 * An empty file is an image without damage. Boxes come back in image pixels, clipped to the image.
 */
export function parseYoloLabels(text: string, context: LabelFileContext): LabelledBox[] {
  const boxes: LabelledBox[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const problem = (what: string) => new InputError(context.file, `line ${index + 1}: ${what}: "${line.trim()}"`);
    const fields = line.trim().split(/\s+/);
    if (fields.length !== 5) throw problem(`expected 5 fields (class cx cy w h), found ${fields.length}`);
    const [classField = "", ...coordinateFields] = fields;
    const classIndex = Number(classField);
    if (!/^\d+$/.test(classField) || classIndex >= context.classCount) {
      throw problem(`class must be a whole number from 0 to ${context.classCount - 1}`);
    }
    const [centreX = 0, centreY = 0, width = 0, height = 0] = coordinateFields.map(Number);
    if (![centreX, centreY, width, height].every((value) => Number.isFinite(value) && value >= 0 && value <= 1)) {
      throw problem("cx cy w h must be numbers normalised to 0–1");
    }
    const { imageWidth, imageHeight } = context;
    boxes.push({
      classIndex,
      box: clipBox(
        [(centreX - width / 2) * imageWidth, (centreY - height / 2) * imageHeight, (centreX + width / 2) * imageWidth, (centreY + height / 2) * imageHeight],
        imageWidth,
        imageHeight,
      ),
    });
  });
  return boxes;
}
