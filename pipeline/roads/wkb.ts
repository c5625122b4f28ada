/**
 * Line geometries from Well-Known Binary, as GeoPackage stores them after its own header.
 * Only what road networks use: LineString and MultiLineString, 2D or with Z/M (dropped).
 */
export type LineCoordinates = [number, number][];

const LINE_STRING = 2;
const MULTI_LINE_STRING = 5;

/** The WKB inside a GeoPackage geometry blob ("GP" header, flags, srs id, optional envelope). */
export function geoPackageWkb(blob: Uint8Array): Uint8Array {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error("not a GeoPackage geometry (no 'GP' magic)");
  const flags = blob[3]!;
  const envelopeDoubles = [0, 4, 6, 6, 8][(flags >> 1) & 0x07];
  if (envelopeDoubles === undefined) throw new Error(`invalid GeoPackage envelope code ${(flags >> 1) & 0x07}`);
  return blob.subarray(8 + envelopeDoubles * 8);
}

/** Every line of a LineString or MultiLineString, as [x, y] pairs. */
export function readWkbLines(wkb: Uint8Array): LineCoordinates[] {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength);
  const lines: LineCoordinates[] = [];
  readGeometry(view, 0, lines);
  return lines;
}

function readGeometry(view: DataView, offset: number, lines: LineCoordinates[]): number {
  const littleEndian = view.getUint8(offset) === 1;
  const rawType = view.getUint32(offset + 1, littleEndian);
  const { baseType, dimensions } = geometryType(rawType);
  let at = offset + 5;
  if (baseType === LINE_STRING) {
    const count = view.getUint32(at, littleEndian);
    at += 4;
    const line: LineCoordinates = [];
    for (let i = 0; i < count; i++) {
      line.push([view.getFloat64(at, littleEndian), view.getFloat64(at + 8, littleEndian)]);
      at += dimensions * 8;
    }
    lines.push(line);
    return at;
  }
  if (baseType === MULTI_LINE_STRING) {
    const count = view.getUint32(at, littleEndian);
    at += 4;
    for (let i = 0; i < count; i++) at = readGeometry(view, at, lines);
    return at;
  }
  throw new Error(`unsupported WKB geometry type ${rawType}: road networks need LineString or MultiLineString`);
}

/** ISO WKB adds 1000/2000/3000 for Z/M/ZM; extended WKB (PostGIS) sets the two high bits instead. */
function geometryType(rawType: number): { baseType: number; dimensions: number } {
  const isoType = rawType & 0x0fffffff;
  const thousands = Math.floor(isoType / 1000);
  const hasZ = (rawType & 0x80000000) !== 0 || thousands === 1 || thousands === 3;
  const hasM = (rawType & 0x40000000) !== 0 || thousands === 2 || thousands === 3;
  return { baseType: isoType % 1000, dimensions: 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0) };
}
