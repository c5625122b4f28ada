/**
 * The web server on a real SQLite database in a fresh temporary data directory, listening on a random port of
 * 127.0.0.1, with defects put in through the storage repositories. Each test builds its own. `server.signIn(role)`
 * gives a client signed in through the real POST /api/session, sending its cookie and CSRF token.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { hashPassword } from "../../pipeline/accounts/password-hash.js";
import type { Role } from "../../pipeline/accounts/roles.js";
import { writeAnnotatedJpeg } from "../../pipeline/adapters/image.js";
import type { IntervalDefaults } from "../../pipeline/coverage/policy.js";
import type { LatLon } from "../../pipeline/geo/geodesy.js";
import type { Anonymiser } from "../../pipeline/privacy/anonymiser.js";
import type { RoadNetwork } from "../../pipeline/roads/road-network.js";
import { openStorage, type Storage } from "../../pipeline/storage/database.js";
import { MediaStore } from "../../pipeline/storage/media-store.js";
import { createMailer, type Mailer } from "../../web/dispatch/mailer.js";
import type { ClassLabels } from "../../web/dispatch/texts.js";
import type { WorkOrderSender } from "../../web/dispatch/work-order-sender.js";
import { createServer } from "../../web/server/create-server.js";
import { seedSightings } from "./seed-defects.js";
import { type SessionClient, signInAs } from "./sign-in.js";

export const TEST_LABELS: ClassLabels = new Map([
  ["D00", { en: "Longitudinal crack", da: "Længderevne" }],
  ["D20", { en: "Alligator crack", da: "Krakelering" }],
  ["D40", { en: "Pothole", da: "Slaghul" }],
]);

export const TEST_BASE_URL = "https://vejdrift.faxe.example";

export interface TestServer {
  baseUrl: string;
  dataDir: string;
  storage: Storage;
  sender: WorkOrderSender;
  /** lines the server logged */
  log: string[];
  /** adds an account with TEST_PASSWORD and signs it in; a crew without `teamId` gets a team of its own */
  signIn(role: Role, account?: TestAccount): Promise<TestClient>;
  close(): Promise<void>;
}

export interface TestClient extends SessionClient {
  /** the account's team, or null */
  teamId: number | null;
}

export interface TestAccount {
  /** unique on the server; "<role>-<n>" unless given */
  username?: string;
  displayName?: string;
  teamId?: number;
}

export const TEST_PASSWORD = "correct horse battery staple";
/** hashed once per test process: scrypt is slow on purpose */
let testPasswordHash: Promise<string> | undefined;

export interface TestServerOptions {
  /** an SMTP URL; null: the outbox folder in the data directory */
  smtpUrl?: string | null;
  depot?: LatLon | null;
  retryDelaysMs?: readonly number[];
  /** start on this data directory (e.g. to restart a server) instead of a new one */
  dataDir?: string;
  /** a built map page to serve */
  clientDir?: string;
  /** ROADWATCH_BASEMAP_STYLE; null unless given */
  basemapStyleUrl?: string | null;
  /** the road network behind /api/roads; none unless given */
  roads?: RoadNetwork | null;
  /** ROADWATCH_COVERAGE_POLICY; none unless given */
  coveragePolicy?: IntervalDefaults;
  /** ROADWATCH_LOGIN_MAX_FAILURES; 5 unless given */
  loginMaxFailures?: number;
  /** ROADWATCH_RETENTION_DAYS; 14 unless given */
  retentionDays?: number;
  /** obscures faces and plates in outcome photos; none unless given (loading the models takes a while) */
  anonymiser?: Anonymiser | null;
}

export interface TestScope {
  /** a server of its own for the running test, closed after it */
  server(options?: TestServerOptions): Promise<TestServer>;
  /** runs `cleanup` after the running test; cleanups run last first */
  defer(cleanup: () => Promise<void>): void;
}

