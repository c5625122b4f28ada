/**
 * A crew gets the day's footage in from a phone: headless Chromium with a phone's screen on the built upload page,
 * the real server, and between them a slow network that drops in the middle of the video. Afterwards the pipeline
 * runs over the inbox as `roadwatch process` does, and the page shows the footage processed.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../pipeline/config.js";
import { INBOX_FOLDER } from "../../pipeline/processing/nightly-inbox.js";
import { processingSettings, processVideos } from "../../pipeline/processing/processing-service.js";
import type { ProcessingProgress } from "../../pipeline/processing/progress.js";
import { TRANSFER_FOLDER } from "../../web/server/upload-service.js";
import { startFlakyNetwork } from "../support/flaky-network.js";
import { driveTrack, FAXE, makeClip, toGpx } from "../support/make-clip.js";
import { buildMapClient, CHROMIUM_PATH, launchChromium, offlineContext } from "../support/map-harness.js";
import { TEST_PASSWORD, testScope } from "../support/web-server-harness.js";

const ARTIFACTS_DIR = path.resolve(import.meta.dirname, "../../test-artifacts");
const config = loadConfig();

/** An iPhone-sized screen, held upright. */
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** Slow enough that the video is still on its way when the test cuts the connection. */
const UPLOAD_BYTES_PER_SECOND = 200_000;
const RECORDED_AT = new Date("2025-05-05T07:00:00Z");
const CLIP_SECONDS = 8;
/** How long the phone is without network: long enough for the upload to notice and try again more than once. */
const OUTAGE_MS = 2500;

const NO_PROGRESS: ProcessingProgress = {
  videoStarted: () => undefined,
  stageStarted: () => undefined,
  framesDetected: () => undefined,
  videoFinished: () => undefined,
  note: () => undefined,
};

const scope = testScope();

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The bytes of the largest upload still in the transfer store: the video, while it is on its way. */
async function bytesOfVideoOnItsWay(dataDir: string): Promise<number> {
  const folder = path.join(dataDir, TRANSFER_FOLDER);
  const names = existsSync(folder) ? (await readdir(folder)).filter((name) => !name.endsWith(".json")) : [];
  const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(folder, name))).size));
  return Math.max(0, ...sizes);
}

describe.skipIf(!existsSync(CHROMIUM_PATH))(`uploading from a phone in Chromium (${CHROMIUM_PATH})`, { timeout: 180_000 }, () => {
  let workDir: string;
  let clientDir: string;
  let videoPath: string;
  let trackPath: string;
  let browser: Browser;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-upload-e2e-"));
    clientDir = path.join(workDir, "client");
    const footage = path.join(workDir, "phone");
    await mkdir(footage);
    videoPath = path.join(footage, "VID_20250505_090000.mp4");
    trackPath = path.join(footage, "VID_20250505_090000.gpx");
    const drive = driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 45 }, [{ seconds: CLIP_SECONDS, speedMps: 8 }]);
    const [, , launched] = await Promise.all([
      buildMapClient(clientDir),
      makeClip({ outPath: videoPath, durationSeconds: CLIP_SECONDS, width: 1280, height: 720, creationTime: RECORDED_AT, ffmpegPath: config.ffmpegPath }),
      launchChromium(),
      writeFile(trackPath, toGpx(drive)),
    ]);
    browser = launched;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it("signs a crew in, uploads a video and its track across a dropped connection, and shows them processed after the run", async () => {
    const server = await scope.server({ clientDir });
    await server.signIn("crew", { username: "jens", displayName: "Jens Hansen" });
    const network = await startFlakyNetwork(server.baseUrl, UPLOAD_BYTES_PER_SECOND);
    scope.defer(() => network.close());
    const context = await offlineContext(browser, network.url, PHONE);
    scope.defer(() => context.close());
    const page = await context.newPage();

    await page.goto(`${network.url}/upload`);
    await page.getByLabel("Brugernavn").fill("jens");
    await page.getByLabel("Adgangskode").fill(TEST_PASSWORD);
    await page.getByRole("button", { name: "Log ind" }).tap();
    await page.getByText("Logget ind som Jens Hansen").waitFor();
    await page.getByText("Ingen uploads endnu.").waitFor();

    await page.setInputFiles("#file-input", [videoPath, trackPath]);
    const video = await readFile(videoPath);
    // the track goes first and is small; once a third of the video has arrived, the Wi-Fi goes
    await waitUntil(async () => (await bytesOfVideoOnItsWay(server.dataDir)) > video.length / 3, 60_000, "a third of the video");
    const heldAtDrop = await bytesOfVideoOnItsWay(server.dataDir);
    const sentAtDrop = network.uploadedBytes;
    network.drop(OUTAGE_MS);

    const videoItem = page.locator(".queue-item", { hasText: "VID_20250505_090000.mp4" });
    await videoItem.getByText("Forbindelsen blev afbrudt").waitFor({ timeout: OUTAGE_MS });
    await page.locator('.queue-item[data-state="done"]').nth(1).waitFor({ timeout: 90_000 });
    expect(await page.locator(".queue-item .queue-state").allTextContents()).toEqual(["Uploadet", "Uploadet"]);
    // carried on from where the server had got to: what was sent after the drop is the rest, not the whole video again
    expect(network.uploadedBytes - sentAtDrop).toBeLessThan(video.length - heldAtDrop / 2);

    const videoHash = sha256(video);
    const inbox = path.join(server.dataDir, INBOX_FOLDER);
    expect(sha256(await readFile(path.join(inbox, videoHash, `${videoHash}.mp4`)))).toBe(videoHash);
    expect(await readFile(path.join(inbox, videoHash, `${videoHash}.gpx`))).toEqual(await readFile(trackPath));
    const list = page.locator("#upload-list");
    await list.getByText("Venter på behandling").nth(1).waitFor();

    const { outcomes } = await processVideos([inbox], processingSettings(config, server.dataDir), NO_PROGRESS);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["processed"]);

    // the page asks again by itself, as a phone left open on it would
    await list.getByText("Behandlet").nth(1).waitFor({ timeout: 30_000 });
    expect(await list.locator(".upload-name").allTextContents()).toEqual(["VID_20250505_090000.mp4", "VID_20250505_090000.gpx"]);
    expect(await list.locator(".upload-meta").first().textContent()).toMatch(/^Video · [\d,.]+ MB · .+ · Jens Hansen$/);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, "upload.png"), fullPage: true });
  });
});
