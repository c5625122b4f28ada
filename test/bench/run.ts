/**
 * `npm run bench`: every speed target of the project, measured in one run on this machine and printed as
 * ratios and rates. Targets are checked here by eye and in the README, never in timed tests.
 * `npm run bench -- detector frames` runs only the named sections.
 */
import { benchApi } from "./api-bench.js";
import { benchDetector } from "./detector-bench.js";
import { benchFrames } from "./frames-bench.js";
import { benchMap } from "./map-bench.js";
import { benchPipeline } from "./pipeline-bench.js";
import { benchPrivacy } from "./privacy-bench.js";

type Bench = () => Promise<Record<string, number | string>>;

const SECTIONS: Record<string, { bench: Bench; target: string }> = {
  frames: { bench: benchFrames, target: "extraction time / plain decode time < 1 when stops are skipped" },
  detector: { bench: benchDetector, target: ">= 10 images/s on 2 threads; detect close to the bare session" },
  pipeline: { bench: benchPipeline, target: "end-to-end / slower of decode-only and inference-only <= 1.15" },
  privacy: { bench: benchPrivacy, target: "ms per kept 1080p frame, and its share of the run; recall by width on drawn faces and plates" },
  api: { bench: benchApi, target: "2 km lasso over 100,000 defects < 100 ms; API p95 < 100 ms at 50 concurrent requests" },
  map: { bench: benchMap, target: "first render of 100,000 defects < 3 s in headless Chromium" },
};

async function main(names: string[]): Promise<void> {
  const chosen = names.length > 0 ? names : Object.keys(SECTIONS);
  for (const name of chosen) {
    const section = SECTIONS[name];
    if (section === undefined) throw new Error(`unknown bench section '${name}' (known: ${Object.keys(SECTIONS).join(", ")})`);
    const result = await section.bench();
    process.stdout.write(`\n## ${name}   (target: ${section.target})\n`);
    for (const [key, value] of Object.entries(result)) process.stdout.write(`  ${key.padEnd(36)} ${value}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
