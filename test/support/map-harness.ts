/**
 * What the map's browser test and benchmark share: the page built fresh from web/client, the real server over a
 * data directory, and Debian's headless Chromium driven by playwright-core (which downloads no browser).
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from "playwright-core";
import { build } from "vite";
import { hashPassword } from "../../pipeline/accounts/password-hash.js";
import type { Role } from "../../pipeline/accounts/roles.js";
import { loadConfig } from "../../pipeline/config.js";
import type { IntervalDefaults } from "../../pipeline/coverage/policy.js";
import type { LatLon } from "../../pipeline/geo/geodesy.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { Mailer } from "../../web/dispatch/mailer.js";
import type { ClassLabels } from "../../web/dispatch/texts.js";
import { createServer } from "../../web/server/create-server.js";
import { signInAs } from "./sign-in.js";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/** The RDD2022 classes as the damage model's manifest names them. */
export const CLASS_LABELS: ClassLabels = new Map([
  ["D00", { en: "Longitudinal crack", da: "Længderevne" }],
  ["D10", { en: "Transverse crack", da: "Tværrevne" }],
  ["D20", { en: "Alligator cracking", da: "Krakelering" }],
  ["D40", { en: "Pothole", da: "Slaghul" }],
]);

/** Bundles the page as `npm run build:web` does, into `outDir`, so a test always sees the current sources. */
export async function buildMapClient(outDir: string): Promise<void> {
  // from the project root, not from this file: the benchmark runs compiled, from dist/
  const clientRoot = path.join(loadConfig().projectRoot, "web", "client");
  await build({
    configFile: path.join(clientRoot, "vite.config.ts"),
    build: { outDir, emptyOutDir: true },
    logLevel: "warn",
  });
}

/** No GPU, no sandbox (containers), and nothing that phones home: the page must work without network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A fresh browser profile (no remembered language) on a 1280×800 screen, unless `device` says otherwise (a phone's),
 * that can reach `serverUrl` and nothing else: every other request fails as it does without network, which is also
 * how the pages must cope (no basemap tiles).
 */
export async function offlineContext(browser: Browser, serverUrl: string, device: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "da-DK", ...device });
  const origin = new URL(serverUrl).origin;
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.abort("internetdisconnected"),
  );
  return context;
}

/** An element's box on the page, as playwright's boundingBox() gives it. */
export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a map showing `view` (its centre and zoom, as in the page's #zoom/lat/lon address) draws `point` on the
 * page: Web Mercator with MapLibre's 512-pixel world at zoom 0.
 */
export function pixelOf(mapBox: PageBox, view: { center: LatLon; zoom: number }, point: LatLon): { x: number; y: number } {
  const worldPixels = 512 * 2 ** view.zoom;
  const mercatorX = (lon: number) => ((lon + 180) / 360) * worldPixels;
  const mercatorY = (lat: number) => {
    const phi = (lat * Math.PI) / 180;
    return ((1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2) * worldPixels;
  };
  return {
    x: mapBox.x + mapBox.width / 2 + mercatorX(point.lon) - mercatorX(view.center.lon),
    y: mapBox.y + mapBox.height / 2 + mercatorY(point.lat) - mercatorY(view.center.lat),
  };
}

export interface MapServer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** a foreman's and a planner's account on it */
  foreman: TestAccount;
  planner: TestAccount;
  close(): Promise<void>;
}

export interface TestAccount {
  username: string;
  password: string;
}

/**
 * The roadwatch server on a free port of 127.0.0.1, serving the built pages from `clientDir`, with a foreman's and
 * a planner's account; `coveragePolicy` stands for ROADWATCH_COVERAGE_POLICY.
 */
export async function startMapServer(options: {
  storage: Storage;
  dataDir: string;
  clientDir: string;
  mailer: Mailer;
  coveragePolicy?: IntervalDefaults;
}): Promise<MapServer> {
  const { app } = createServer({
    storage: options.storage,
    config: {
      dataDir: options.dataDir,
      publicBaseUrl: "http://roadwatch.test",
      mailFrom: "Roadwatch <roadwatch@roadwatch.test>",
      depot: null,
      defaultTimeZone: "Europe/Copenhagen",
      basemapStyleUrl: null,
      sessionIdleMinutes: 60,
      sessionMaxHours: 8,
      loginMaxFailures: 5,
      trustProxy: null,
      retentionDays: 14,
    },
    mailer: options.mailer,
    labels: CLASS_LABELS,
    clientDir: options.clientDir,
    coveragePolicy: options.coveragePolicy,
    log: () => {},
  });
  const server = createHttpServer(app);
  await listen(server);
  const { port } = server.address() as AddressInfo;
  const foreman = { username: "formand", password: "vejene-skal-holdes" };
  const planner = { username: "planlaegger", password: "hver-vej-hver-maaned" };
  await addAccount(options.storage, foreman, "foreman", "Jens Formand");
  await addAccount(options.storage, planner, "planner", "Pia Planlægger");
  return {
    url: `http://127.0.0.1:${port}`,
    foreman,
    planner,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Unless the data directory has the username already: a server started again on it keeps its people. */
async function addAccount(storage: Storage, account: TestAccount, role: Role, displayName: string): Promise<void> {
  if ((await storage.users.findByUsername(account.username)) !== null) return;
  const passwordHash = await hashPassword(account.password);
  await storage.users.create({ username: account.username, displayName, role, teamId: null, passwordHash });
}

/** Signs the browser context in as `account`, as if through the page's sign-in form. */
export async function signInBrowser(context: BrowserContext, server: MapServer, account: TestAccount): Promise<void> {
  const { cookie } = await signInAs(server.url, account.username, account.password);
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: server.url, httpOnly: true, sameSite: "Lax" }]);
}

/** Signs the browser context in as the server's foreman. */
export function signInForeman(context: BrowserContext, server: MapServer): Promise<void> {
  return signInBrowser(context, server, server.foreman);
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}
