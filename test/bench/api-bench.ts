/**
 * The foreman's map under load: 100,000 defects spread over a Faxe-sized area (lat 55.15–55.35, lon 11.9–12.3),
 * the defects API for the whole area, the server-side lasso for a 2 km circle (target < 100 ms), and the API's
 * latency under 50 concurrent map requests (autocannon on 127.0.0.1 for 5 s).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { hashPassword } from "../../pipeline/accounts/password-hash.js";
import type { SeverityLevel } from "../../pipeline/defects/severity.js";
import { openStorage, type Storage } from "../../pipeline/storage/database.js";
import { defectsInSelection } from "../../web/dispatch/defects-in-selection.js";
import { createMailer } from "../../web/dispatch/mailer.js";
import type { Selection } from "../../web/dispatch/selection.js";
import { createServer } from "../../web/server/create-server.js";
import { seededRandom } from "../support/seeded-random.js";
import { type SessionClient, signInAs } from "../support/sign-in.js";

const DEFECT_COUNT = 100_000;
const AREA = { minLat: 55.15, maxLat: 55.35, minLon: 11.9, maxLon: 12.3 };
const CLASSES = ["D00", "D10", "D20", "D40"];
/** defects per transaction while seeding */
const SEED_BATCH = 10_000;
const REPEATS = 7;
const CONCURRENT_REQUESTS = 50;
const LOAD_SECONDS = 5;

/** the middle of the area */
const CENTRE = { lat: 55.25, lon: 12.1 };
const LASSO: Selection = { type: "Circle", center: [CENTRE.lon, CENTRE.lat], radiusMeters: 2000 };
/** about what a laptop screen shows at zoom 15 */
const VIEWPORT_BBOX = "12.085,55.243,12.115,55.257";
const VIEWPORT_SIZE = { lon: 0.03, lat: 0.014 };
/** more than the server's answer cache holds, so that most answers are made afresh */
const VARIED_VIEWPORTS = 1000;

export async function benchApi(): Promise<Record<string, number | string>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-api-bench-"));
  const storage = await openStorage(dataDir);
  const mailer = createMailer({ smtpUrl: null, outboxDir: path.join(dataDir, "outbox") });
  try {
    const { seconds: seedSeconds } = await timed(() => seedDefects(storage));
    const { app } = createServer({
      storage,
      mailer,
      labels: new Map([["D40", { en: "Pothole", da: "Slaghul" }]]),
      config: {
        dataDir,
        publicBaseUrl: "http://localhost:8080",
        mailFrom: "roadwatch@localhost",
        depot: null,
        defaultTimeZone: "UTC",
        basemapStyleUrl: null,
        sessionIdleMinutes: 60,
        sessionMaxHours: 8,
        loginMaxFailures: 5,
        trustProxy: null,
        retentionDays: 14,
      },
    });
    const server = createHttpServer(app);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // every request is a signed-in foreman's: the session lookup is part of what is measured
      const foreman = await signInForeman(storage, baseUrl);
      const cityUrl = `/api/defects?bbox=${AREA.minLon},${AREA.minLat},${AREA.maxLon},${AREA.maxLat}&limit=5000`;
      const city = await medianMs(async () => (await foreman.fetch(cityUrl)).arrayBuffer());
      const cityBody = (await (await foreman.fetch(cityUrl)).json()) as { numberMatched: number; numberReturned: number };
      const lassoCount = (await defectsInSelection(storage.defectSearch, LASSO, {})).length;
      const lasso = await medianMs(() => defectsInSelection(storage.defectSearch, LASSO, {}));
      const preview = await medianMs(async () =>
        (
          await foreman.fetch("/api/selection/preview", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ selection: LASSO, filters: { status: ["open", "assigned", "repaired"] } }),
          })
        ).arrayBuffer(),
      );
      const load = await underLoad(baseUrl, foreman.cookie, [`/api/defects?bbox=${VIEWPORT_BBOX}&limit=1000`]);
      const variedLoad = await underLoad(baseUrl, foreman.cookie, variedViewports());
      return {
        "api.defects": `${DEFECT_COUNT} over lat ${AREA.minLat}–${AREA.maxLat}, lon ${AREA.minLon}–${AREA.maxLon}`,
        "api.seed_seconds": round(seedSeconds, 1),
        "api.city_bbox_ms": round(city, 1),
        "api.city_bbox_matched": cityBody.numberMatched,
        "api.city_bbox_returned": cityBody.numberReturned,
        "api.lasso_2km_ms": round(lasso, 1),
        "api.lasso_2km_defects": lassoCount,
        "api.lasso_2km_http_preview_ms": round(preview, 1),
        "api.load": `${CONCURRENT_REQUESTS} connections, ${LOAD_SECONDS} s, GET /api/defects of one viewport (limit 1000), gzip as browsers ask`,
        "api.load_requests_per_second": round(load.requestsPerSecond, 0),
        "api.load_p50_ms": load.p50Ms,
        "api.load_p95_ms": load.p95Ms,
        "api.load_errors": load.errors,
        "api.varied_load": `the same with ${VARIED_VIEWPORTS} different viewports in turn: answers mostly not yet cached`,
        "api.varied_load_requests_per_second": round(variedLoad.requestsPerSecond, 0),
        "api.varied_load_p50_ms": variedLoad.p50Ms,
        "api.varied_load_p95_ms": variedLoad.p95Ms,
        "api.varied_load_errors": variedLoad.errors,
      };
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    mailer.close();
    await storage.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function signInForeman(storage: Storage, baseUrl: string): Promise<SessionClient> {
  const password = "bench-foreman-password";
  await storage.users.create({ username: "formand", displayName: null, role: "foreman", teamId: null, passwordHash: await hashPassword(password) });
  return signInAs(baseUrl, "formand", password);
}

