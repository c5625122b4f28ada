import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import PostalMime, { type Email } from "postal-mime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNightlyJob } from "../../pipeline/cli/serve-command.js";
import { loadConfig } from "../../pipeline/config.js";
import { DEFECT_STATUSES } from "../../pipeline/defects/defect.js";
import type { SeverityLevel } from "../../pipeline/defects/severity.js";
import { createMailer } from "../../web/dispatch/mailer.js";
import { driveTrack, FAXE, makeClip, makeSlideshowClip, toGpx } from "../support/make-clip.js";
import { withStorage } from "../support/storage.js";

const MODEL_MANIFEST = path.resolve("models/damage/roadwatch-damage.manifest.json");
// road photos with potholes, so that the run finds defects to count
const SLIDES = ["India_002185.jpg", "India_006590.jpg"].map((name) => path.resolve("sample-data/frames", name));
const RECORDED_AT = new Date("2025-05-06T06:30:00Z");
const FOREMAN = "formand@faxe.dk";
const PUBLIC_BASE_URL = "https://roadwatch.faxe.dk";
/** well before the inbox's quiet period of a minute */
const FIVE_MINUTES_AGO = () => new Date(Date.now() - 5 * 60_000);

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-nightly-"));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

interface NightlyRun {
  dataDir: string;
  inboxDir: string;
  outboxDir: string;
  logLines: string[];
}

/** A data directory of its own with an empty inbox. */
async function freshDataDir(name: string): Promise<NightlyRun> {
  const dataDir = path.join(workDir, name);
  const inboxDir = path.join(dataDir, "inbox");
  await mkdir(inboxDir, { recursive: true });
  return { dataDir, inboxDir, outboxDir: path.join(dataDir, "outbox"), logLines: [] };
}

/** The job `roadwatch serve` runs at night, with foremen to mail and the mail going to the outbox. */
async function runNightlyJob(night: NightlyRun, pauseBetweenLooks: () => Promise<void> = async () => {}): Promise<void> {
  const config = loadConfig({
    ...process.env,
    ROADWATCH_MODEL: MODEL_MANIFEST,
    ROADWATCH_THREADS: "2",
    TZ: "Europe/Copenhagen",
    ROADWATCH_FOREMAN_EMAILS: FOREMAN,
    ROADWATCH_SUMMARY_LANGUAGE: "da",
    PUBLIC_BASE_URL,
  });
  const mailer = createMailer({ smtpUrl: null, outboxDir: night.outboxDir });
  try {
    await createNightlyJob(config, night.dataDir, mailer, { log: (line) => night.logLines.push(line), pauseBetweenLooks })();
  } finally {
    mailer.close();
  }
}

async function filesIn(folder: string): Promise<string[]> {
  return (await readdir(folder).catch(() => [])).sort();
}

async function setModified(files: readonly string[], when: Date): Promise<void> {
  for (const file of files) await utimes(file, when, when);
}

