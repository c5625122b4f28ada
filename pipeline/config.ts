/**
 * All settings roadwatch reads from its environment, validated once at start-up.
 * Nothing else in the code base reads process.env: it receives a Config.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** The folder holding package.json: this file runs from pipeline/ in development and dist/pipeline/ when built. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

const projectRoot = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
  ROADWATCH_DATA: z.string().min(1).default("./data"),
  ROADWATCH_MODEL: z.string().min(1).default(path.join(projectRoot, "models", "damage", "roadwatch-damage.manifest.json")),
  ROADWATCH_THREADS: positiveInt.default(Math.max(1, Math.min(os.availableParallelism(), 4))),
  ROADWATCH_FFMPEG: z.string().min(1).default("ffmpeg"),
  ROADWATCH_FFPROBE: z.string().min(1).default("ffprobe"),
  TZ: z.string().optional(),
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
  };
}
