/**
 * The planner's page in a real browser: headless Chromium on the built page, the real server over a data directory
 * holding a small hand-made road network around one junction in Faxe, drives on known days, and defects on one road.
 * Every figure is checked for one fixed day, so the test means the same whenever it runs; nothing leaves the machine.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destinationPoint, type LatLon } from "../../pipeline/geo/geodesy.js";
import { openStorage, type Storage } from "../../pipeline/storage/database.js";
import { createMailer } from "../../web/dispatch/mailer.js";
import {
  buildMapClient,
  CHROMIUM_PATH,
  launchChromium,
  type MapServer,
  offlineContext,
  pixelOf,
  signInBrowser,
  startMapServer,
  type TestAccount,
} from "../support/map-harness.js";
import { importRoadRegister, type RegisterRoad } from "../support/road-register.js";
import { seedSightings } from "../support/seed-defects.js";

const ARTIFACTS_DIR = path.resolve(import.meta.dirname, "../../test-artifacts");

/** The day every figure is for. */
const AT = "2025-06-01";
/** The junction the roads meet at; the page opens on it at zoom 15 (about 1.4 m per pixel), all roads in view. */
const JUNCTION: LatLon = { lat: 55.256, lon: 12.119 };
const VIEW = { center: JUNCTION, zoom: 15 };
const MUNICIPAL = "Off. kommunevej";
const PRIVATE = "Privat fællesvej";
/** Skolevej's 0.3 km of the 1.0 km of municipal road. */
const OVERDUE_AT_30_DAYS = "0,3 km af 1,0 km vej med inspektionskrav er over fristen (30 %).";

function from(start: LatLon, bearingDegrees: number, meters: number): LatLon {
  return destinationPoint(start, bearingDegrees, meters);
}

interface SeedRoad {
  name: string;
  roadClass: string;
  start: LatLon;
  bearingDegrees: number;
  lengthMeters: number;
  /** the day it was last driven; null: never */
  drivenOn: string | null;
}

const TORVEGADE_WEST_END = from(JUNCTION, 270, 400);

/**
 * With 30 days for municipal roads and no interval for private ones, on AT: Torvegade was driven 12 days before
 * (ok), Skolevej 42 (overdue), Møllevej 27 (due in 3 days: due soon), Kirkevej and Markvej never.
 */
const ROADS: readonly SeedRoad[] = [
  { name: "Torvegade", roadClass: MUNICIPAL, start: JUNCTION, bearingDegrees: 270, lengthMeters: 400, drivenOn: "2025-05-20" },
  { name: "Skolevej", roadClass: MUNICIPAL, start: JUNCTION, bearingDegrees: 0, lengthMeters: 300, drivenOn: "2025-04-20" },
  { name: "Møllevej", roadClass: MUNICIPAL, start: JUNCTION, bearingDegrees: 90, lengthMeters: 200, drivenOn: "2025-05-05" },
  { name: "Kirkevej", roadClass: MUNICIPAL, start: JUNCTION, bearingDegrees: 180, lengthMeters: 100, drivenOn: null },
  { name: "Markvej", roadClass: PRIVATE, start: TORVEGADE_WEST_END, bearingDegrees: 0, lengthMeters: 300, drivenOn: null },
];

/** Three potholes along Skolevej, 50 m apart: 3 defects on 0.3 km. */
const SKOLEVEJ_POTHOLES = [100, 150, 200].map((meters) => from(JUNCTION, 0, meters));

/** Each road as a line with a point every 50 m, as a municipality's register exports it. */
function registerRoads(): RegisterRoad[] {
  return ROADS.map((road) => ({
    name: road.name,
    roadClass: road.roadClass,
    coordinates: Array.from({ length: road.lengthMeters / 50 + 1 }, (_, step) => {
      const { lon, lat } = from(road.start, road.bearingDegrees, step * 50);
      return [lon, lat] as const;
    }),
  }));
}

/** One drive per day: a 1.5 GB video, and every segment of the day's road filmed along its whole length. */
async function seedDrives(storage: Storage): Promise<void> {
  const segments = await storage.roadSegments.listSummaries();
  for (const { name, drivenOn } of ROADS) {
    if (drivenOn === null) continue;
    const contentHash = createHash("sha256").update(drivenOn).digest("hex");
    const { video } = await storage.videos.insertIfNew({
      contentHash,
      originalName: `drive-${drivenOn}.mp4`,
      storedPath: `media/videos/${contentHash.slice(0, 2)}/${contentHash}`,
      sizeBytes: 1_500_000_000,
      deviceId: null,
      crew: null,
    });
    const driven = segments.filter((segment) => segment.roadName === name);
    await storage.inspections.replaceForVideo(
      video.id,
      driven.map((segment) => ({ segmentId: segment.id, inspectedOn: drivenOn, coveredMeters: segment.lengthMeters })),
    );
  }
}

