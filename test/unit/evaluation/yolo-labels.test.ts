import { describe, expect, it } from "vitest";
import { InputError } from "../../../pipeline/errors.js";
import { parseYoloLabels } from "../../../pipeline/evaluation/yolo-labels.js";

const context = { file: "labels/Czech_000002.txt", classCount: 4, imageWidth: 600, imageHeight: 400 };

describe("parseYoloLabels", () => {
  it("turns normalised centre boxes into image pixels", () => {
    // class 3 at centre (300, 200), 60×40; class 0 at centre (60, 100), 120×80
    const boxes = parseYoloLabels("3 0.5 0.5 0.1 0.1\r\n0 0.1 0.25 0.2 0.2\n", context);
    expect(boxes).toHaveLength(2);
    expect(boxes[0]?.classIndex).toBe(3);
    [270, 180, 330, 220].forEach((expected, i) => expect(boxes[0]?.box[i]).toBeCloseTo(expected, 9));
    expect(boxes[1]?.classIndex).toBe(0);
    [0, 60, 120, 140].forEach((expected, i) => expect(boxes[1]?.box[i]).toBeCloseTo(expected, 9));
  });

  it("reads an empty file, or one with blank lines only, as no damage", () => {
    expect(parseYoloLabels("", context)).toEqual([]);
    expect(parseYoloLabels("\n  \n", context)).toEqual([]);
  });

  it("clips a box that reaches over the image edge", () => {
    const [label] = parseYoloLabels("1 0.95 0.5 0.2 0.1", context);
    expect(label?.box[2]).toBe(600);
  });

  it("names the file and line of a malformed label", () => {
    const parse = (text: string) => () => parseYoloLabels(text, context);
    expect(parse("0 0.5 0.5 0.1 0.1\n2 0.5 0.5 0.1")).toThrow(
      new InputError(context.file, 'line 2: expected 5 fields (class cx cy w h), found 4: "2 0.5 0.5 0.1"'),
    );
    expect(parse("4 0.5 0.5 0.1 0.1")).toThrow("line 1: class must be a whole number from 0 to 3");
    expect(parse("1.5 0.5 0.5 0.1 0.1")).toThrow("class must be a whole number");
    // pixel coordinates instead of normalised ones
    expect(parse("0 300 200 60 40")).toThrow("cx cy w h must be numbers normalised to 0–1");
    expect(parse("0 0.5 0.5 0.1 abc")).toThrow("normalised to 0–1");
  });
});
