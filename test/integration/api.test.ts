import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getJson, giveThumbnail, pointsEast, seedDefects, testScope } from "../support/web-server-harness.js";

const { server, defer } = testScope();

interface FeatureCollectionBody {
  type: string;
  features: { id: number; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }[];
  numberMatched: number;
  numberReturned: number;
  nextOffset: number | null;
}

interface ErrorBody {
  error: string;
  details?: { path: string; message: string }[];
}

const FAXE = { lat: 55.255, lon: 12.12 };
const HASLEV = { lat: 55.323, lon: 11.964 };

/** a box around Faxe town that leaves Haslev out */
const FAXE_BBOX = "12.10,55.24,12.14,55.27";

describe("GET /api/defects", () => {
  it("returns the defects inside the bbox as GeoJSON with class names in both languages", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [pothole, crack] = await seedDefects(app.storage, [FAXE, { ...pointsEast(FAXE, 2, 50)[1]!, classId: "D00", widthMeters: 0.5 }]);
    await seedDefects(app.storage, [HASLEV], "haslev drive");

    const { status, body } = await foreman.getJson<FeatureCollectionBody>(`/api/defects?bbox=${FAXE_BBOX}`);

    expect(status).toBe(200);
    expect(body.type).toBe("FeatureCollection");
    expect(body.features.map((feature) => feature.id).sort()).toEqual([pothole, crack].sort());
    const potholeFeature = body.features.find((feature) => feature.id === pothole)!;
    expect(potholeFeature.geometry.coordinates).toEqual([FAXE.lon, FAXE.lat]);
    expect(potholeFeature.properties).toMatchObject({
      id: pothole,
      class: "D40",
      labelDa: "Slaghul",
      labelEn: "Pothole",
      severity: 3,
      status: "open",
      observationCount: 1,
      widthMeters: 0.4,
      thumbnailUrl: null,
      firstSeen: "2026-03-02T08:00:00.000Z",
    });
    // most severe first: the pothole (3) before the narrow crack (1)
    expect(body.features.map((feature) => feature.properties.severity)).toEqual([3, 1]);
  });

  it("pages through a large result with limit and offset", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const ids = await seedDefects(app.storage, pointsEast(FAXE, 7, 20));
    const seen: number[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: { body: FeatureCollectionBody } = await foreman.getJson(`/api/defects?bbox=${FAXE_BBOX}&limit=3&offset=${offset}`);
      const { body } = page;
      expect(body.numberMatched).toBe(7);
      expect(body.numberReturned).toBe(body.features.length);
      seen.push(...body.features.map((feature) => feature.id));
      offset = body.nextOffset;
    }
    expect(seen.sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
  });

  it("filters by severity, class and status", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [bigPothole, smallPothole, crack] = await seedDefects(app.storage, [
      { ...FAXE, widthMeters: 0.5 },
      { ...pointsEast(FAXE, 2, 30)[1]!, widthMeters: 0.1 },
      { ...pointsEast(FAXE, 3, 30)[2]!, classId: "D00", widthMeters: 0.3 },
    ]);
    await app.storage.defects.setRepairState(smallPothole!, { status: "repaired", missedPasses: 0 });
    const ids = async (query: string) =>
      (await foreman.getJson<FeatureCollectionBody>(`/api/defects?bbox=${FAXE_BBOX}&${query}`)).body.features.map((f) => f.id);

    expect(await ids("severity=3")).toEqual([bigPothole]);
    expect(await ids("class=D00")).toEqual([crack]);
    expect(await ids("status=open")).toEqual([bigPothole, crack]);
    expect(await ids("status=repaired,open&class=D40")).toEqual([bigPothole, smallPothole]);
    expect(await ids("from=2026-03-03")).toEqual([]);
    expect(await ids("to=2026-03-02")).toHaveLength(3);
  });

  it("turns down a bad bbox, a limit above 5000 and an unknown status, naming each problem", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const cases: [string, string][] = [
      ["bbox=12.2,55.2,12.1,55.3", "query.bbox"],
      ["bbox=12.1,55.2,12.2", "query.bbox"],
      ["bbox=east,55.2,12.2,55.3", "query.bbox.0"],
      ["bbox=12.1,95,12.2,96", "query.bbox.1"],
      ["limit=5001", "query.limit"],
      ["limit=0", "query.limit"],
      ["status=fixed", "query.status.0"],
      ["from=yesterday", "query.from"],
    ];
    for (const [query, problemPath] of cases) {
      const { status, body } = await foreman.getJson<ErrorBody>(`/api/defects?${query}`);
      expect(status, query).toBe(400);
      expect(body.details?.map((detail) => detail.path), query).toContain(problemPath);
      expect(body.error, query).toContain(problemPath);
    }
  });
});

