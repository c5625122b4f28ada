/**
 * Reads line features from an OGC GeoPackage: its own SQLite tables (gpkg_contents, gpkg_geometry_columns)
 * and geometry blobs, read-only. Kept apart from pipeline/storage, which owns roadwatch's own database.
 */
import Database from "better-sqlite3";
import { describeError, InputError } from "../errors.js";
import { geoPackageWkb, type LineCoordinates, readWkbLines } from "../roads/wkb.js";

export interface GeoPackageLineFeature {
  fid: number;
  properties: Record<string, string | number | null>;
  lines: LineCoordinates[];
}

export interface GeoPackageLayer {
  table: string;
  /** e.g. "EPSG:25832", from gpkg_spatial_ref_sys */
  crs: string;
  features: GeoPackageLineFeature[];
}

/** The first (or the named) feature table's lines; an InputError naming the file for anything unreadable. */
export function readGeoPackageLines(file: string, layerName?: string): GeoPackageLayer {
  let database: Database.Database;
  try {
    database = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new InputError(file, `cannot open the GeoPackage (${describeError(error)})`);
  }
  try {
    const column = database
      .prepare(
        `SELECT g.table_name AS tableName, g.column_name AS columnName, s.organization AS organization,
                s.organization_coordsys_id AS code
           FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
          WHERE (? IS NULL OR g.table_name = ?) ORDER BY g.table_name LIMIT 1`,
      )
      .get(layerName ?? null, layerName ?? null) as
      | { tableName: string; columnName: string; organization: string; code: number }
      | undefined;
    if (column === undefined) throw new InputError(file, layerName ? `no layer '${layerName}'` : "no feature layer");
    const rows = database.prepare(`SELECT * FROM "${column.tableName.replaceAll('"', '""')}"`).all() as Record<string, unknown>[];
    const features = rows.map((row, index) => toFeature(file, row, column.columnName, index));
    return { table: column.tableName, crs: `${column.organization.toUpperCase()}:${column.code}`, features };
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(file, `not a readable GeoPackage (${describeError(error)})`);
  } finally {
    database.close();
  }
}

function toFeature(file: string, row: Record<string, unknown>, geometryColumn: string, index: number): GeoPackageLineFeature {
  const blob = row[geometryColumn];
  const fid = typeof row.fid === "number" ? row.fid : index + 1;
  if (!(blob instanceof Uint8Array)) throw new InputError(file, `feature ${fid} has no geometry`);
  const properties: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key !== geometryColumn && key !== "fid" && (typeof value === "string" || typeof value === "number" || value === null)) {
      properties[key] = value;
    }
  }
  try {
    return { fid, properties, lines: readWkbLines(geoPackageWkb(blob)) };
  } catch (error) {
    throw new InputError(file, `feature ${fid}: ${describeError(error)}`);
  }
}