/** Defects straight into the table through the repository's merge plan, as merging would store them (without sightings). */
async function seedDefects(storage: Storage): Promise<void> {
  const next = seededRandom(2026);
  const seenAtMs = Date.parse("2026-03-02T08:00:00Z");
  for (let start = 0; start < DEFECT_COUNT; start += SEED_BATCH) {
    const newDefects = Array.from({ length: Math.min(SEED_BATCH, DEFECT_COUNT - start) }, (_, i) => ({
      summary: {
        lat: AREA.minLat + next() * (AREA.maxLat - AREA.minLat),
        lon: AREA.minLon + next() * (AREA.maxLon - AREA.minLon),
        classId: CLASSES[(start + i) % CLASSES.length]!,
        firstSeenMs: seenAtMs,
        lastSeenMs: seenAtMs + Math.floor(next() * 90) * 86_400_000,
        observationCount: 1 + Math.floor(next() * 8),
        maxWidthMeters: Math.round(next() * 100) / 100,
        bestDetectionId: 0,
        severity: { level: (1 + Math.floor(next() * 3)) as SeverityLevel, reasons: [] },
      },
      observations: [],
    }));
    await storage.defects.applyMergePlan({ newDefects, updates: [] });
  }
}

/** Viewport-sized boxes on a grid over the area, each asked for once per round. */
function variedViewports(): string[] {
  const next = seededRandom(7);
  return Array.from({ length: VARIED_VIEWPORTS }, () => {
    const west = AREA.minLon + next() * (AREA.maxLon - AREA.minLon - VIEWPORT_SIZE.lon);
    const south = AREA.minLat + next() * (AREA.maxLat - AREA.minLat - VIEWPORT_SIZE.lat);
    const box = [west, south, west + VIEWPORT_SIZE.lon, south + VIEWPORT_SIZE.lat].map((value) => value.toFixed(4));
    return `/api/defects?bbox=${box.join(",")}&limit=1000`;
  });
}

async function underLoad(
  baseUrl: string,
  cookie: string,
  paths: readonly string[],
): Promise<{ requestsPerSecond: number; p50Ms: number; p95Ms: number; errors: number }> {
  const latenciesMs: number[] = [];
  let nextPath = 0;
  const options: autocannon.Options = {
    url: baseUrl,
    connections: CONCURRENT_REQUESTS,
    duration: LOAD_SECONDS,
    headers: { "accept-encoding": "gzip", cookie },
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: paths[nextPath++ % paths.length] }) }],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, done) =>
      error === null || error === undefined ? resolve(done) : reject(error instanceof Error ? error : new Error(String(error))),
    );
    // autocannon's own percentiles skip p95
    instance.on("response", (_client, _statusCode, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs));
  });
  latenciesMs.sort((a, b) => a - b);
  const percentile = (p: number) => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor((p / 100) * latenciesMs.length))] ?? NaN;
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: round(percentile(50), 1),
    p95Ms: round(percentile(95), 1),
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** Median wall time of REPEATS runs, after one warm-up run. */
async function medianMs(action: () => Promise<unknown>): Promise<number> {
  await action();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push((await timed(action)).seconds * 1000);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function timed<T>(action: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await action();
  return { value, seconds: (performance.now() - started) / 1000 };
}


function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