/** Call once at a test file's top level: what each test starts or defers is undone after it. */
export function testScope(): TestScope {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const defer = (cleanup: () => Promise<void>) => void cleanups.push(cleanup);
  return {
    defer,
    server: async (options = {}) => {
      const running = await startTestServer(options);
      defer(() => running.close());
      return running;
    },
  };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), "roadwatch-web-")));
  const storage = await openStorage(dataDir);
  const mailer: Mailer = createMailer({ smtpUrl: options.smtpUrl ?? null, outboxDir: path.join(dataDir, "outbox") });
  const log: string[] = [];
  const { app, sender } = createServer({
    storage,
    mailer,
    labels: TEST_LABELS,
    config: {
      dataDir,
      publicBaseUrl: TEST_BASE_URL,
      mailFrom: "Faxe Kommune Vej og Park <vejdrift@faxe.example>",
      depot: options.depot ?? null,
      defaultTimeZone: "Europe/Copenhagen",
      basemapStyleUrl: options.basemapStyleUrl ?? null,
      sessionIdleMinutes: 60,
      sessionMaxHours: 8,
      loginMaxFailures: options.loginMaxFailures ?? 5,
      trustProxy: null,
      retentionDays: options.retentionDays ?? 14,
    },
    anonymiser: options.anonymiser,
    retryDelaysMs: options.retryDelaysMs,
    clientDir: options.clientDir,
    roads: options.roads,
    coveragePolicy: options.coveragePolicy,
    log: (line) => log.push(line),
  });
  const server = createHttpServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    dataDir,
    storage,
    sender,
    log,
    signIn: async (role, account = {}) => {
      const username = account.username ?? `${role}-${(await storage.users.count()) + 1}`;
      const ownTeam = async () => (await storage.teams.create({ name: `Hold ${username}`, emails: [`${username}@faxe.example`], language: "da" })).id;
      const teamId = account.teamId ?? (role === "crew" ? await ownTeam() : null);
      testPasswordHash ??= hashPassword(TEST_PASSWORD);
      await storage.users.create({ username, displayName: account.displayName ?? null, role, teamId, passwordHash: await testPasswordHash });
      return { ...(await signInAs(baseUrl, username, TEST_PASSWORD)), teamId };
    },
    close: async () => {
      await sender.stop();
      await closeServer(server);
      mailer.close();
      await storage.close();
      if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
}

export interface DefectSpec extends LatLon {
  /** D40 unless given */
  classId?: string;
  /** 0.4 m unless given: a pothole that wide grades 3 */
  widthMeters?: number;
}

/**
 * Stores one confident sighting per spec (one drive), merged into defects the way the pipeline merges them;
 * returns the defect ids in the order of the specs. Keep specs more than 8 m apart, or they merge.
 */
export async function seedDefects(storage: Storage, specs: readonly DefectSpec[], driveName = "drive"): Promise<number[]> {
  const seenAtMs = Date.parse("2026-03-02T08:00:00Z");
  await seedSightings(
    storage,
    specs.map((spec, index) => ({
      lat: spec.lat,
      lon: spec.lon,
      classId: spec.classId ?? "D40",
      score: 0.9,
      widthMeters: spec.widthMeters ?? 0.4,
      seenAtMs: seenAtMs + index * 1000,
    })),
    driveName,
  );
  const everywhere = { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };
  const stored = await storage.defectSearch.locate(everywhere, {});
  return specs.map((spec) => {
    const match = stored.find((defect) => Math.abs(defect.lat - spec.lat) < 1e-9 && Math.abs(defect.lon - spec.lon) < 1e-9);
    if (match === undefined) throw new Error(`no defect was stored at ${spec.lat}, ${spec.lon}`);
    return match.id;
  });
}

/** A small grey JPEG as the defect's thumbnail, stored where the pipeline puts it. */
export async function giveThumbnail(server: TestServer, defectId: number): Promise<string> {
  const media = new MediaStore(server.dataDir);
  const paths = media.defectMediaPaths(defectId);
  const absolute = media.absolutePath(paths.thumbnail);
  await mkdir(path.dirname(absolute), { recursive: true });
  await writeAnnotatedJpeg({ data: new Uint8Array(32 * 24 * 3).fill(128), width: 32, height: 24 }, [], absolute);
  await server.storage.defects.setMedia(defectId, { photoPath: null, cropPath: null, thumbnailPath: paths.thumbnail });
  return paths.thumbnail;
}

/** `count` points in a row heading east from `start`, `spacingMeters` apart. */
export function pointsEast(start: LatLon, count: number, spacingMeters: number): LatLon[] {
  const metersPerDegreeLon = 111_195 * Math.cos((start.lat * Math.PI) / 180);
  return Array.from({ length: count }, (_, i) => ({ lat: start.lat, lon: start.lon + (i * spacingMeters) / metersPerDegreeLon }));
}

export async function getJson<T = unknown>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}

export async function sendJson<T = unknown>(method: string, url: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}
