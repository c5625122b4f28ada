/**
 * The storage module: opens the data directory's database, brings its schema up to date and hands out the
 * repositories. Callers use repositories only, never SQL, so another engine needs a new dialect.ts, not new callers.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Kysely } from "kysely";
import { describeError } from "../errors.js";
import { AuditRepository } from "./audit-repository.js";
import { DefectRepository } from "./defect-repository.js";
import { DefectSearchRepository } from "./defect-search-repository.js";
import { DetectionRepository } from "./detection-repository.js";
import { DeviceRepository } from "./device-repository.js";
import { createSqliteDialect, readChangeToken } from "./dialect.js";
import { FrameRepository } from "./frame-repository.js";
import { InspectionPolicyRepository } from "./inspection-policy-repository.js";
import { InspectionRepository } from "./inspection-repository.js";
import { JobRepository } from "./job-repository.js";
import { migrateToLatest } from "./migrations.js";
import { PassRepository } from "./pass-repository.js";
import { RoadSegmentRepository } from "./road-segment-repository.js";
import type { RoadwatchDatabase } from "./schema.js";
import { SessionRepository } from "./session-repository.js";
import { TeamRepository } from "./team-repository.js";
import { TrackRepository } from "./track-repository.js";
import { UploadRepository } from "./upload-repository.js";
import { UserRepository } from "./user-repository.js";
import { VideoRepository } from "./video-repository.js";
import { WorkOrderRepository } from "./work-order-repository.js";

export const DATABASE_FILE_NAME = "roadwatch.sqlite";

export interface Repositories {
  readonly videos: VideoRepository;
  readonly jobs: JobRepository;
  readonly tracks: TrackRepository;
  readonly frames: FrameRepository;
  readonly detections: DetectionRepository;
  readonly defects: DefectRepository;
  readonly passes: PassRepository;
  readonly defectSearch: DefectSearchRepository;
  readonly teams: TeamRepository;
  readonly workOrders: WorkOrderRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly devices: DeviceRepository;
  readonly audit: AuditRepository;
  readonly uploads: UploadRepository;
  readonly roadSegments: RoadSegmentRepository;
  readonly inspections: InspectionRepository;
  readonly inspectionPolicy: InspectionPolicyRepository;
}

export interface Storage extends Repositories {
  /**
   * Runs `work` in one transaction: everything it wrote through `repositories` is kept, or nothing when it throws.
   * Use only those repositories inside: SQLite has one connection, and the outer ones would wait for the transaction to end.
   */
  transaction<T>(work: (repositories: Repositories) => Promise<T>): Promise<T>;
  /** Differs from the last answer exactly when something was written since, by this process or another. */
  changeToken(): Promise<string>;
  close(): Promise<void>;
}

/** Creates the data directory when needed, opens <dataDir>/roadwatch.sqlite and migrates it. */
export async function openStorage(dataDir: string): Promise<Storage> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  let db: Kysely<RoadwatchDatabase> | undefined;
  try {
    db = new Kysely<RoadwatchDatabase>({ dialect: createSqliteDialect(file) });
    await migrateToLatest(db);
  } catch (error) {
    await db?.destroy();
    throw new Error(`${file}: cannot open the database: ${describeError(error)}`);
  }
  const opened = db;
  return {
    ...repositories(opened),
    transaction: (work) => opened.transaction().execute((trx) => work(repositories(trx))),
    changeToken: () => readChangeToken(opened),
    close: () => opened.destroy(),
  };
}

function repositories(db: Kysely<RoadwatchDatabase>): Repositories {
  return {
    videos: new VideoRepository(db),
    jobs: new JobRepository(db),
    tracks: new TrackRepository(db),
    frames: new FrameRepository(db),
    detections: new DetectionRepository(db),
    defects: new DefectRepository(db),
    passes: new PassRepository(db),
    defectSearch: new DefectSearchRepository(db),
    teams: new TeamRepository(db),
    workOrders: new WorkOrderRepository(db),
    users: new UserRepository(db),
    sessions: new SessionRepository(db),
    devices: new DeviceRepository(db),
    audit: new AuditRepository(db),
    uploads: new UploadRepository(db),
    roadSegments: new RoadSegmentRepository(db),
    inspections: new InspectionRepository(db),
    inspectionPolicy: new InspectionPolicyRepository(db),
  };
}
