/**
 * The planner's API and `roadwatch coverage` on a small network built here: three named roads near Faxe, imported
 * the way `roadwatch roads import` imports a file, with inspections and defects put in through the repositories.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandOutput } from "../../pipeline/cli/command-output.js";
import { type CoverageFormat, runCoverageCommand } from "../../pipeline/cli/coverage-command.js";
import { LocalProjection, type XY } from "../../pipeline/roads/local-projection.js";
import type { Storage } from "../../pipeline/storage/database.js";
import { localDate } from "../../pipeline/time/calendar-date.js";
import { importRoadRegister } from "../support/road-register.js";
import { seedDefects, type TestServer, testScope } from "../support/web-server-harness.js";

const { server } = testScope();

const plane = new LocalProjection({ lat: 55.2557, lon: 12.1192 });
const POLICY = { "Off. kommunevej": 28, "Privat fællesvej": 90 };
const AT = "2026-11-22";

/** Torvegade: 300 m east (3 segments); Møllevej: 150 m north from its east end (2 of 75 m); Statsvejen: 200 m south. */
const ROADS: { navn: string; type: string; points: XY[] }[] = [
  { navn: "Torvegade", type: "Off. kommunevej", points: [[0, 0], [300, 0]] },
  { navn: "Møllevej", type: "Privat fællesvej", points: [[300, 0], [300, 150]] },
  { navn: "Statsvejen", type: "Off. statsvej", points: [[0, -40], [0, -240]] },
];

interface Segment {
  id: number;
  roadName: string | null;
  lengthMeters: number;
}

/**
 * The network with its history: Torvegade's first two segments filmed on 2026-11-01, its third only a third of the
 * way on 2026-10-10 (not an inspection), Møllevej's first segment on 2026-09-01; two potholes on Torvegade and one
 * on Statsvejen. Returns the segments of each road in driving order.
 */
async function plannersNetwork(app: TestServer): Promise<Record<string, Segment[]>> {
  const at = (x: number, y: number) => {
    const [lon, lat] = plane.toLonLat([x, y]);
    return { lat, lon };
  };
  // before the import, which puts them on their roads
  await seedDefects(app.storage, [at(50, 3), at(160, -2), at(1, -100)]);
  await importRoadRegister(
    app.storage,
    path.join(app.dataDir, "roads.geojson"),
    ROADS.map(({ navn, type, points }) => ({ name: navn, roadClass: type, coordinates: points.map((xy) => plane.toLonLat(xy)) })),
  );
  const segments = await app.storage.roadSegments.listSummaries();
  const byRoad = Object.fromEntries(ROADS.map(({ navn }) => [navn, segments.filter((segment) => segment.roadName === navn)]));
  const [torvegade1, torvegade2, torvegade3] = byRoad.Torvegade!;
  await inspect(app.storage, "2026-11-01", [
    [torvegade1!, 1],
    [torvegade2!, 1],
  ]);
  await inspect(app.storage, "2026-10-10", [[torvegade3!, 0.3]]);
  await inspect(app.storage, "2026-09-01", [[byRoad.Møllevej![0]!, 0.9]]);
  return byRoad;
}

/** One video that filmed the given share of each segment on `day`. */
async function inspect(storage: Storage, day: string, filmed: [Segment, number][]): Promise<void> {
  const { video } = await storage.videos.insertIfNew({
    contentHash: day.padEnd(64, "f"),
    originalName: `${day}.mp4`,
    storedPath: `videos/${day}.mp4`,
    sizeBytes: 1,
    deviceId: null,
    crew: null,
  });
  await storage.inspections.replaceForVideo(
    video.id,
    filmed.map(([segment, share]) => ({ segmentId: segment.id, inspectedOn: day, coveredMeters: share * segment.lengthMeters })),
  );
}

interface SegmentFeature {
  type: "Feature";
  id: number;
  geometry: { type: "LineString"; coordinates: [number, number][] };
  properties: { id: number; roadName: string; roadClass: string | null; lastInspected: string | null; requiredIntervalDays: number | null; status: string };
}

interface SegmentCollection {
  type: "FeatureCollection";
  features: SegmentFeature[];
}

const WHOLE_TOWN = "12.10,55.24,12.14,55.27";

