/**
 * Builds sample-data/demo-drive/: faxe-demo.mp4, a slow inspection drive along a real municipal road in Faxe made
 * of RDD2022 test-split road photos (CC BY-SA 4.0), and faxe-demo.gpx, its GPS track. `npm start` processes it.
 *
 * The road: the municipal road ("Off. kommunevej") of 700-1200 m in shared/roads/faxe/vej_myndighed.gpkg that lies
 * nearest Faxe town centre. The photos: the first India test-split frames in name order (India has the most
 * potholes), each on screen for two seconds while the car drives 10 m, so every photo is sampled twice, 5 m apart,
 * as a pothole is seen in consecutive frames of a real drive. Halfway the car stands still for 8 s at a junction.
 *
 * Run: npm run build && node dist/sample-data/make-demo-drive.js [path/to/shared]
 */
import { mkdir, readdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { readGeoPackageLines } from "../pipeline/adapters/geopackage.js";
import { projectorToWgs84 } from "../pipeline/adapters/projection.js";
import { loadConfig } from "../pipeline/config.js";
import { haversineDistanceMeters, interpolateLatLon, type LatLon } from "../pipeline/geo/geodesy.js";
import type { TrackPoint } from "../pipeline/telemetry/track-point.js";
import { FAXE, makeSlideshowClip, toGpx } from "../test/support/make-clip.js";

const SPEED_MPS = 5;
const SLIDE_SECONDS = 2;
const STOP_SECONDS = 8;
const ROAD_LENGTH_METERS = { min: 700, max: 1200 };
const RECORDED_AT = new Date("2026-11-19T07:42:00Z");

async function main(sharedDir: string): Promise<void> {
  const config = loadConfig();
  const road = chooseRoad(path.join(sharedDir, "roads/faxe/vej_myndighed.gpkg"));
  const lengthMeters = polylineLengthMeters(road);
  const driveSeconds = Math.floor(lengthMeters / SPEED_MPS);
  const durationSeconds = driveSeconds + STOP_SECONDS;
  const track = driveAlong(road, RECORDED_AT.getTime(), driveSeconds);

  const photosDir = path.join(sharedDir, "datasets/rdd2022/unlabeled/india");
  const photos = (await readdir(photosDir)).filter((name) => name.endsWith(".jpg")).sort();
  const slides = photos.slice(0, Math.ceil(durationSeconds / SLIDE_SECONDS)).map((name) => path.join(photosDir, name));

  const outDir = path.join(config.projectRoot, "sample-data", "demo-drive");
  const tempDir = `${outDir}.tmp`;
  await mkdir(tempDir, { recursive: true });
  await makeSlideshowClip({
    outPath: path.join(tempDir, "faxe-demo.mp4"),
    slides,
    slideSeconds: SLIDE_SECONDS,
    durationSeconds,
    framesPerSecond: 10,
    quality: 30,
    creationTime: RECORDED_AT,
    ffmpegPath: config.ffmpegPath,
  });
  await writeFile(path.join(tempDir, "faxe-demo.gpx"), toGpx(track));
  await writeFile(
    path.join(tempDir, "photos.txt"),
    `# RDD2022 test-split frames (CC BY-SA 4.0, Arya et al.), in the order they appear, ${SLIDE_SECONDS} s each\n${slides.map((s) => path.basename(s)).join("\n")}\n`,
  );
  await rename(tempDir, outDir).catch(async () => {
    // an earlier demo-drive folder is replaced file by file
    for (const name of await readdir(tempDir)) await rename(path.join(tempDir, name), path.join(outDir, name));
  });
  process.stdout.write(`demo drive: ${Math.round(lengthMeters)} m road, ${durationSeconds} s, ${slides.length} photos -> ${outDir}\n`);
}

function chooseRoad(geoPackage: string): LatLon[] {
  const layer = readGeoPackageLines(geoPackage);
  const toWgs84 = projectorToWgs84(layer.crs);
  const candidates = layer.features
    .filter((feature) => feature.properties.type === "Off. kommunevej" && feature.lines.length === 1)
    .map((feature) => feature.lines[0]!.map((xy) => toWgs84(xy)).map(([lon, lat]): LatLon => ({ lat, lon })))
    .filter((line) => {
      const length = polylineLengthMeters(line);
      return length >= ROAD_LENGTH_METERS.min && length <= ROAD_LENGTH_METERS.max;
    });
  const distanceToTown = (line: LatLon[]): number => Math.min(...line.map((point) => haversineDistanceMeters(point, FAXE)));
  const nearest = candidates.sort((a, b) => distanceToTown(a) - distanceToTown(b))[0];
  if (nearest === undefined) throw new Error(`${geoPackage}: no municipal road of ${ROAD_LENGTH_METERS.min}-${ROAD_LENGTH_METERS.max} m`);
  return nearest;
}

function polylineLengthMeters(line: readonly LatLon[]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) total += haversineDistanceMeters(line[i - 1]!, line[i]!);
  return total;
}

/** Position at `distance` metres along the polyline. */
function pointAlong(line: readonly LatLon[], distanceMeters: number): LatLon {
  let remaining = distanceMeters;
  for (let i = 1; i < line.length; i++) {
    const step = haversineDistanceMeters(line[i - 1]!, line[i]!);
    if (remaining <= step) return interpolateLatLon(line[i - 1]!, line[i]!, step === 0 ? 0 : remaining / step);
    remaining -= step;
  }
  return line.at(-1)!;
}

/** 1 Hz fixes at SPEED_MPS along the road, with a stop of STOP_SECONDS halfway. */
function driveAlong(line: readonly LatLon[], startMs: number, driveSeconds: number): TrackPoint[] {
  const stopAtSecond = Math.floor(driveSeconds / 2);
  const points: TrackPoint[] = [];
  for (let second = 0; second <= driveSeconds + STOP_SECONDS; second++) {
    const movingSeconds = second <= stopAtSecond ? second : Math.max(stopAtSecond, second - STOP_SECONDS);
    points.push({ timeMs: startMs + second * 1000, ...pointAlong(line, movingSeconds * SPEED_MPS) });
  }
  return points;
}

main(path.resolve(process.argv[2] ?? path.join(loadConfig().projectRoot, "..", "shared"))).catch((error: unknown) => {
  process.stderr.write(`make-demo-drive: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
