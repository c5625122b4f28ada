import { describe, expect, it } from "vitest";
import { lightPlatesAsBlue } from "../../../pipeline/privacy/recolour.js";

describe("lightPlatesAsBlue", () => {
  it("turns a white plate blue and its black characters white", () => {
    const mapped = lightPlatesAsBlue(Uint8Array.from([255, 255, 255, 0, 0, 0]));
    expect(Array.from(mapped)).toEqual([26, 63, 160, 255, 255, 255]);
  });

  it("maps by brightness alone: colours of the same luma look the same", () => {
    // pure green and a grey of the same BT.601 luma (0.587 × 255 ≈ 150)
    const [green, grey] = [lightPlatesAsBlue(Uint8Array.from([0, 255, 0])), lightPlatesAsBlue(Uint8Array.from([150, 150, 150]))];
    Array.from(green).forEach((value, channel) => expect(Math.abs(value - grey[channel]!)).toBeLessThanOrEqual(1));
  });

  it("leaves its input as it was", () => {
    const input = Uint8Array.from([10, 20, 30]);
    lightPlatesAsBlue(input);
    expect(Array.from(input)).toEqual([10, 20, 30]);
  });
});