describe("GET /api/coverage", () => {
  it("sums each road class's kilometres by status, the weekly inspected kilometres and the roads' defects per km", async () => {
    const app = await server({ coveragePolicy: POLICY });
    await plannersNetwork(app);
    const planner = await app.signIn("planner");

    const { status, body } = await planner.getJson<{ at: string; classes: unknown[]; weekly: { weekStart: string; inspectedKm: number }[]; roads: unknown[] }>(
      `/api/coverage?at=${AT}`,
    );

    expect(status).toBe(200);
    expect(body.at).toBe(AT);
    expect(body.classes).toEqual([
      {
        roadClass: "Off. kommunevej",
        requiredIntervalDays: 28,
        lengthKm: 0.3,
        withinPolicyKm: 0.2,
        withinPolicyPercent: 66.7,
        dueSoonKm: 0.2,
        overdueKm: 0,
        neverKm: 0.1,
      },
      { roadClass: "Off. statsvej", requiredIntervalDays: null, lengthKm: 0.2, withinPolicyKm: 0, withinPolicyPercent: 0, dueSoonKm: 0, overdueKm: 0, neverKm: 0.2 },
      {
        roadClass: "Privat fællesvej",
        requiredIntervalDays: 90,
        lengthKm: 0.15,
        withinPolicyKm: 0.075,
        withinPolicyPercent: 50,
        dueSoonKm: 0,
        overdueKm: 0,
        neverKm: 0.075,
      },
    ]);
    expect(body.weekly).toHaveLength(12);
    expect(body.weekly[0]).toEqual({ weekStart: "2026-08-31", inspectedKm: 0.075 });
    expect(body.weekly.find((week) => week.weekStart === "2026-10-26")).toEqual({ weekStart: "2026-10-26", inspectedKm: 0.2 });
    expect(body.weekly.reduce((total, week) => total + week.inspectedKm, 0)).toBeCloseTo(0.275, 6);
    expect(body.roads).toEqual([
      { roadName: "Torvegade", roadClass: "Off. kommunevej", lengthKm: 0.3, defects: 2, defectsPerKm: 6.67 },
      { roadName: "Statsvejen", roadClass: "Off. statsvej", lengthKm: 0.2, defects: 1, defectsPerKm: 5 },
    ]);
  });

  it("judges on today in the server's time zone without a date, and answers empty lists before a network is imported", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const planner = await app.signIn("planner");

    const { status, body } = await planner.getJson<{ at: string; classes: unknown[]; roads: unknown[] }>("/api/coverage");

    expect(status).toBe(200);
    expect(body.at).toBe(localDate(Date.now(), "Europe/Copenhagen"));
    expect(body.classes).toEqual([]);
    expect(body.roads).toEqual([]);
  });

  it("refuses a date that is not one", async () => {
    const app = await server();
    const planner = await app.signIn("planner");
    for (const at of ["2026-02-30", "22-11-2026", "yesterday"]) {
      const { status, body } = await planner.getJson<{ error: string }>(`/api/coverage?at=${at}`);
      expect(status, at).toBe(400);
      expect(body.error, at).toContain("query.at");
    }
  });
});

describe("GET /api/coverage/segments", () => {
  it("gives the segments meeting the box as GeoJSON lines with their last inspection, interval and status", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const roads = await plannersNetwork(app);
    const planner = await app.signIn("planner");

    const { status, body } = await planner.getJson<SegmentCollection>(`/api/coverage/segments?bbox=${WHOLE_TOWN}&at=${AT}`);

    expect(status).toBe(200);
    expect(body.type).toBe("FeatureCollection");
    const byId = new Map(body.features.map((feature) => [feature.id, feature]));
    expect(byId.size).toBe(7);
    const [t1, , t3] = roads.Torvegade!;
    expect(byId.get(t1!.id)).toMatchObject({
      type: "Feature",
      geometry: { type: "LineString" },
      properties: { id: t1!.id, roadName: "Torvegade", roadClass: "Off. kommunevej", lastInspected: "2026-11-01", requiredIntervalDays: 28, status: "due-soon" },
    });
    expect(byId.get(t3!.id)!.properties).toMatchObject({ lastInspected: null, status: "never" });
    expect(byId.get(roads.Møllevej![0]!.id)!.properties).toMatchObject({ lastInspected: "2026-09-01", requiredIntervalDays: 90, status: "ok" });
    expect(byId.get(roads.Statsvejen![0]!.id)!.properties).toMatchObject({ requiredIntervalDays: null, status: "never" });

    // a week later Torvegade's filmed segments are overdue
    const later = await planner.getJson<SegmentCollection>(`/api/coverage/segments?bbox=${WHOLE_TOWN}&at=2026-11-30`);
    expect(later.body.features.find((feature) => feature.id === t1!.id)!.properties.status).toBe("overdue");
  });

  it("leaves out segments outside the box, and requires a valid box", async () => {
    const app = await server({ coveragePolicy: POLICY });
    await plannersNetwork(app);
    const planner = await app.signIn("planner");
    const [west, south] = plane.toLonLat([-20, -300]);
    const [east, north] = plane.toLonLat([20, -60]);

    const { body } = await planner.getJson<SegmentCollection>(`/api/coverage/segments?bbox=${west},${south},${east},${north}&at=${AT}`);

    expect(new Set(body.features.map((feature) => feature.properties.roadName))).toEqual(new Set(["Statsvejen"]));
    expect((await planner.getJson(`/api/coverage/segments?at=${AT}`)).status).toBe(400);
  });
});