describe("GET /api/defects/:id", () => {
  it("gives the defect's sightings with their frame photos, and 404 for an unknown id", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [id] = await seedDefects(app.storage, [FAXE]);
    const { status, body } = await foreman.getJson<Record<string, unknown>>(`/api/defects/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id,
      lat: FAXE.lat,
      lon: FAXE.lon,
      labelDa: "Slaghul",
      photoUrl: null,
      box: [880, 760, 1040, 840],
      workOrders: [],
      observations: [{ time: "2026-03-02T08:00:00.000Z", score: 0.9, widthMeters: 0.4, box: [880, 760, 1040, 840] }],
    });
    expect((body.observations as { photoUrl: string }[])[0]!.photoUrl).toMatch(/^\/media\/frames\/\d+\/000000000\.jpg$/);
    expect((body.severityReasons as { code: string }[]).map((reason) => reason.code)).toContain("large-pothole");

    expect((await foreman.getJson<ErrorBody>("/api/defects/999")).status).toBe(404);
    const notANumber = await foreman.getJson<ErrorBody>("/api/defects/abc");
    expect(notANumber.status).toBe(400);
    expect(notANumber.body.details?.[0]?.path).toBe("path.id");
  });
});

describe("GET /media", () => {
  it("serves a stored thumbnail and nothing outside the known media files", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [id] = await seedDefects(app.storage, [FAXE]);
    const thumbnailPath = await giveThumbnail(app, id!);
    const { body } = await foreman.getJson<FeatureCollectionBody>(`/api/defects?bbox=${FAXE_BBOX}`);
    const thumbnailUrl = body.features[0]!.properties.thumbnailUrl as string;
    expect(thumbnailUrl).toBe(`/media/defects/${id}/thumbnail.jpg`);

    const image = await foreman.fetch(thumbnailUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await image.arrayBuffer())).toEqual(await readFile(path.join(app.dataDir, thumbnailPath)));

    for (const probe of [
      "/media/../roadwatch.sqlite",
      "/media/%2e%2e/roadwatch.sqlite",
      `/media/defects/${id}/..%2F..%2F..%2Froadwatch.sqlite`,
      "/media/videos/ab/abababab",
      `/media/defects/${id}/photo.jpg`,
      "/media/defects/1/thumbnail.jpg.tmp",
    ]) {
      const response = await foreman.fetch(probe);
      expect(response.status, probe).toBe(404);
      expect(response.headers.get("content-type"), probe).toMatch(/^application\/json/);
    }
  });
});

describe("teams", () => {
  it("creates, lists and changes teams, and turns down bad addresses", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const created = await foreman.sendJson<{ id: number }>("POST", "/api/teams", {
      name: "Vejhold Nord",
      emails: ["nord@faxe.example"],
      language: "da",
    });
    expect(created.status).toBe(201);
    const changed = await foreman.sendJson("PATCH", `/api/teams/${created.body.id}`, { language: "en", emails: ["a@faxe.example", "b@faxe.example"] });
    expect(changed.body).toEqual({ id: created.body.id, name: "Vejhold Nord", emails: ["a@faxe.example", "b@faxe.example"], language: "en" });
    expect((await foreman.getJson("/api/teams")).body).toEqual([changed.body]);

    const bad = await foreman.sendJson<ErrorBody>("POST", "/api/teams", { name: "Syd", emails: ["not an address"], language: "de" });
    expect(bad.status).toBe(400);
    expect(bad.body.details?.map((detail) => detail.path).sort()).toEqual(["body.emails.0", "body.language"]);
    expect((await foreman.sendJson("PATCH", "/api/teams/77", { name: "Syd" })).status).toBe(404);
    expect((await foreman.sendJson("PATCH", `/api/teams/${created.body.id}`, {})).status).toBe(400);
  });
});

/** A square of about 300 m around Faxe, as a lasso. */
function squareAround(center: { lat: number; lon: number }, halfSideDegrees: number) {
  const { lat, lon } = center;
  const ring = [
    [lon - halfSideDegrees, lat - halfSideDegrees],
    [lon + halfSideDegrees, lat - halfSideDegrees],
    [lon + halfSideDegrees, lat + halfSideDegrees],
    [lon - halfSideDegrees, lat + halfSideDegrees],
    [lon - halfSideDegrees, lat - halfSideDegrees],
  ];
  return { type: "Polygon", coordinates: [ring] };
}

describe("POST /api/selection/preview", () => {
  it("counts exactly the defects inside a lasso or a circle", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const row = pointsEast(FAXE, 6, 100);
    const ids = await seedDefects(app.storage, row);
    // the square reaches 0.002° (≈ 127 m) east of Faxe: the first two defects of the row
    const lasso = await foreman.sendJson<{ count: number; ids: number[] }>("POST", "/api/selection/preview", {
      selection: squareAround(FAXE, 0.002),
      filters: {},
    });
    expect(lasso.body).toEqual({ count: 2, ids: ids.slice(0, 2).sort((a, b) => a - b) });

    const circle = await foreman.sendJson<{ count: number; ids: number[] }>("POST", "/api/selection/preview", {
      selection: { type: "Circle", center: [row[3]!.lon, row[3]!.lat], radiusMeters: 150 },
      filters: { severity: [], status: [], class: null, teamId: null, from: null, to: null },
    });
    expect(circle.body.ids).toEqual(ids.slice(2, 5).sort((a, b) => a - b));
  });

  it("counts the defects inside any part of a MultiPolygon once, where its parts overlap too", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const row = pointsEast(FAXE, 6, 100);
    const ids = await seedDefects(app.storage, row);
    // the first square holds defects 0 and 1, the second (≈ 115 m around defect 1) 1 and 2
    const { body } = await foreman.sendJson<{ count: number; ids: number[] }>("POST", "/api/selection/preview", {
      selection: { type: "MultiPolygon", coordinates: [squareAround(FAXE, 0.002).coordinates, squareAround(row[1]!, 0.0018).coordinates] },
    });
    expect(body).toEqual({ count: 3, ids: ids.slice(0, 3).sort((a, b) => a - b) });
  });

  it("turns down a ring that is not closed, too short, or off the globe", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const open = squareAround(FAXE, 0.002);
    open.coordinates[0]!.pop();
    const cases: [unknown, string][] = [
      [open, "body.selection.coordinates.0"],
      [{ type: "Polygon", coordinates: [[[12, 55], [12.1, 55], [12, 55]]] }, "body.selection.coordinates.0"],
      [{ type: "Polygon", coordinates: [[[12, 55], [200, 55], [12.1, 55.1], [12, 55]]] }, "body.selection.coordinates.0.1.0"],
      [{ type: "Circle", center: [12.1, 55.2], radiusMeters: -5 }, "body.selection.radiusMeters"],
      [{ type: "MultiPolygon", coordinates: [] }, "body.selection.coordinates"],
      [{ type: "MultiPolygon", coordinates: [squareAround(FAXE, 0.002).coordinates, [open.coordinates[0]]] }, "body.selection.coordinates.1.0"],
      [{ type: "LineString", coordinates: [[12, 55], [12.1, 55]] }, "body.selection.type"],
    ];
    for (const [selection, problemPath] of cases) {
      const { status, body } = await foreman.sendJson<ErrorBody>("POST", "/api/selection/preview", { selection });
      expect(status, problemPath).toBe(400);
      expect(body.details?.map((detail) => detail.path), problemPath).toContain(problemPath);
    }
  });
});

describe("POST /api/work-orders", () => {
  it("takes exactly the defects inside either part of a two-part MultiPolygon", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const row = pointsEast(FAXE, 6, 100);
    const ids = await seedDefects(app.storage, row);
    const team = await foreman.sendJson<{ id: number }>("POST", "/api/teams", { name: "Vejhold Syd", emails: ["syd@faxe.example"] });
    // a lasso around defect 0, and the ring of a circle around defects 3 and 4 as the page sends it
    const circleRing = Array.from({ length: 33 }, (_, corner) => {
      const angle = ((corner % 32) / 32) * 2 * Math.PI;
      const center = { lat: row[3]!.lat, lon: (row[3]!.lon + row[4]!.lon) / 2 };
      return [center.lon + 0.0012 * Math.cos(angle), center.lat + 0.0007 * Math.sin(angle)];
    });
    const selection = { type: "MultiPolygon", coordinates: [squareAround(FAXE, 0.0005).coordinates, [circleRing]] };

    const { status, body } = await foreman.sendJson<{ defectIds: number[]; defectCount: number }>("POST", "/api/work-orders", {
      selection,
      teamId: team.body.id,
    });

    expect(status).toBe(201);
    expect(body.defectCount).toBe(3);
    expect([...body.defectIds].sort((a, b) => a - b)).toEqual([ids[0]!, ids[3]!, ids[4]!].sort((a, b) => a - b));
  });
});

describe("exports", () => {
  it("exports a bbox as CSV and a lasso as GeoJSON", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const ids = await seedDefects(app.storage, pointsEast(FAXE, 3, 100));
    const csv = await foreman.fetch(`/api/export/defects.csv?bbox=${FAXE_BBOX}`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toContain("defects.csv");
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,class,label_da,label_en,severity,status,lat,lon,first_seen,last_seen,observation_count,width_meters");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\d+,D40,Slaghul,Pothole,3,open,55\.255,12\.12\d*,2026-03-02T08:00:0\d\.000Z,/);

    const geojson = await foreman.fetch("/api/export/defects.geojson", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ selection: squareAround(FAXE, 0.001) }),
    });
    expect(geojson.headers.get("x-total-count")).toBe("1");
    const body = (await geojson.json()) as FeatureCollectionBody;
    expect(body.features.map((feature) => feature.id)).toEqual([ids[0]]);
  });

  it("exports the defects inside a MultiPolygon as CSV", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const row = pointsEast(FAXE, 4, 100);
    const ids = await seedDefects(app.storage, row);
    const csv = await foreman.fetch("/api/export/defects.csv", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        selection: { type: "MultiPolygon", coordinates: [squareAround(row[1]!, 0.0005).coordinates, squareAround(row[3]!, 0.0005).coordinates] },
      }),
    });
    expect(csv.headers.get("x-total-count")).toBe("2");
    const exported = (await csv.text()).trimEnd().split("\r\n").slice(1).map((line) => Number(line.split(",")[0]));
    expect(exported.sort((a, b) => a - b)).toEqual([ids[1]!, ids[3]!].sort((a, b) => a - b));
  });
});

describe("GET /api/config", () => {
  it("gives the page the damage classes, the severity levels and no basemap style unless one is configured", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const { status, body } = await foreman.getJson("/api/config");
    expect(status).toBe(200);
    expect(body).toEqual({
      basemapStyleUrl: null,
      classes: [
        { id: "D00", da: "Længderevne", en: "Longitudinal crack" },
        { id: "D20", da: "Krakelering", en: "Alligator crack" },
        { id: "D40", da: "Slaghul", en: "Pothole" },
      ],
      severityLevels: [1, 2, 3],
      version: "0.0.0",
    });
  });

  it("gives the configured basemap style", async () => {
    const app = await server({ basemapStyleUrl: "https://kort.faxe.example/styles/vej.json" });
    const foreman = await app.signIn("foreman");
    const { body } = await foreman.getJson<{ basemapStyleUrl: string | null }>("/api/config");
    expect(body.basemapStyleUrl).toBe("https://kort.faxe.example/styles/vej.json");
  });
});

describe("the map page", () => {
  it("serves the built page's files, and its index.html for the page's own addresses", async () => {
    const clientDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-client-"));
    defer(() => rm(clientDir, { recursive: true, force: true }));
    await mkdir(path.join(clientDir, "assets"));
    await writeFile(path.join(clientDir, "index.html"), "<!doctype html><title>Roadwatch</title>");
    await writeFile(path.join(clientDir, "assets", "map.js"), "console.log('map')");
    const app = await server({ clientDir });

    // the page itself is open: it asks who is signed in and shows the sign-in form to nobody
    const asset = await fetch(`${app.baseUrl}/assets/map.js`);
    expect(await asset.text()).toBe("console.log('map')");
    for (const address of ["/", "/defects/12", "/work-orders?team=2"]) {
      const page = await fetch(`${app.baseUrl}${address}`, { headers: { Accept: "text/html" } });
      expect(page.status, address).toBe(200);
      expect(await page.text(), address).toContain("<title>Roadwatch</title>");
    }
    expect((await getJson(`${app.baseUrl}/api/unknown`)).status).toBe(404);
    const foreman = await app.signIn("foreman");
    expect((await foreman.fetch("/media/defects/1/photo.jpg")).status).toBe(404);
  });
});

describe("the API as a whole", () => {
  it("describes itself in OpenAPI 3.1", async () => {
    const app = await server();
    const { body } = await getJson<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>(
      `${app.baseUrl}/api/openapi.json`,
    );
    expect(body.openapi).toBe("3.1.0");
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(["/api/config", "/api/defects", "/api/defects/{id}", "/api/work-orders", "/api/selection/preview", "/work-orders/{id}/print"]),
    );
    expect(body.components.schemas.DefectCollection).toMatchObject({ type: "object" });
    const selectionTypes = JSON.stringify(body.components.schemas.Selection);
    for (const type of ["Polygon", "MultiPolygon", "Circle"]) expect(selectionTypes).toContain(`"const":"${type}"`);
  });

  it("answers unknown endpoints, broken JSON and server faults with JSON and no stack trace", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const unknown = await foreman.getJson<ErrorBody>("/api/nothing-here");
    expect(unknown).toEqual({ status: 404, body: { error: "no endpoint GET /api/nothing-here" } });

    const broken = await foreman.fetch("/api/teams", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{name:" });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: "the request body is not valid JSON" });

    await app.storage.close();
    const fault = await foreman.fetch(`/api/defects?bbox=${FAXE_BBOX}`);
    expect(fault.status).toBe(500);
    const text = await fault.text();
    expect(JSON.parse(text)).toEqual({ error: "internal server error" });
    expect(text).not.toContain(" at ");
    expect(app.log.join("\n")).toContain("GET /api/defects");
  });
});
