/**
 * All settings roadwatch reads from its environment, validated once at start-up.
 * Nothing else in the code base reads process.env: it receives a Config.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type CameraModel, type CameraProfiles, DEFAULT_CAMERA_MODEL } from "./defects/camera-model.js";
import type { LatLon } from "./geo/geodesy.js";
import { type CronSchedule, validateCron } from "./schedule/cron.js";
import type { TeamLanguage } from "./storage/schema.js";

/** The folder holding package.json: this file runs from pipeline/ in development and dist/pipeline/ when built. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

const positiveInt = z.coerce.number().int().positive();

/** "55.2559,12.1178" */
const latLonText = z
  .string()
  .transform((text) => text.split(",").map((part) => Number(part.trim())))
  .pipe(z.tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)], { error: 'expected "lat,lon" in decimal degrees' }))
  .transform(([lat, lon]): LatLon => ({ lat, lon }));

/** "minute hour day-of-month month day-of-week", e.g. "0 2 * * *" */
const cronText = z.string().transform((text, context): CronSchedule => {
  const validation = validateCron(text);
  if (validation.valid) return validation.schedule;
  context.addIssue({ code: "custom", message: `"${text}" is not a valid cron expression: ${validation.reason}` });
  return z.NEVER;
});

/** "a@faxe.dk, b@faxe.dk"; empty: nobody */
const emailListText = z
  .string()
  .transform((text) => text.split(",").map((part) => part.trim()).filter((part) => part !== ""))
  .pipe(z.array(z.email({ error: (issue) => `"${String(issue.input)}" is not an e-mail address` })));

const cameraOverrides = z
  .object({
    mountHeightMeters: z.number().positive().max(5),
    pitchDownDegrees: z.number().min(0).max(60),
    horizontalFieldOfViewDegrees: z.number().min(20).max(170),
    maxRangeMeters: z.number().positive().max(100),
  })
  .partial()
  .strict();

/** '{"default":{"pitchDownDegrees":10},"devices":{"dashcam-7":{"mountHeightMeters":1.6}}}': each over the defaults */
const cameraProfilesText = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "not valid JSON" });
      return z.NEVER;
    }
  })
  .pipe(z.object({ default: cameraOverrides.optional(), devices: z.record(z.string(), cameraOverrides).optional() }).strict())
  .transform((profiles): CameraProfiles => {
    const base: CameraModel = { ...DEFAULT_CAMERA_MODEL, ...profiles.default };
    const devices = Object.fromEntries(Object.entries(profiles.devices ?? {}).map(([id, overrides]) => [id, { ...base, ...overrides }]));
    return { default: base, devices };
  });

const schema = z.object({
  ROADWATCH_DATA: z.string().min(1).default("./data"),
  ROADWATCH_MODEL: z.string().min(1).default(path.join(projectRoot, "models", "damage", "roadwatch-damage.manifest.json")),
  ROADWATCH_THREADS: positiveInt.default(Math.max(1, Math.min(os.availableParallelism(), 4))),
  ROADWATCH_FFMPEG: z.string().min(1).default("ffmpeg"),
  ROADWATCH_FFPROBE: z.string().min(1).default("ffprobe"),
  TZ: z.string().optional(),
  /** camera mount per device: see cameraProfilesText */
  ROADWATCH_CAMERAS: cameraProfilesText.optional(),
  ROADWATCH_RETENTION_DAYS: positiveInt.default(14),
  /** e.g. smtp://user:pass@mail.faxe.dk:587; unset, work-order mails are written to <data>/outbox as .eml files */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().min(1).default("Roadwatch <roadwatch@localhost>"),
  /** where people reach the web server: links in work-order mails point here */
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:8080"),
  /** "lat,lon" of the crews' depot, where work-order routes start */
  ROADWATCH_DEPOT: latLonText.optional(),
  /** a MapLibre style (e.g. the municipality's own tile server); unset, the map page uses OpenStreetMap's raster tiles */
  ROADWATCH_BASEMAP_STYLE: z.url({ protocol: /^https?$/ }).optional(),
  /** when `roadwatch serve` processes the inbox, in the local time of TZ */
  ROADWATCH_NIGHTLY_CRON: cronText.prefault("0 2 * * *"),
  /** who gets the morning summary of each nightly run; unset, nobody */
  ROADWATCH_FOREMAN_EMAILS: emailListText.default([]),
  ROADWATCH_SUMMARY_LANGUAGE: z.enum(["da", "en"]).default("da"),
  /** a GeoPackage or GeoJSON road network drawn under the defects; unset, the map has no road lines of its own */
  ROADWATCH_ROADS: z.string().min(1).optional(),
  /** the road network's column holding each road's class, e.g. the road authority */
  ROADWATCH_ROADS_CLASS_FIELD: z.string().min(1).default("type"),
});

export interface Config {
  dataDir: string;
  /** path of the damage detector's manifest (the .onnx sits beside it) */
  modelManifestPath: string;
  /** onnxruntime intra-op threads and ffmpeg decode threads */
  threads: number;
  ffmpegPath: string;
  ffprobePath: string;
  /** IANA zone used to read local-time file names when --tz is not given */
  defaultTimeZone: string;
  projectRoot: string;
  /** raw videos are deleted this many days after they were processed; their defects' frames stay */
  retentionDays: number;
  /** how each device's camera is mounted, for placing detections on the ground */
  cameras: CameraProfiles;
  /** null: mails go to the outbox folder */
  smtpUrl: string | null;
  mailFrom: string;
  /** without a trailing slash */
  publicBaseUrl: string;
  depot: LatLon | null;
  /** URL of a MapLibre style for the map page; null: the page's built-in OpenStreetMap style */
  basemapStyleUrl: string | null;
  /** when `roadwatch serve` runs the nightly pipeline over <data>/inbox, read in defaultTimeZone */
  nightlySchedule: CronSchedule;
  /** empty: no morning summary */
  foremanEmails: string[];
  summaryLanguage: TeamLanguage;
  /** road network file shown on the map; null: none */
  roadsPath: string | null;
  /** the network's property read as each road's class */
  roadsClassField: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid configuration: ${details}`);
  }
  const e = parsed.data;
  return {
    dataDir: path.resolve(e.ROADWATCH_DATA),
    modelManifestPath: path.resolve(e.ROADWATCH_MODEL),
    threads: e.ROADWATCH_THREADS,
    ffmpegPath: e.ROADWATCH_FFMPEG,
    ffprobePath: e.ROADWATCH_FFPROBE,
    defaultTimeZone: e.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    projectRoot,
    retentionDays: e.ROADWATCH_RETENTION_DAYS,
    cameras: e.ROADWATCH_CAMERAS ?? { default: DEFAULT_CAMERA_MODEL, devices: {} },
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ""),
    depot: e.ROADWATCH_DEPOT ?? null,
    basemapStyleUrl: e.ROADWATCH_BASEMAP_STYLE ?? null,
    nightlySchedule: e.ROADWATCH_NIGHTLY_CRON,
    foremanEmails: e.ROADWATCH_FOREMAN_EMAILS,
    summaryLanguage: e.ROADWATCH_SUMMARY_LANGUAGE,
    roadsPath: e.ROADWATCH_ROADS === undefined ? null : path.resolve(e.ROADWATCH_ROADS),
    roadsClassField: e.ROADWATCH_ROADS_CLASS_FIELD,
  };
}
