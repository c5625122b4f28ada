/**
 * The anonymiser with the shipped face and plate models, on scenes drawn for the purpose (no licensed street photos
 * with people and plates exist) and on a real road photo with neither.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRgb, encodeJpeg } from "../../pipeline/adapters/image.js";
import { loadConfig } from "../../pipeline/config.js";
import { Anonymiser } from "../../pipeline/privacy/anonymiser.js";
import { detailInside } from "../support/image-detail.js";
import { renderScene, SKIN_TONES } from "../support/privacy-scene.js";

const config = loadConfig();
const SHARED = path.resolve("../shared");
const ROAD_PHOTO = path.join(SHARED, "datasets/rdd2022/unlabeled/czech/Czech_000016.jpg");
/** a real road photo in which neither model finds anything (RDD2022 blurred its few faces and plates itself) */
const EMPTY_ROAD_PHOTO = path.join(SHARED, "datasets/rdd2022/india/images/India_000005.jpg");

/** obscured: at most this share of the fine detail the drawn face or plate had is left (JPEG ripple included) */
const MAX_DETAIL_LEFT = 0.15;

let anonymiser: Anonymiser;

beforeAll(async () => {
  anonymiser = await Anonymiser.load({ ...config.privacy, threads: 2 });
});

afterAll(async () => {
  await anonymiser.close();
});

describe("the anonymiser on a 1080p road frame", () => {
  it("obscures faces from 24 to 240 px wide, far away on the pavement to close to the camera", async () => {
    const widths = [24, 40, 64, 120, 240];
    const scene = await renderScene({
      width: 1920,
      height: 1080,
      background: await readFile(ROAD_PHOTO),
      items: widths.map((widthPixels, i) => ({ kind: "face", x: 200 + i * 380, y: 420, widthPixels, tone: SKIN_TONES[i % SKIN_TONES.length] })),
    });
    const result = await anonymiser.anonymise(scene.image);
    expect(result.facesBlurred).toBeGreaterThanOrEqual(widths.length);
    for (const [i, face] of scene.truth.entries()) {
      expect(detailInside(result.image, face), `face ${widths[i]} px`).toBeLessThan(detailInside(scene.image, face) * MAX_DETAIL_LEFT);
    }
  });

  it("obscures Danish number plates 64 to 160 px wide on the backs of cars", async () => {
    const widths = [64, 100, 160];
    const scene = await renderScene({
      width: 1920,
      height: 1080,
      background: await readFile(ROAD_PHOTO),
      items: widths.map((widthPixels, i) => ({ kind: "plate", x: 250 + i * 600, y: 760, widthPixels, variant: i })),
    });
    const result = await anonymiser.anonymise(scene.image);
    expect(result.platesBlurred).toBeGreaterThanOrEqual(widths.length);
    for (const [i, plate] of scene.truth.entries()) {
      expect(detailInside(result.image, plate), `plate ${widths[i]} px`).toBeLessThan(detailInside(scene.image, plate) * MAX_DETAIL_LEFT);
    }
  });

  it("obscures a plate that lies on a damage box, and counts the damage it covered", async () => {
    const scene = await renderScene({ width: 1280, height: 720, items: [{ kind: "plate", x: 500, y: 500, widthPixels: 120 }] });
    const plate = scene.truth[0]!;
    const damageOverPlate = [plate[0] - 20, plate[1] - 10, plate[2] + 20, plate[3] + 40] as const;
    const damageElsewhere = [20, 650, 120, 700] as const;
    const result = await anonymiser.anonymise(scene.image, [damageOverPlate, damageElsewhere]);
    expect(result.damageBlurred).toBe(1);
    expect(detailInside(result.image, plate)).toBeLessThan(detailInside(scene.image, plate) * MAX_DETAIL_LEFT);
  });

  it("leaves a road photo without people or plates exactly as it was", async () => {
    const original = await decodeRgb(await readFile(EMPTY_ROAD_PHOTO));
    const result = await anonymiser.anonymise(original);
    expect([result.facesBlurred, result.platesBlurred]).toEqual([0, 0]);
    expect(Buffer.from(result.image.data).equals(Buffer.from(original.data))).toBe(true);
    expect((await encodeJpeg(result.image, 90)).equals(await encodeJpeg(original, 90))).toBe(true);
  });
});

describe("the anonymiser on a crew's photo", () => {
  it("decodes the JPEG and obscures the plate in it", async () => {
    const scene = await renderScene({ width: 1600, height: 1200, items: [{ kind: "plate", x: 600, y: 700, widthPixels: 200 }] });
    const result = await anonymiser.anonymisePhoto(await encodeJpeg(scene.image, 92));
    expect([result.image.width, result.image.height]).toEqual([1600, 1200]);
    expect(result.platesBlurred).toBe(1);
    expect(detailInside(result.image, scene.truth[0]!)).toBeLessThan(detailInside(scene.image, scene.truth[0]!) * MAX_DETAIL_LEFT);
  });
});
