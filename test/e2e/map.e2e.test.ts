/**
 * The foreman's map in a real browser: headless Chromium on the built page, the real server over a seeded data
 * directory, and a real SMTP server as the crew's mailbox. Nothing leaves the machine: every request that is not
 * to the test's own server is refused, which is also how the page must cope without network (no basemap tiles).
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import PostalMime, { type Email } from "postal-mime";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { destinationPoint, type LatLon } from "../../pipeline/geo/geodesy.js";
import { openStorage, type Storage } from "../../pipeline/storage/database.js";
import { createSmtpMailer } from "../../web/dispatch/mailer.js";
import {
  buildMapClient,
  CHROMIUM_PATH,
  launchChromium,
  type MapServer,
  offlineContext,
  type PageBox,
  pixelOf,
  signInForeman,
  startMapServer,
} from "../support/map-harness.js";
import { seedSightings, type SeedSighting } from "../support/seed-defects.js";

const ARTIFACTS_DIR = path.resolve(import.meta.dirname, "../../test-artifacts");

/** A street in Faxe; the view opens on it at zoom 17 (about 0.34 m per pixel). */
const SCENE: LatLon = { lat: 55.256, lon: 12.119 };
const ZOOM = 17;
/** The lasso is a square this far from the centre on each side; the defects outside lie at least 60 m away. */
const LASSO_HALF_SIDE_METERS = 35;

/** Metres east and north of SCENE; 14 m or more apart, so the 8 m merge radius keeps every one a defect of its own. */
const INSIDE: readonly [number, number, string][] = [
  [-20, -10, "D40"],
  [-10, 12, "D20"],
  [0, 0, "D40"],
  [12, -8, "D00"],
  [20, 14, "D10"],
];
const OUTSIDE: readonly [number, number, string][] = [
  [70, 0, "D40"],
  [72, 22, "D20"],
  [0, 62, "D00"],
  [-75, -5, "D40"],
];

function at(eastMeters: number, northMeters: number): LatLon {
  return destinationPoint(destinationPoint(SCENE, 90, eastMeters), 0, northMeters);
}

function sighting([east, north, classId]: readonly [number, number, string], index: number): SeedSighting {
  const seenAtMs = Date.parse("2025-05-05T07:00:00Z") + index * 2000;
  return { ...at(east, north), classId, score: 0.85, widthMeters: 0.2 + index * 0.15, seenAtMs };
}

/** Where the map draws a point in the view the test opened. */
function screenPoint(mapBox: PageBox, point: LatLon): { x: number; y: number } {
  return pixelOf(mapBox, { center: SCENE, zoom: ZOOM }, point);
}

interface Mailbox {
  port: number;
  received: Email[];
  close(): Promise<void>;
}

