/**
 * `npm run bench`: every speed target of the project, measured in one run on this machine and printed as
 * ratios and rates. Targets are checked here by eye and in the README, never in timed tests.
 * `npm run bench -- detector frames` runs only the named sections.
 */
import { benchDetector } from "./detector-bench.js";
import { benchFrames } from "./frames-bench.js";

type Bench = () => Promise<Record<string, number | string>>;

const SECTIONS: Record<string, { bench: Bench; target: string }> = {
  frames: { bench: benchFrames, target: "extraction time / plain decode time < 1 when stops are skipped" },
  detector: { bench: benchDetector, target: ">= 10 images/s on 2 threads; detect close to the bare session" },
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
