import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadRoadNetwork } from "../../pipeline/roads/load-road-network.js";
import { getJson, seedDefects, testScope } from "../support/web-server-harness.js";

const { server } = testScope();

const FAXE_ROADS = path.resolve(process.cwd(), "../shared/roads/faxe/vej_myndighed.gpkg");

interface RoadCollectionBody {
  type: string;
  features: { id: number; geometry: { type: string; coordinates: [number, number][] }; properties: { id: number; roadClass: string | null } }[];
}

/** a box around Faxe town that leaves Haslev out */
const FAXE_TOWN = { west: 12.1, south: 55.24, east: 12.14, north: 55.27 };

describe("GET /api/roads", () => {
  it("returns the Faxe road lines meeting a box around Faxe town, in WGS84 with their road authority", async () => {
    const roads = await loadRoadNetwork(FAXE_ROADS, "type");
    const app = await server({ roads });
    const foreman = await app.signIn("foreman");

    const { status, body } = await foreman.getJson<RoadCollectionBody>(
      `/api/roads?bbox=${FAXE_TOWN.west},${FAXE_TOWN.south},${FAXE_TOWN.east},${FAXE_TOWN.north}`,
    );

    expect(status).toBe(200);
    expect(body.type).toBe("FeatureCollection");
    expect(body.features.length).toBeGreaterThan(50);
    expect(body.features.length).toBeLessThan(roads.features.length);
    const inTown = ([lon, lat]: [number, number]) =>
      lon >= FAXE_TOWN.west && lon <= FAXE_TOWN.east && lat >= FAXE_TOWN.south && lat <= FAXE_TOWN.north;
    for (const feature of body.features) {
      expect(feature.geometry.type).toBe("LineString");
      expect(feature.properties.id).toBe(feature.id);
      const lons = feature.geometry.coordinates.map(([lon]) => lon);
      const lats = feature.geometry.coordinates.map(([, lat]) => lat);
      expect(Math.max(...lons)).toBeGreaterThanOrEqual(FAXE_TOWN.west);
      expect(Math.min(...lons)).toBeLessThanOrEqual(FAXE_TOWN.east);
      expect(Math.max(...lats)).toBeGreaterThanOrEqual(FAXE_TOWN.south);
      expect(Math.min(...lats)).toBeLessThanOrEqual(FAXE_TOWN.north);
    }
    // most lines in a town box have points in it: projected UTM would be millions of metres, far outside
    expect(body.features.filter((feature) => feature.geometry.coordinates.some(inTown)).length).toBeGreaterThan(body.features.length * 0.9);
    expect(body.features.map((feature) => feature.properties.roadClass)).toContain("Off. kommunevej");
  });

  it("answers an empty collection when no road network is configured", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const { status, body } = await foreman.getJson<RoadCollectionBody>("/api/roads?bbox=12.1,55.24,12.14,55.27");
    expect(status).toBe(200);
    expect(body).toEqual({ type: "FeatureCollection", features: [] });
  });

  it("requires a valid bbox", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    for (const query of ["", "?bbox=12.2,55.2,12.1,55.3"]) {
      const { status, body } = await foreman.getJson<{ error: string }>(`/api/roads${query}`);
      expect(status, query).toBe(400);
      expect(body.error, query).toContain("query.bbox");
    }
  });

  it("is described in the OpenAPI document with its bbox required", async () => {
    const app = await server();
    const { body } = await getJson<{ paths: Record<string, { get?: { parameters?: { name: string; required: boolean }[] } }> }>(
      `${app.baseUrl}/api/openapi.json`,
    );
    expect(body.paths["/api/roads"]?.get?.parameters).toEqual([expect.objectContaining({ name: "bbox", required: true })]);
  });

  it("names a road network file that is not there", async () => {
    const missing = path.join(path.dirname(FAXE_ROADS), "no-such-network.gpkg");
    await expect(loadRoadNetwork(missing, "type")).rejects.toThrow(missing);
  });
});

describe("GET /api/defects/:id road", () => {
  interface DefectRoadBody {
    road: { id: number; roadClass: string | null; distanceMeters: number } | null;
  }

  it("names the road a defect lies on", async () => {
    const roads = await loadRoadNetwork(FAXE_ROADS, "type");
    const app = await server({ roads });
    const foreman = await app.signIn("foreman");
    const inTown = roads.linesIn({ minLon: FAXE_TOWN.west, minLat: FAXE_TOWN.south, maxLon: FAXE_TOWN.east, maxLat: FAXE_TOWN.north }, 1000);
    // an inner vertex: a line's ends may be a junction that other roads share
    const road = inTown.features.find((feature) => feature.geometry.coordinates.length >= 3);
    const [lon, lat] = road!.geometry.coordinates[1]!;
    const [id] = await seedDefects(app.storage, [{ lat, lon }]);

    const { status, body } = await foreman.getJson<DefectRoadBody>(`/api/defects/${id}`);

    expect(status).toBe(200);
    expect(body.road).toMatchObject({ id: road!.id, roadClass: road!.properties.roadClass });
    expect(body.road!.distanceMeters).toBeLessThan(1);
  });

  it("names no road when no road network is configured", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [id] = await seedDefects(app.storage, [{ lat: 55.255, lon: 12.12 }]);
    const { body } = await foreman.getJson<DefectRoadBody>(`/api/defects/${id}`);
    expect(body.road).toBeNull();
  });

  it("is described in the OpenAPI document", async () => {
    const app = await server();
    const { body } = await getJson<{ components: { schemas: { DefectDetails: { properties: Record<string, unknown>; required: string[] } } } }>(
      `${app.baseUrl}/api/openapi.json`,
    );
    expect(Object.keys(body.components.schemas.DefectDetails.properties)).toContain("road");
    expect(body.components.schemas.DefectDetails.required).toContain("road");
  });
});
