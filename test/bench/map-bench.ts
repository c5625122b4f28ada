/**
 * The map's first render with 100,000 defects over Faxe Kommune: headless Chromium from navigation until the map
 * is idle with the defects drawn (the page clears aria-busy on #map then), opened on the whole municipality and on
 * one neighbourhood. Beside it, what the page avoids: fetching every defect, page by page, as GeoJSON.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Browser } from "playwright-core";
import { openStorage } from "../../pipeline/storage/database.js";
import { createMailer } from "../../web/dispatch/mailer.js";
import { buildMapClient, launchChromium, type MapServer, offlineContext, signInForeman, startMapServer } from "../support/map-harness.js";
import { seedSightings, type SeedSighting } from "../support/seed-defects.js";
import { type SessionClient, signInAs } from "../support/sign-in.js";

const DEFECT_COUNT = 100_000;
const ROUNDS = 3;
/** Faxe Kommune's extent, roughly */
const AREA = { west: 11.95, south: 55.15, east: 12.4, north: 55.4 };
const CLASSES = ["D00", "D10", "D20", "D40"];
/** the largest page GET /api/defects gives */
const MAX_DEFECTS_PER_PAGE = 5000;

const VIEWS = {
  municipality: "10/55.275/12.175",
  neighbourhood: "15/55.257/12.12",
};

export async function benchMap(): Promise<Record<string, number | string>> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-map-bench-"));
  const storage = await openStorage(path.join(workDir, "data"));
  let browser: Browser | undefined;
  try {
    const clientDir = path.join(workDir, "client");
    await buildMapClient(clientDir);
    const seedStart = performance.now();
    const defects = await seedSightings(storage, gridOfSightings(DEFECT_COUNT), "bench-drive");
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const server = await startMapServer({
      storage,
      dataDir: path.join(workDir, "data"),
      clientDir,
      mailer: createMailer({ smtpUrl: null, outboxDir: path.join(workDir, "outbox") }),
    });
    try {
      browser = await launchChromium();
      const foreman = await signInAs(server.url, server.foreman.username, server.foreman.password);
      const result: Record<string, number | string> = {
        "map.defects": defects,
        "map.seed_seconds": round(seedSeconds, 1),
        "map.first_page_fetch_ms": round(await fetchMs(foreman, `/api/defects?limit=${MAX_DEFECTS_PER_PAGE}`), 0),
        "map.all_pages_fetch_seconds": round((await fetchAllPagesMs(foreman)) / 1000, 2),
      };
      for (const [name, view] of Object.entries(VIEWS)) {
        const timesMs: number[] = [];
        for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex++) {
          timesMs.push(await firstRenderMs(browser, server, `/#${view}`));
        }
        result[`map.first_render_ms_${name}_median`] = round(median(timesMs), 0);
        result[`map.first_render_ms_${name}_rounds`] = timesMs.map((ms) => Math.round(ms)).join(", ");
      }
      return result;
    } finally {
      await server.close();
    }
  } finally {
    await browser?.close();
    await storage.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A jittered grid over the municipality, cells ~70 m × ~110 m: no two sightings within the 8 m merge radius. */
function gridOfSightings(count: number): SeedSighting[] {
  const columns = Math.ceil(Math.sqrt(count * 1.6));
  const rows = Math.ceil(count / columns);
  const cellLon = (AREA.east - AREA.west) / columns;
  const cellLat = (AREA.north - AREA.south) / rows;
  let seed = 20_250_505;
  const random = () => {
    // a fixed LCG: every run seeds the same defects
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, (_, index) => ({
    lon: AREA.west + ((index % columns) + 0.2 + 0.6 * random()) * cellLon,
    lat: AREA.south + (Math.floor(index / columns) + 0.2 + 0.6 * random()) * cellLat,
    classId: CLASSES[Math.floor(random() * CLASSES.length)]!,
    score: 0.4 + 0.55 * random(),
    widthMeters: 0.1 + 1.9 * random(),
    seenAtMs: Date.parse("2025-04-01T07:00:00Z") + index * 1000,
  }));
}

/** Navigation start to the page's own "drawn" signal, read in the page so the browser's start-up is not counted. */
async function firstRenderMs(browser: Browser, server: MapServer, address: string): Promise<number> {
  // no basemap tiles: the bench measures the defects, not a tile server
  const context = await offlineContext(browser, server.url);
  try {
    await signInForeman(context, server);
    // browser code as text: this module is typed for Node, without the DOM
    await context.addInitScript(`
      new MutationObserver((changes, observer) => {
        if (document.querySelector('#map[aria-busy="false"]') === null) return;
        window.mapReadyMs = performance.now();
        observer.disconnect();
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["aria-busy"] });
    `);
    const page = await context.newPage();
    await page.goto(`${server.url}${address}`);
    await page.waitForSelector('#map[aria-busy="false"]', { timeout: 60_000 });
    return Number(await page.evaluate("window.mapReadyMs"));
  } finally {
    await context.close();
  }
}

async function fetchMs(client: SessionClient, address: string): Promise<number> {
  const start = performance.now();
  const response = await client.fetch(address);
  if (!response.ok) throw new Error(`${address}: HTTP ${response.status}`);
  await response.json();
  return performance.now() - start;
}

async function fetchAllPagesMs(client: SessionClient): Promise<number> {
  const start = performance.now();
  let offset: number | null = 0;
  while (offset !== null) {
    const response = await client.fetch(`/api/defects?limit=${MAX_DEFECTS_PER_PAGE}&offset=${offset}`);
    if (!response.ok) throw new Error(`page at ${offset}: HTTP ${response.status}`);
    offset = ((await response.json()) as { nextOffset: number | null }).nextOffset;
  }
  return performance.now() - start;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
