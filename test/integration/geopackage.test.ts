import path from "node:path";
import { describe, expect, it } from "vitest";
import { readGeoPackageLines } from "../../pipeline/adapters/geopackage.js";
import { projectorToWgs84 } from "../../pipeline/adapters/projection.js";

const FAXE_ROADS = path.resolve(process.cwd(), "../shared/roads/faxe/vej_myndighed.gpkg");

function planarLengthMeters(lines: [number, number][][]): number {
  let total = 0;
  for (const line of lines) for (let i = 1; i < line.length; i++) total += Math.hypot(line[i]![0] - line[i - 1]![0], line[i]![1] - line[i - 1]![1]);
  return total;
}

describe("the Faxe road network GeoPackage", () => {
  const layer = readGeoPackageLines(FAXE_ROADS);

  it("has its 2,603 road lines in EPSG:25832 with the road authority in 'type'", () => {
    expect(layer.crs).toBe("EPSG:25832");
    expect(layer.features).toHaveLength(2603);
    const municipal = layer.features.filter((f) => f.properties.type === "Off. kommunevej");
    expect(municipal).toHaveLength(1557);
    // shared/README.md: 793 km of municipal roads
    const km = municipal.reduce((sum, f) => sum + planarLengthMeters(f.lines), 0) / 1000;
    expect(km).toBeGreaterThan(789);
    expect(km).toBeLessThan(797);
  });

  it("reprojects to longitude/latitude inside Faxe Kommune", () => {
    const toWgs84 = projectorToWgs84(layer.crs);
    for (const feature of layer.features.slice(0, 50)) {
      const [lon, lat] = toWgs84(feature.lines[0]![0]!);
      expect(lat).toBeGreaterThan(55.1);
      expect(lat).toBeLessThan(55.45);
      expect(lon).toBeGreaterThan(11.8);
      expect(lon).toBeLessThan(12.4);
    }
  });

  it("names a file that is not a GeoPackage", () => {
    expect(() => readGeoPackageLines(path.resolve(process.cwd(), "package.json"))).toThrow(/package\.json/);
  });
});
