import { describe, expect, it } from "vitest";
import { geoPackageWkb, readWkbLines } from "../../../pipeline/roads/wkb.js";

function lineStringWkb(points: [number, number, number?][], type: number, littleEndian = true): Uint8Array {
  const dimensions = points[0]!.length === 3 && points[0]![2] !== undefined ? 3 : 2;
  const view = new DataView(new ArrayBuffer(9 + points.length * dimensions * 8));
  view.setUint8(0, littleEndian ? 1 : 0);
  view.setUint32(1, type, littleEndian);
  view.setUint32(5, points.length, littleEndian);
  points.forEach((point, i) => {
    for (let d = 0; d < dimensions; d++) view.setFloat64(9 + (i * dimensions + d) * 8, point[d]!, littleEndian);
  });
  return new Uint8Array(view.buffer);
}

describe("readWkbLines", () => {
  it("reads a 2D LineString in either byte order", () => {
    const points: [number, number][] = [[700000.5, 6130000.25], [700010, 6130020]];
    expect(readWkbLines(lineStringWkb(points, 2))).toEqual([points]);
    expect(readWkbLines(lineStringWkb(points, 2, false))).toEqual([points]);
  });

  it("drops Z from ISO (1002) and extended (0x80000002) LineStrings", () => {
    const expected = [[[1, 2], [3, 4]]];
    expect(readWkbLines(lineStringWkb([[1, 2, 9], [3, 4, 9]], 1002))).toEqual(expected);
    expect(readWkbLines(lineStringWkb([[1, 2, 9], [3, 4, 9]], 0x80000002))).toEqual(expected);
  });

  it("reads every part of a MultiLineString", () => {
    const a = lineStringWkb([[0, 0], [1, 1]], 2);
    const b = lineStringWkb([[5, 5], [6, 7], [8, 9]], 2);
    const header = new DataView(new ArrayBuffer(9));
    header.setUint8(0, 1);
    header.setUint32(1, 5, true);
    header.setUint32(5, 2, true);
    const multi = new Uint8Array([...new Uint8Array(header.buffer), ...a, ...b]);
    expect(readWkbLines(multi)).toEqual([[[0, 0], [1, 1]], [[5, 5], [6, 7], [8, 9]]]);
  });

  it("refuses geometry types a road network does not have", () => {
    const point = new DataView(new ArrayBuffer(21));
    point.setUint8(0, 1);
    point.setUint32(1, 1, true);
    expect(() => readWkbLines(new Uint8Array(point.buffer))).toThrow(/unsupported WKB geometry type 1/);
  });
});

describe("geoPackageWkb", () => {
  it("skips the GP header and an XY envelope", () => {
    const wkb = lineStringWkb([[1, 2], [3, 4]], 2);
    const header = new Uint8Array(8 + 32);
    header.set([0x47, 0x50, 0, 0b0000_0011]); // version 0, envelope code 1 (xy), little endian
    expect(readWkbLines(geoPackageWkb(new Uint8Array([...header, ...wkb])))).toEqual([[[1, 2], [3, 4]]]);
  });

  it("names a blob that is not a GeoPackage geometry", () => {
    expect(() => geoPackageWkb(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/GP/);
  });
});
