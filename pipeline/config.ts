/**
 * All settings roadwatch reads from its environment, validated once at start-up.
 * Nothing else in the code base reads process.env: it receives a Config.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { type IntervalDefaults, MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS } from "./coverage/policy.js";
import { type CameraModel, type CameraProfiles, DEFAULT_CAMERA_MODEL } from "./defects/camera-model.js";
import type { LatLon } from "./geo/geodesy.js";
import type { AnonymiserSettings } from "./privacy/anonymiser.js";
import { DEFAULT_UPLOAD_EXTENSIONS, DEFAULT_UPLOAD_MAX_BYTES, validateUploadExtensions } from "./processing/upload-types.js";
import { type CronSchedule, validateCron } from "./schedule/cron.js";
import type { TeamLanguage } from "./storage/schema.js";
import { describeIssues } from "./validation.js";

/** The folder holding package.json: this file runs from pipeline/ in development and dist/pipeline/ when built. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

const positiveInt = z.coerce.number().int().positive();

/** "true"/"false", also "1"/"0", "yes"/"no", "on"/"off" */
const booleanText = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: 'expected "true" or "false"' })
  .transform((text) => ["true", "1", "yes", "on"].includes(text));

/** a detector score from 0 to 1 */
const scoreText = z.string().min(1).pipe(z.coerce.number<string>().min(0).max(1));

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

/** "mp4, mov, gpx": file extensions roadwatch knows how to check */
const uploadExtensionsText = z.string().transform((text, context): string[] => {
  const validation = validateUploadExtensions(text);
  if (validation.valid) return validation.extensions;
  context.addIssue({ code: "custom", message: validation.reason });
  return z.NEVER;
});

/** A setting whose value is a JSON document. */
const jsonText = z.string().transform((text, context) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    context.addIssue({ code: "custom", message: "not valid JSON" });
    return z.NEVER;
  }
});

/**
 * Faxe's policy: municipal roads and cycle routes filmed every four weeks, private common roads (which the
 * municipality supervises but does not maintain) every quarter; state roads are the Road Directorate's.
 */
const DEFAULT_COVERAGE_POLICY: IntervalDefaults = { "Off. kommunevej": 28, "Privat fællesvej": 90, Cykelrute: 28 };

const intervalDays = z
  .int({ error: `expected whole days from ${MIN_INTERVAL_DAYS} to ${MAX_INTERVAL_DAYS}` })
  .min(MIN_INTERVAL_DAYS)
  .max(MAX_INTERVAL_DAYS);

/** '{"Off. kommunevej":28,"Privat fællesvej":90}': road class (as the network's class field has it) → days */
const coveragePolicyText = jsonText.pipe(
  z.record(z.string().min(1), intervalDays, { error: 'expected an object of road class to days, e.g. {"Off. kommunevej":28}' }),
);

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
const cameraProfilesText = jsonText
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
  /** faces and number plates are obscured in every stored picture unless this is "false" */
  ROADWATCH_PRIVACY_ENABLED: booleanText.prefault("true"),
  ROADWATCH_PRIVACY_FACE_MODEL: z.string().min(1).default(path.join(projectRoot, "models", "privacy", "face", "yunet-face.manifest.json")),
  ROADWATCH_PRIVACY_PLATE_MODEL: z.string().min(1).default(path.join(projectRoot, "models", "privacy", "plate", "lpd-yunet-plate.manifest.json")),
  /** unset: the manifest's threshold */
  ROADWATCH_PRIVACY_FACE_THRESHOLD: scoreText.optional(),
  ROADWATCH_PRIVACY_PLATE_THRESHOLD: scoreText.optional(),
  /** added around each face or plate, on every side, as a share of its size */
  ROADWATCH_PRIVACY_MARGIN: z.string().min(1).pipe(z.coerce.number<string>().min(0).max(2)).prefault("0.25"),
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
  /** required days between inspections per road class, as JSON: see coveragePolicyText */
  ROADWATCH_COVERAGE_POLICY: coveragePolicyText.prefault(JSON.stringify(DEFAULT_COVERAGE_POLICY)),
  /** a signed-in session ends after this long without a request */
  ROADWATCH_SESSION_IDLE_MINUTES: positiveInt.default(240),
  /** and after this long in any case */
  ROADWATCH_SESSION_MAX_HOURS: positiveInt.default(12),
  /** failed sign-ins per username within 15 minutes before it is refused for the rest of them */
  ROADWATCH_LOGIN_MAX_FAILURES: positiveInt.default(5),
  /** reverse proxies whose X-Forwarded-For is believed: a number of hops, or addresses/subnets, e.g. "loopback" */
  ROADWATCH_TRUST_PROXY: z
    .string()
    .regex(/^(\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, { error: 'expected a number of hops or comma-separated addresses, e.g. "loopback"' })
    .optional(),
  /** the largest file one upload may be, in bytes */
  ROADWATCH_UPLOAD_MAX_BYTES: positiveInt.default(DEFAULT_UPLOAD_MAX_BYTES),
  /** which files may be uploaded, by extension, e.g. "mp4,mov,gpx"; each is also checked by its first bytes */
  ROADWATCH_UPLOAD_TYPES: uploadExtensionsText.prefault(DEFAULT_UPLOAD_EXTENSIONS.join(",")),
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
  /** obscuring faces and number plates before a picture is stored; without `enabled` pictures are stored as recorded */
  privacy: { enabled: boolean } & Omit<AnonymiserSettings, "threads">;
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
  /** road class → required days between inspections; planners may change them on the page */
  coveragePolicy: IntervalDefaults;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  loginMaxFailures: number;
  /** express's "trust proxy": hops (a number) or addresses; null: the client is whoever connected */
  trustProxy: number | string | null;
  /** larger uploads are refused before a byte is sent */
  uploadMaxBytes: number;
  /** lower case, without the dot: the file types the upload page and device uploads take */
  uploadExtensions: string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const details = describeIssues(parsed.error.issues, "configuration");
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
    privacy: {
      enabled: e.ROADWATCH_PRIVACY_ENABLED,
      faceModelPath: path.resolve(e.ROADWATCH_PRIVACY_FACE_MODEL),
      plateModelPath: path.resolve(e.ROADWATCH_PRIVACY_PLATE_MODEL),
      faceThreshold: e.ROADWATCH_PRIVACY_FACE_THRESHOLD ?? null,
      plateThreshold: e.ROADWATCH_PRIVACY_PLATE_THRESHOLD ?? null,
      marginFraction: e.ROADWATCH_PRIVACY_MARGIN,
    },
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
    coveragePolicy: e.ROADWATCH_COVERAGE_POLICY,
    sessionIdleMinutes: e.ROADWATCH_SESSION_IDLE_MINUTES,
    sessionMaxHours: e.ROADWATCH_SESSION_MAX_HOURS,
    loginMaxFailures: e.ROADWATCH_LOGIN_MAX_FAILURES,
    trustProxy: trustProxySetting(e.ROADWATCH_TRUST_PROXY),
    uploadMaxBytes: e.ROADWATCH_UPLOAD_MAX_BYTES,
    uploadExtensions: e.ROADWATCH_UPLOAD_TYPES,
  };
}

function trustProxySetting(text: string | undefined): number | string | null {
  if (text === undefined) return null;
  return /^\d+$/.test(text) ? Number(text) : text;
}