async function startMailbox(): Promise<Mailbox> {
  const received: Email[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        PostalMime.parse(Buffer.concat(chunks)).then(
          (email) => {
            received.push(email);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as { port: number };
  return { port, received, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!existsSync(CHROMIUM_PATH))(`the foreman's map in Chromium (${CHROMIUM_PATH})`, { timeout: 120_000 }, () => {
  let workDir: string;
  let storage: Storage;
  let mailbox: Mailbox;
  let server: MapServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-map-e2e-"));
    const dataDir = path.join(workDir, "data");
    const clientDir = path.join(workDir, "client");
    const [, opened, started, launched] = await Promise.all([
      buildMapClient(clientDir),
      openStorage(dataDir),
      startMailbox(),
      launchChromium(),
    ]);
    storage = opened;
    mailbox = started;
    browser = launched;
    await seedSightings(storage, [...INSIDE, ...OUTSIDE].map(sighting), "drive-1");
    await storage.teams.create({ name: "Vejhold Nord", emails: ["nord@faxe.test"], language: "da" });
    server = await startMapServer({ storage, dataDir, clientDir, mailer: createSmtpMailer(`smtp://127.0.0.1:${mailbox.port}`) });
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
    await server?.close();
    await mailbox?.close();
    await storage?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  /** The map as a signed-in foreman sees it. */
  async function openMap(): Promise<{ page: Page; pageErrors: Error[] }> {
    const context = await offlineContext(browser, server.url);
    contexts.push(context);
    await signInForeman(context, server);
    const page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    await page.goto(`${server.url}/#${ZOOM}/${SCENE.lat}/${SCENE.lon}`);
    await page.waitForSelector('#map[aria-busy="false"]');
    return { page, pageErrors };
  }

  it("asks who is there first, then shows the map under the page's security headers", async () => {
    const context = await offlineContext(browser, server.url);
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) problems.push(message.text());
    });
    const response = await page.goto(`${server.url}/#${ZOOM}/${SCENE.lat}/${SCENE.lon}`);
    expect(response?.headers()["content-security-policy"]).toContain("worker-src 'self' blob:");
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(await page.isVisible("#map")).toBe(false);

    await page.fill('#sign-in [name="username"]', server.foreman.username);
    await page.fill('#sign-in [name="password"]', "not the password");
    await page.click('#sign-in [type="submit"]');
    await expect.poll(() => page.textContent("#sign-in-error"), { timeout: 10_000 }).toBe("Forkert brugernavn eller adgangskode.");
    await page.fill('#sign-in [name="password"]', server.foreman.password);
    await page.click('#sign-in [type="submit"]');
    await page.waitForSelector('#map[aria-busy="false"]');
    expect(await page.isVisible("#sign-in")).toBe(false);
    expect(await page.textContent("#list-summary")).toBe("9 af 9 vist, alvorligste først");
    expect(await page.textContent("#sign-out")).toBe("Log ud");

    await page.click("#sign-out");
    await page.waitForSelector("#sign-in:not([hidden])");
    expect(problems).toEqual([]);
  });

  it("speaks Danish by default and English once asked, remembering the choice", async () => {
    const { page, pageErrors } = await openMap();
    expect(await page.getAttribute("html", "lang")).toBe("da");
    expect(await page.textContent("h1")).toBe("Vejskader");
    expect(await page.textContent('[data-tool="freehand"]')).toBe("Frihånd");
    expect(await page.textContent("#list-summary")).toBe("9 af 9 vist, alvorligste først");

    await page.click("#language-toggle");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe("Road defects");
    expect(await page.textContent('[data-tool="freehand"]')).toBe("Freehand");
    expect(await page.textContent("#list-summary")).toBe("Showing 9 of 9, most severe first");

    await page.reload();
    await page.waitForSelector('#map[aria-busy="false"]');
    expect(await page.textContent("h1")).toBe("Road defects");
    expect(pageErrors).toEqual([]);
  });

  it("shows the defects without basemap tiles, and opens one from the list by keyboard", async () => {
    const { page, pageErrors } = await openMap();
    expect(await page.textContent("#status")).toBe("Baggrundskortet kunne ikke hentes: skaderne vises uden kort.");

    const firstEntry = page.locator(".defect-entry").first();
    await firstEntry.focus();
    await page.keyboard.press("Enter");
    await page.waitForSelector("#details:not([hidden]) .sightings-table");
    expect(await page.textContent("#details-heading")).toBe("Slaghul");
    expect(await page.locator("#details .sightings-table tbody tr").count()).toBe(1);

    await page.keyboard.press("Escape");
    expect(await page.locator("#details").isHidden()).toBe(true);
    expect(await page.locator(".defect-entry:focus").count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  /** Draws the square lasso around the defects INSIDE with the polygon tool, clicking its corners on the map. */
  async function drawLasso(page: Page): Promise<void> {
    const mapBox = await mapBoxOf(page);
    const corners = [
      at(-LASSO_HALF_SIDE_METERS, -LASSO_HALF_SIDE_METERS),
      at(LASSO_HALF_SIDE_METERS, -LASSO_HALF_SIDE_METERS),
      at(LASSO_HALF_SIDE_METERS, LASSO_HALF_SIDE_METERS),
      at(-LASSO_HALF_SIDE_METERS, LASSO_HALF_SIDE_METERS),
    ].map((corner) => screenPoint(mapBox, corner));
    await page.click('[data-tool="polygon"]');
    // the last click lands on the first corner again, which closes the polygon
    for (const { x, y } of [...corners, corners[0]!]) await clickOnMap(page, { x, y });
  }

  async function mapBoxOf(page: Page) {
    const mapBox = await page.locator("#map").boundingBox();
    if (mapBox === null) throw new Error("the map has no box on the page");
    return mapBox;
  }

  async function clickOnMap(page: Page, { x, y }: { x: number; y: number }): Promise<void> {
    await page.mouse.move(x, y, { steps: 5 });
    await page.mouse.click(x, y);
    // two quick clicks would read as a double click
    await page.waitForTimeout(150);
  }

  async function selectionCountIs(page: Page, text: string): Promise<void> {
    await expect.poll(() => page.textContent("#selection-count"), { timeout: 10_000 }).toBe(text);
  }

  it("adds a circle to the selection with Shift held, and undoes one shape at a time", async () => {
    const { page, pageErrors } = await openMap();
    await drawLasso(page);
    await selectionCountIs(page, "5 skader markeret");

    // a 10 m circle around the first defect east of the lasso
    const mapBox = await mapBoxOf(page);
    const [east, north] = OUTSIDE[0]!;
    await page.click('[data-tool="circle"]');
    await page.keyboard.down("Shift");
    await clickOnMap(page, screenPoint(mapBox, at(east, north)));
    await clickOnMap(page, screenPoint(mapBox, at(east + 10, north)));
    await page.keyboard.up("Shift");
    await selectionCountIs(page, "6 skader markeret");

    await page.click("#tool-undo");
    await selectionCountIs(page, "5 skader markeret");
    await page.click("#tool-undo");
    await selectionCountIs(page, "Ingen skader markeret.");
    expect(await page.isDisabled("#assign-open")).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("sends exactly the defects inside a drawn polygon to the team", async () => {
    const { page, pageErrors } = await openMap();
    await drawLasso(page);
    await selectionCountIs(page, "5 skader markeret");

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "map-e2e-selection.png") });

    await page.click("#assign-open");
    await page.selectOption("#assign-team", { label: "Vejhold Nord" });
    await page.fill("#assign-note", "Huller ved skolen");
    await page.fill("#assign-due-date", "2026-06-01");
    await page.click("#assign-submit");
    await expect
      .poll(() => page.textContent("#status"), { timeout: 10_000 })
      .toMatch(/^Arbejdsordre AO-\d{4}-\d{4} oprettet med 5 skader\. Afsendelse: sendt\.$/);
    expect(await page.textContent("#selection-count")).toBe("Ingen skader markeret.");

    const email = await waitFor(() => mailbox.received[0], 10_000, "the work order's mail");
    const lassoBounds = {
      minLat: at(0, -LASSO_HALF_SIDE_METERS).lat,
      maxLat: at(0, LASSO_HALF_SIDE_METERS).lat,
      minLon: at(-LASSO_HALF_SIDE_METERS, 0).lon,
      maxLon: at(LASSO_HALF_SIDE_METERS, 0).lon,
    };
    const inside = await storage.defects.findInBounds(lassoBounds, ["assigned"]);
    expect(inside).toHaveLength(INSIDE.length);
    const mailedIds = [...(email.text ?? "").matchAll(/\?defect=(\d+)/g)].map((match) => Number(match[1]));
    expect(mailedIds.sort((a, b) => a - b)).toEqual(inside.map((defect) => defect.id).sort((a, b) => a - b));
    expect(email.to?.map((address) => address.address)).toEqual(["nord@faxe.test"]);
    expect(email.text).toContain("Huller ved skolen");
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "map-e2e-assigned.png") });
    expect(pageErrors).toEqual([]);
  });
});