describe("the planner's downloads", () => {
  it("GET /api/coverage/overdue.geojson has the segments of classes with a policy that are overdue or never inspected", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const roads = await plannersNetwork(app);
    const planner = await app.signIn("planner");

    const response = await planner.fetch("/api/coverage/overdue.geojson?at=2026-12-01");
    const body = (await response.json()) as SegmentCollection;

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/geo\+json/);
    expect(response.headers.get("content-disposition")).toBe("attachment; filename=overdue-roads-2026-12-01.geojson");
    const [t1, t2, t3] = roads.Torvegade!;
    const [m1, m2] = roads.Møllevej!;
    // never inspected first, then the longest overdue, by class; Statsvejen has no policy
    expect(body.features.map((feature) => [feature.id, feature.properties.status])).toEqual([
      [t3!.id, "never"],
      [t1!.id, "overdue"],
      [t2!.id, "overdue"],
      [m2!.id, "never"],
      [m1!.id, "overdue"],
    ]);
  });

  it("GET /api/coverage.csv has the per-class summary, an empty line, then the segments to drive", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const roads = await plannersNetwork(app);
    const planner = await app.signIn("planner");

    const response = await planner.fetch(`/api/coverage.csv?at=${AT}`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename=coverage-${AT}.csv`);
    const lines = text.split("\r\n");
    expect(lines.slice(0, 5)).toEqual([
      "road_class,required_interval_days,length_km,within_policy_km,within_policy_percent,due_soon_km,overdue_km,never_km",
      "Off. kommunevej,28,0.3,0.2,66.7,0.2,0,0.1",
      "Off. statsvej,,0.2,0,0,0,0,0.2",
      "Privat fællesvej,90,0.15,0.075,50,0,0,0.075",
      "",
    ]);
    expect(lines[5]).toBe("segment_id,road_name,road_class,status,last_inspected,days_since_inspection,required_interval_days,length_m,lon,lat");
    const t3 = roads.Torvegade![2]!;
    const [lon, lat] = plane.toLonLat([250, 0]);
    const row = lines[6]!.split(",");
    expect(row.slice(0, 8)).toEqual([String(t3.id), "Torvegade", "Off. kommunevej", "never", "", "", "28", "100"]);
    expect(Number(row[8])).toBeCloseTo(lon, 6);
    expect(Number(row[9])).toBeCloseTo(lat, 6);
    expect(lines.slice(6, -1)).toHaveLength(2);
    expect(lines.at(-1)).toBe("");
  });
});

describe("the inspection policy", () => {
  it("lists the configured intervals, takes a planner's over them, and goes back to the default when cleared", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const planner = await app.signIn("planner");

    expect((await planner.getJson("/api/policy")).body).toEqual({
      intervals: [
        { roadClass: "Off. kommunevej", requiredIntervalDays: 28, source: "config" },
        { roadClass: "Privat fællesvej", requiredIntervalDays: 90, source: "config" },
      ],
    });

    const stricter = await planner.sendJson("PUT", "/api/policy", { roadClass: "Off. kommunevej", requiredIntervalDays: 14 });
    const added = await planner.sendJson("PUT", "/api/policy", { roadClass: "Cykelrute", requiredIntervalDays: 28 });
    expect(stricter.status).toBe(200);
    expect(added.body).toEqual({
      intervals: [
        { roadClass: "Cykelrute", requiredIntervalDays: 28, source: "planner" },
        { roadClass: "Off. kommunevej", requiredIntervalDays: 14, source: "planner" },
        { roadClass: "Privat fællesvej", requiredIntervalDays: 90, source: "config" },
      ],
    });

    const cleared = await planner.sendJson<{ intervals: unknown[] }>("PUT", "/api/policy", { roadClass: "Off. kommunevej", requiredIntervalDays: null });
    expect(cleared.body.intervals).toContainEqual({ roadClass: "Off. kommunevej", requiredIntervalDays: 28, source: "config" });
    expect((await planner.getJson("/api/policy")).body).toEqual(cleared.body);
    const { entries } = await app.storage.audit.list({ limit: 10, offset: 0 });
    expect(entries.filter((entry) => entry.action === "policy.changed")).toHaveLength(3);
  });

  it("judges coverage by the planner's interval at once", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const roads = await plannersNetwork(app);
    const planner = await app.signIn("planner");

    await planner.sendJson("PUT", "/api/policy", { roadClass: "Off. kommunevej", requiredIntervalDays: 14 });
    const { body } = await planner.getJson<SegmentCollection>(`/api/coverage/segments?bbox=${WHOLE_TOWN}&at=${AT}`);

    expect(body.features.find((feature) => feature.id === roads.Torvegade![0]!.id)!.properties).toMatchObject({ requiredIntervalDays: 14, status: "overdue" });
  });

  it("refuses intervals that are not whole days from 1 to 3650, and a missing road class", async () => {
    const app = await server();
    const planner = await app.signIn("planner");
    for (const body of [
      { roadClass: "Off. kommunevej", requiredIntervalDays: 0 },
      { roadClass: "Off. kommunevej", requiredIntervalDays: 3651 },
      { roadClass: "Off. kommunevej", requiredIntervalDays: 2.5 },
      { roadClass: "Off. kommunevej" },
      { roadClass: " ", requiredIntervalDays: 28 },
    ]) {
      const { status, body: answer } = await planner.sendJson<{ error: string }>("PUT", "/api/policy", body);
      expect(status, JSON.stringify(body)).toBe(400);
      expect(answer.error, JSON.stringify(body)).toMatch(/body\.(roadClass|requiredIntervalDays)/);
    }
  });
});

describe("who may see and change coverage", () => {
  it("lets planners, foremen and admins read coverage, only planners and admins change the policy, crews neither", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const change = { roadClass: "Off. kommunevej", requiredIntervalDays: 21 };
    for (const role of ["planner", "foreman", "admin"] as const) {
      const client = await app.signIn(role);
      for (const address of ["/api/coverage", `/api/coverage/segments?bbox=${WHOLE_TOWN}`, "/api/coverage/overdue.geojson", "/api/coverage.csv", "/api/policy"]) {
        expect((await client.fetch(address)).status, `${role} GET ${address}`).toBe(200);
      }
      expect((await client.sendJson("PUT", "/api/policy", change)).status, `${role} PUT`).toBe(role === "foreman" ? 403 : 200);
    }
    const crew = await app.signIn("crew");
    expect((await crew.fetch("/api/coverage")).status).toBe(403);
    expect((await crew.sendJson("PUT", "/api/policy", change)).status).toBe(403);
    expect((await fetch(`${app.baseUrl}/api/coverage`)).status).toBe(401);
  });

  it("is described in the OpenAPI document with the roles that may call it", async () => {
    const app = await server();
    const { body } = await (await app.signIn("planner")).getJson<{ paths: Record<string, Record<string, { "x-roles"?: string[] }>> }>("/api/openapi.json");
    for (const address of ["/api/coverage", "/api/coverage/segments", "/api/coverage/overdue.geojson", "/api/coverage.csv"]) {
      expect(body.paths[address]?.get?.["x-roles"], address).toEqual(["planner", "foreman", "admin"]);
    }
    expect(body.paths["/api/policy"]?.put?.["x-roles"]).toEqual(["planner", "admin"]);
  });
});

describe("roadwatch coverage", () => {
  async function coverageNow(dataDir: string, format: CoverageFormat) {
    let stdout = "";
    let stderr = "";
    const output: CommandOutput = { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) };
    const exitCode = await runCoverageCommand({ dataDir, at: AT, format }, { defaultIntervals: POLICY, timeZone: "Europe/Copenhagen" }, output);
    return { exitCode, stdout, stderr };
  }

  it("prints the per-class summary and the segments to drive, as text, JSON, or the page's CSV", async () => {
    const app = await server({ coveragePolicy: POLICY });
    const roads = await plannersNetwork(app);
    const planner = await app.signIn("planner");

    const text = await coverageNow(app.dataDir, "text");
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^Inspection coverage on 2026-11-22\n/);
    expect(text.stdout).toMatch(/^Off\. kommunevej\s+28 d\s+0\.3\s+0\.2\s+66\.7\s+0\.2\s+0\.0\s+0\.1$/m);
    expect(text.stdout).toContain("2 segments to drive (0.2 km): overdue or never inspected");
    expect(text.stdout).toContain(`${roads.Torvegade![2]!.id}\tTorvegade\tOff. kommunevej\tnever inspected\t100 m`);

    const json = JSON.parse((await coverageNow(app.dataDir, "json")).stdout) as { classes: unknown; overdue: { id: number; status: string }[] };
    expect(json.classes).toEqual((await planner.getJson<{ classes: unknown }>(`/api/coverage?at=${AT}`)).body.classes);
    expect(json.overdue.map((segment) => segment.status)).toEqual(["never", "never"]);

    expect((await coverageNow(app.dataDir, "csv")).stdout).toBe(await (await planner.fetch(`/api/coverage.csv?at=${AT}`)).text());
  });

  it("says so when no road network was imported", async () => {
    const app = await server();
    const { exitCode, stderr } = await coverageNow(app.dataDir, "text");
    expect(exitCode).toBe(1);
    expect(stderr).toContain("roadwatch roads import");
  });
});
