/**
 * `roadwatch serve`: the foreman's map and its API, work-order mail with retries, the built map page, and the
 * nightly run over the inbox with the foremen's morning summary.
 * The CLI is where the program is put together, so this one pipeline module imports the web server.
 */
import { readFile } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import type { Config } from "../config.js";
import { validateManifest } from "../detector/manifest.js";
import { describeError } from "../errors.js";
import { validateTimeZone } from "../ingest/time-alignment.js";
import { INBOX_FOLDER } from "../processing/nightly-inbox.js";
import { type NightlyOptions, runNightly } from "../processing/nightly-run.js";
import { processingSettings } from "../processing/processing-service.js";
import { Anonymiser } from "../privacy/anonymiser.js";
import { loadRoadNetwork } from "../roads/load-road-network.js";
import type { RoadNetwork } from "../roads/road-network.js";
import { startSchedule } from "../schedule/scheduler.js";
import { openStorage } from "../storage/database.js";
import { formatLocalTime } from "../time/zoned-time.js";
import { createMailer, type Mailer } from "../../web/dispatch/mailer.js";
import { composeMorningSummaryMail, morningSummaryNeeded } from "../../web/dispatch/morning-summary.js";
import { type ClassLabels, classLabelsOf } from "../../web/dispatch/texts.js";
import { createServer } from "../../web/server/create-server.js";
import { type CommandOutput, processOutput } from "./command-output.js";

/** how often the mail queue looks for work orders whose retry is due; the shortest wait is a minute */
const SEND_CHECK_INTERVAL_MS = 15_000;

export interface ServeOptions {
  port: number;
  /** undefined: every interface */
  host?: string;
  dataDir: string;
}

export function serveCommand(config: Config): Command {
  return new Command("serve")
    .description("Serve the foreman's map, its API and printable work orders; mail work orders to crews.")
    .option("--port <number>", "TCP port", parsePort, 8080)
    .option("--host <address>", "listen on this address only, e.g. 127.0.0.1 behind a reverse proxy")
    .option("--data <dir>", "data directory", config.dataDir)
    .addHelpText(
      "after",
      [
        "",
        "Mail goes through SMTP_URL when it is set; otherwise each work order is written as an .eml file to",
        "<data>/outbox. Links in mails point to PUBLIC_BASE_URL. The map page is served from web/client/dist",
        "once it is built. The API is described at /api/openapi.json.",
        "",
        `Every night (ROADWATCH_NIGHTLY_CRON, default "0 2 * * *", in the time zone TZ) the videos in <data>/${INBOX_FOLDER}`,
        "with their track files go through the pipeline, as `roadwatch process` would take them, and leave the inbox;",
        "a file still being copied waits for the next night. ROADWATCH_FOREMAN_EMAILS then get a morning summary",
        "(ROADWATCH_SUMMARY_LANGUAGE da or en).",
      ].join("\n"),
    )
    .action(async (options: { port: number; host?: string; data: string }) => {
      await runServe(config, { port: options.port, host: options.host, dataDir: path.resolve(options.data) }, processOutput);
    });
}

/**
 * Runs until SIGINT or SIGTERM, then finishes a mail round in progress and closes the database. A nightly run in
 * progress is not waited for, which could take hours: the process ends, and the next run carries on where it stopped.
 */