describe("a nightly run over an inbox with a drive and a corrupt file", () => {
  let night: NightlyRun;
  let mails: Email[];

  beforeAll(async () => {
    night = await freshDataDir("two-videos");
    const video = path.join(night.inboxDir, "drive.mp4");
    await makeSlideshowClip({ outPath: video, slides: SLIDES, slideSeconds: 2, durationSeconds: 12, creationTime: RECORDED_AT });
    const track = driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 60 }, [{ seconds: 12, speedMps: 5 }]);
    await writeFile(path.join(night.inboxDir, "drive.gpx"), toGpx(track));
    await writeFile(path.join(night.inboxDir, "corrupt.mp4"), Buffer.from("uploaded under a video's name, and no video\n".repeat(100)));
    await setModified(
      ["drive.mp4", "drive.gpx", "corrupt.mp4"].map((name) => path.join(night.inboxDir, name)),
      FIVE_MINUTES_AGO(),
    );
    await runNightlyJob(night);
    const emls = (await filesIn(night.outboxDir)).filter((name) => name.endsWith(".eml"));
    mails = await Promise.all(emls.map(async (name) => PostalMime.parse(await readFile(path.join(night.outboxDir, name)))));
  }, 240_000);

  it("empties the inbox: the drive with its track, and the corrupt file", async () => {
    expect(await filesIn(night.inboxDir)).toEqual([]);
  });

  it("processes the drive and sets the corrupt file aside in quarantine", async () => {
    const videos = await withStorage(night.dataDir, (storage) => storage.videos.listByStatus(["processed", "quarantined"]));
    expect(videos.map(({ originalName, status }) => ({ originalName, status })).sort((a, b) => a.originalName.localeCompare(b.originalName)))
      .toEqual([
        { originalName: "corrupt.mp4", status: "quarantined" },
        { originalName: "drive.mp4", status: "processed" },
      ]);
    const corrupt = videos.find((video) => video.originalName === "corrupt.mp4")!;
    expect(await filesIn(path.join(night.dataDir, "quarantine"))).toEqual([`${corrupt.contentHash}.mp4`, `${corrupt.contentHash}.txt`]);
  });

  it("mails one summary to the foremen, in Danish, naming the quarantined file and its reason", async () => {
    expect(mails).toHaveLength(1);
    const [mail] = mails as [Email];
    expect(mail.to?.map((address) => address.address)).toEqual([FOREMAN]);
    // the date is the night's: "7. maj 2025"
    expect(mail.subject).toMatch(/^Roadwatch natkørsel \d{1,2}\. \p{L}+ \d{4}: 1 video behandlet, 1 kunne ikke behandles$/u);
    const reason = await withStorage(night.dataDir, async (storage) => {
      const [quarantined] = await storage.videos.listByStatus(["quarantined"]);
      return quarantined!.quarantineReason!;
    });
    expect(reason).toMatch(/^not a readable video/);
    expect(mail.text).toContain(`- corrupt.mp4: ${reason}`);
    expect(mail.html).toContain("corrupt.mp4");
    expect(mail.text).toContain(`Se skaderne på kortet:\n${PUBLIC_BASE_URL}/`);
  });

  it("counts the night's new defects by severity as the map shows them", async () => {
    const levels = await withStorage(night.dataDir, async (storage) => {
      const everywhere = { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };
      return (await storage.defects.findInBounds(everywhere, DEFECT_STATUSES)).map((defect) => defect.severity.level);
    });
    expect(levels.length).toBeGreaterThan(0);
    const created = (level: SeverityLevel) => levels.filter((each) => each === level).length;
    const text = mails[0]!.text!;
    expect(text).toContain(`- drive.mp4: ${levels.length} ${levels.length === 1 ? "ny skade" : "nye skader"}, 0 set igen`);
    expect(text).toContain(`- Akut: Nye ${created(3)}, Set igen 0`);
    expect(text).toContain(`- Planlæg: Nye ${created(2)}, Set igen 0`);
    expect(text).toContain(`- Overvåg: Nye ${created(1)}, Set igen 0`);
  });

  it("says in its log what happened to each file", () => {
    expect(night.logLines).toContain(`nightly: 2 videos to process in ${night.inboxDir}`);
    expect(night.logLines.some((line) => line.startsWith(`nightly: corrupt.mp4: put in quarantine: not a readable video`))).toBe(true);
    expect(night.logLines.some((line) => line.startsWith("nightly: drive.mp4: processed: "))).toBe(true);
    expect(night.logLines).toContain(`nightly: morning summary sent to ${FOREMAN} via ${night.outboxDir}`);
  });
});

describe("files still arriving", () => {
  it("leaves a video modified within the last minute in the inbox, with its track, and mails nothing", async () => {
    const night = await freshDataDir("recent");
    await makeClip({ outPath: path.join(night.inboxDir, "recent.mp4"), durationSeconds: 2, width: 320, height: 180 });
    const track = driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 0 }, [{ seconds: 2, speedMps: 5 }]);
    await writeFile(path.join(night.inboxDir, "recent.gpx"), toGpx(track));

    await runNightlyJob(night);

    expect(await filesIn(night.inboxDir)).toEqual(["recent.gpx", "recent.mp4"]);
    expect(await withStorage(night.dataDir, (storage) => storage.videos.listByStatus(["queued", "processing", "processed", "quarantined"])))
      .toEqual([]);
    expect(await filesIn(night.outboxDir)).toEqual([]);
    expect(night.logLines).toContain("nightly: recent.mp4 is still being copied; left for the next run");
  });

  it("leaves a video whose size changes between two looks, though its time is old (as some copy tools set it)", async () => {
    const night = await freshDataDir("growing");
    const video = path.join(night.inboxDir, "growing.mp4");
    await makeClip({ outPath: video, durationSeconds: 2, width: 320, height: 180 });
    const copiedFrom = FIVE_MINUTES_AGO();
    await setModified([video], copiedFrom);

    await runNightlyJob(night, async () => {
      await appendFile(video, Buffer.alloc(4096));
      await setModified([video], copiedFrom);
    });

    expect(await filesIn(night.inboxDir)).toEqual(["growing.mp4"]);
    expect(night.logLines).toContain("nightly: growing.mp4 is still being copied; left for the next run");
  });

  it("keeps a track file that a video staying in the inbox still reads", async () => {
    const night = await freshDataDir("shared-track");
    const settled = path.join(night.inboxDir, "a.mp4");
    const arriving = path.join(night.inboxDir, "b.mp4");
    const sharedTrack = path.join(night.inboxDir, "drive.gpx");
    // neither video has a track of its own name: both read the only track file in the folder
    await makeClip({ outPath: settled, durationSeconds: 2, width: 320, height: 180, creationTime: RECORDED_AT });
    await makeClip({ outPath: arriving, durationSeconds: 2, width: 320, height: 180, creationTime: RECORDED_AT });
    const track = driveTrack({ ...FAXE, timeMs: RECORDED_AT.getTime(), bearingDegrees: 0 }, [{ seconds: 2, speedMps: 5 }]);
    await writeFile(sharedTrack, toGpx(track));
    await setModified([settled, sharedTrack], FIVE_MINUTES_AGO());

    await runNightlyJob(night);

    expect(await filesIn(night.inboxDir)).toEqual(["b.mp4", "drive.gpx"]);
  });
});