/** An element's text with Intl's no-break spaces (between number and unit in Danish) as plain ones. */
async function textOf(page: Page, selector: string): Promise<string> {
  return plainSpaces((await page.textContent(selector)) ?? "");
}

async function cellTexts(page: Page, rowSelector: string): Promise<string[]> {
  return (await page.locator(rowSelector).locator("th, td").allTextContents()).map(plainSpaces);
}

function plainSpaces(text: string): string {
  return text.replace(/\u00a0/g, " ");
}

describe.skipIf(!existsSync(CHROMIUM_PATH))(`the planner's page in Chromium (${CHROMIUM_PATH})`, { timeout: 120_000 }, () => {
  let workDir: string;
  let storage: Storage;
  let server: MapServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-planner-e2e-"));
    const dataDir = path.join(workDir, "data");
    const clientDir = path.join(workDir, "client");
    const [, opened, launched] = await Promise.all([buildMapClient(clientDir), openStorage(dataDir), launchChromium()]);
    storage = opened;
    browser = launched;
    // defects first: importing the roads puts them on their segments
    await seedSightings(
      storage,
      SKOLEVEJ_POTHOLES.map((point, index) => ({ ...point, classId: "D40", score: 0.9, widthMeters: 0.4, seenAtMs: Date.parse("2025-04-20T08:00:00Z") + index * 5000 })),
      "drive-potholes",
    );
    await importRoadRegister(storage, path.join(workDir, "roads.geojson"), registerRoads());
    await seedDrives(storage);
    server = await startMapServer({
      storage,
      dataDir,
      clientDir,
      mailer: createMailer({ smtpUrl: null, outboxDir: path.join(workDir, "outbox") }),
      coveragePolicy: { [MUNICIPAL]: 30 },
    });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await storage?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /** The planner's page for AT as `account` sees it, once its summary and map are drawn. */
  async function openPlanner(account: TestAccount): Promise<{ page: Page; pageErrors: Error[] }> {
    const context = await offlineContext(browser, server.url);
    contexts.push(context);
    await signInBrowser(context, server, account);
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    await page.goto(`${server.url}/planner?at=${AT}#${VIEW.zoom}/${VIEW.center.lat}/${VIEW.center.lon}`);
    await page.waitForSelector('#coverage-summary[aria-busy="false"]');
    await page.waitForSelector('#map[aria-busy="false"]');
    return { page, pageErrors };
  }

  it("sums up the overdue roads and each road class for the chosen day", async () => {
    const { page, pageErrors } = await openPlanner(server.planner);
    expect(await page.inputValue("#at")).toBe(AT);
    expect(await textOf(page, "#overdue-summary")).toBe(OVERDUE_AT_30_DAYS);
    expect(await cellTexts(page, "#class-table thead tr")).toEqual([
      "Vejklasse",
      "Interval",
      "Længde",
      "Inden for interval",
      "Over fristen",
      "Skal snart inspiceres",
      "Aldrig inspiceret",
    ]);
    expect(await cellTexts(page, "#class-table tbody tr:nth-child(1)")).toEqual([
      MUNICIPAL,
      "30 dage",
      "1,0 km",
      "60 %",
      "0,3 km",
      "0,2 km",
      "0,1 km",
    ]);
    expect(await cellTexts(page, "#class-table tbody tr:nth-child(2)")).toEqual([PRIVATE, "intet krav", "0,3 km", "–", "–", "–", "0,3 km"]);
    expect(await cellTexts(page, "#class-table tfoot tr")).toEqual(["I alt", "", "1,3 km", "60 %", "0,3 km", "0,2 km", "0,4 km"]);

    expect(await page.locator("#weekly-chart .chart-bar").count()).toBe(12);
    expect(plainSpaces((await page.getAttribute("#weekly-chart svg", "aria-label")) ?? "")).toBe(
      "Inspicerede km pr. uge i de seneste 12 uger: i alt 0,9 km, højst 0,4 km i uge 21.",
    );
    expect(await cellTexts(page, "#road-table tbody tr:nth-child(1)")).toEqual(["Skolevej", MUNICIPAL, "0,3 km", "3", "10"]);

    await page.click("#language-toggle");
    expect(await textOf(page, "#overdue-summary")).toBe("0.3 km of 1.0 km of road with an inspection interval is overdue (30%).");
    await page.click("#language-toggle");

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "planner.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("draws the roads by status and names one when clicked", async () => {
    const { page, pageErrors } = await openPlanner(server.planner);
    const mapBox = await page.locator("#map").boundingBox();
    if (mapBox === null) throw new Error("the map has no box on the page");
    const { x, y } = pixelOf(mapBox, VIEW, from(JUNCTION, 0, 250));
    await page.mouse.click(x, y);
    const popup = page.locator(".maplibregl-popup .segment-facts");
    await popup.waitFor();
    expect(await popup.locator("strong").textContent()).toBe("Skolevej");
    expect(await popup.locator("dd").allTextContents()).toEqual([MUNICIPAL, "Over fristen", "20. apr. 2025", "30 dage"]);
    expect(pageErrors).toEqual([]);
  });

  it("downloads the overdue roads for the chosen day", async () => {
    const { page } = await openPlanner(server.planner);
    const overdueHref = await page.getAttribute("#download-overdue", "href");
    expect(overdueHref).toBe(`/api/coverage/overdue.geojson?at=${AT}`);
    const overdue = (await (await page.request.get(`${server.url}${overdueHref}`)).json()) as { features: { properties: { roadName: string; status: string } }[] };
    const needingDrive = new Set(overdue.features.map(({ properties }) => `${properties.roadName} ${properties.status}`));
    expect([...needingDrive].sort()).toEqual(["Kirkevej never", "Skolevej overdue"]);
    const csv = await page.request.get(`${server.url}${await page.getAttribute("#download-csv", "href")}`);
    expect(csv.headers()["content-disposition"]).toContain(`coverage-${AT}.csv`);
    expect((await csv.text()).split("\r\n")[0]).toBe("road_class,required_interval_days,length_km,within_policy_km,within_policy_percent,due_soon_km,overdue_km,never_km");
  });

  it("lets the planner lengthen an interval from the keyboard, and go back to the configured one", async () => {
    const { page, pageErrors } = await openPlanner(server.planner);
    const municipalRow = page.locator(".policy-row", { has: page.locator(".policy-class", { hasText: MUNICIPAL }) });
    const days = municipalRow.locator("input");
    expect(await days.inputValue()).toBe("30");
    expect(await municipalRow.locator(".policy-source").textContent()).toBe("Fra konfigurationen");

    await days.fill("60");
    await days.press("Enter");
    await expect.poll(() => municipalRow.locator(".policy-message").textContent()).toBe("Gemt.");
    expect(await municipalRow.locator(".policy-source").textContent()).toBe("Sat af planlægger");
    // Skolevej, driven 42 days before, is within 60 days
    await expect.poll(() => textOf(page, "#overdue-summary")).toBe("0,0 km af 1,0 km vej med inspektionskrav er over fristen (0 %).");

    await municipalRow.getByRole("button", { name: `Nulstil ${MUNICIPAL} til konfigurationens interval` }).click();
    await expect.poll(() => municipalRow.locator(".policy-source").textContent()).toBe("Fra konfigurationen");
    expect(await days.inputValue()).toBe("30");
    await expect.poll(() => textOf(page, "#overdue-summary")).toBe(OVERDUE_AT_30_DAYS);
    expect(pageErrors).toEqual([]);
  });

  it("lists the stored footage and until when it is kept", async () => {
    const { page } = await openPlanner(server.planner);
    await page.waitForSelector("#retention table");
    // three drives and the one that found the potholes
    expect(await page.locator("#retention tbody tr").count()).toBe(4);
    expect(await textOf(page, "#retention .retention-totals")).toBe("Optagelser: 4 (4,5 GB). Gemte billeder: 0 (0 B).");
  });

  it("shows a foreman the intervals without letting him change them, and no footage", async () => {
    const { page, pageErrors } = await openPlanner(server.foreman);
    expect(await textOf(page, "#overdue-summary")).toBe(OVERDUE_AT_30_DAYS);
    await page.waitForSelector(".policy-row");
    expect(await page.locator(".policy-row input[readonly]").count()).toBe(await page.locator(".policy-row").count());
    expect(await page.locator(".policy-row button").count()).toBe(0);
    expect(await page.isHidden("#retention-section")).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