export async function runServe(config: Config, options: ServeOptions, output: CommandOutput): Promise<void> {
  const timeZone = validateTimeZone(config.defaultTimeZone);
  if (!timeZone.valid) throw new Error(`TZ: ${timeZone.reason}`);
  const log = (line: string) => output.stdout(`${formatLocalTime(Date.now(), config.defaultTimeZone)} ${line}\n`);
  const storage = await openStorage(options.dataDir);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, outboxDir: path.join(options.dataDir, "outbox") });
  // crews' photos are anonymised like the pipeline's frames: the models load once, before the server takes requests
  const anonymiser = config.privacy.enabled ? await Anonymiser.load({ ...config.privacy, threads: config.threads }) : null;
  if (anonymiser === null) output.stderr("roadwatch: ROADWATCH_PRIVACY_ENABLED=false: faces and number plates are stored unblurred\n");
  const { app, sender } = createServer({
    storage,
    config: { ...config, dataDir: options.dataDir },
    mailer,
    labels: await readClassLabels(config.modelManifestPath, output),
    roads: await readRoadNetwork(config, output),
    clientDir: path.join(config.projectRoot, "web", "client", "dist"),
    version: await packageVersion(config.projectRoot),
    log: (line) => output.stderr(`${line}\n`),
    uploads: { maxBytes: config.uploadMaxBytes, extensions: config.uploadExtensions },
    coveragePolicy: config.coveragePolicy,
    anonymiser,
  });
  const server = createHttpServer(app);
  server.listen({ port: options.port, host: options.host });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  }).catch(async (error: unknown) => {
    await storage.close();
    await anonymiser?.close();
    mailer.close();
    throw new Error(`cannot listen on port ${options.port}: ${describeError(error)}`);
  });
  sender.start(SEND_CHECK_INTERVAL_MS);
  const { port } = server.address() as AddressInfo;
  output.stdout(`roadwatch: serving http://${options.host ?? "localhost"}:${port}/ (data ${options.dataDir}; mail to ${mailer.destination})\n`);
  const summaryTo =
    config.foremanEmails.length === 0
      ? "no morning summary (ROADWATCH_FOREMAN_EMAILS is not set)"
      : `morning summary to ${config.foremanEmails.join(", ")}`;
  const inboxDir = path.join(options.dataDir, INBOX_FOLDER);
  log(`nightly: "${config.nightlySchedule.text}" in ${config.defaultTimeZone} over ${inboxDir}; ${summaryTo}`);
  const nightly = startSchedule({
    name: "nightly",
    schedule: config.nightlySchedule,
    timeZone: config.defaultTimeZone,
    run: createNightlyJob(config, options.dataDir, mailer, { log }),
    log,
  });

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  nightly.stop();
  await sender.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  mailer.close();
  await storage.close();
  await anonymiser?.close();
  if (nightly.running) {
    log("nightly: stopped during a run; the next run carries on where this one stopped");
    // the pipeline records every finished step and SQLite survives an abrupt end: nothing is lost by not waiting
    process.exit();
  }
}

/** What `serve` runs on its schedule: the inbox through the pipeline, then the morning summary to the foremen. */
export function createNightlyJob(config: Config, dataDir: string, mailer: Mailer, options: NightlyOptions): () => Promise<void> {
  const settings = processingSettings(config, dataDir);
  return async () => {
    const summary = await runNightly(settings, options);
    if (config.foremanEmails.length === 0 || !morningSummaryNeeded(summary)) return;
    const mail = composeMorningSummaryMail(summary, {
      from: config.mailFrom,
      to: config.foremanEmails,
      language: config.summaryLanguage,
      publicBaseUrl: config.publicBaseUrl,
      timeZone: config.defaultTimeZone,
    });
    // the summary is news for one morning: a failure is logged, not queued for retries as work orders are
    try {
      await mailer.send(mail);
      options.log(`nightly: morning summary sent to ${config.foremanEmails.join(", ")} via ${mailer.destination}`);
    } catch (error) {
      options.log(`nightly: the morning summary to ${config.foremanEmails.join(", ")} was not sent: ${describeError(error)}`);
    }
  };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError("a port is a whole number 0–65535");
  return port;
}

/**
 * Class names from the damage model's manifest. Read here rather than through the detector, which would load
 * onnxruntime into the web server; without a readable manifest the map shows class codes (D40) instead of names.
 */
async function readClassLabels(manifestPath: string, output: CommandOutput): Promise<ClassLabels> {
  try {
    const validation = validateManifest(JSON.parse(await readFile(manifestPath, "utf8")));
    if (validation.valid) return classLabelsOf(validation.manifest);
    output.stderr(`roadwatch: ${manifestPath}: invalid model manifest (${validation.reason}); showing class codes\n`);
  } catch (error) {
    output.stderr(`roadwatch: ${manifestPath}: cannot read the model manifest (${describeError(error)}); showing class codes\n`);
  }
  return new Map();
}

/** The map works without road lines (over the basemap alone): an unreadable network is a warning, not a stop. */
async function readRoadNetwork(config: Config, output: CommandOutput): Promise<RoadNetwork | null> {
  if (config.roadsPath === null) return null;
  try {
    const roads = await loadRoadNetwork(config.roadsPath, config.roadsClassField);
    output.stdout(`roadwatch: road network ${config.roadsPath}: ${roads.features.length} lines\n`);
    return roads;
  } catch (error) {
    output.stderr(`roadwatch: ${describeError(error)}; the map shows no road network\n`);
    return null;
  }
}

async function packageVersion(projectRoot: string): Promise<string> {
  const { version } = JSON.parse(await readFile(path.join(projectRoot, "package.json"), "utf8")) as { version: string };
  return version;
}
