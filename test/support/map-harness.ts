/**
 * What the map's browser test and benchmark share: the page built fresh from web/client, the real server over a
 * data directory, and Debian's headless Chromium driven by playwright-core (which downloads no browser).
 */
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { build } from "vite";
import { loadConfig } from "../../pipeline/config.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { Mailer } from "../../web/dispatch/mailer.js";
import type { ClassLabels } from "../../web/dispatch/texts.js";
import { createServer } from "../../web/server/create-server.js";

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

export interface MapServer {
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
}

/** The roadwatch server on a free port of 127.0.0.1, serving the built page from `clientDir`. */
export async function startMapServer(options: {
  storage: Storage;
  dataDir: string;
  clientDir: string;
  mailer: Mailer;
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
    },
    mailer: options.mailer,
    labels: CLASS_LABELS,
    clientDir: options.clientDir,
    log: () => {},
  });
  const server = createHttpServer(app);
  await listen(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}
