/**
 * The foreman's web server: the JSON API under /api, media files under /media, printable work orders, and the
 * built map page with a fallback to its index.html for the page's own routes. Errors reach clients as JSON
 * { error, details } with a 4xx status, or as a bare 500; stack traces only go to the log.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import express, { type ErrorRequestHandler, type Express, type RequestHandler, Router } from "express";
import { AccountRejection, AccountService, accountSettings } from "../../pipeline/accounts/account-service.js";
import { AuditTrail } from "../../pipeline/accounts/audit-trail.js";
import type { Config } from "../../pipeline/config.js";
import { CoverageService } from "../../pipeline/coverage/coverage-service.js";
import type { IntervalDefaults } from "../../pipeline/coverage/policy.js";
import { describeError, InputError } from "../../pipeline/errors.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { RoadNetwork } from "../../pipeline/roads/road-network.js";
import { MediaStore } from "../../pipeline/storage/media-store.js";
import { DEFAULT_UPLOAD_EXTENSIONS, DEFAULT_UPLOAD_MAX_BYTES } from "../../pipeline/processing/upload-types.js";
import type { Anonymiser } from "../../pipeline/privacy/anonymiser.js";
import type { Mailer } from "../dispatch/mailer.js";
import type { ClassLabels } from "../dispatch/texts.js";
import { WorkOrderSender } from "../dispatch/work-order-sender.js";
import { DispatchRejection, WorkOrderService } from "../dispatch/work-order-service.js";
import { accountRoutes } from "./account-routes.js";
import { accessControl } from "./auth/access-control.js";
import { coverageRoutes } from "./coverage-routes.js";
import { defectRoutes } from "./defect-routes.js";
import { HttpError } from "./http-errors.js";
import { openApiDocument } from "./openapi.js";
import { retentionRoutes } from "./retention-routes.js";
import { roadRoutes } from "./road-routes.js";
import { securityHeaders } from "./security-headers.js";
import type { ServerContext } from "./server-context.js";
import { sessionRoutes } from "./session-routes.js";
import { teamRoutes } from "./team-routes.js";
import { TusTransferStore, tusUploadRouter } from "./tus-upload-adapter.js";
import { uploadRoutes } from "./upload-routes.js";
import { TRANSFER_FOLDER, type UploadSettings, UploadService } from "./upload-service.js";
import { mapConfigView } from "./views.js";
import { MAX_OUTCOME_PHOTO_BYTES, workOrderRoutes } from "./work-order-routes.js";

export interface ServerDependencies {
  storage: Storage;
  config: Pick<
    Config,
    | "dataDir"
    | "publicBaseUrl"
    | "mailFrom"
    | "depot"
    | "defaultTimeZone"
    | "basemapStyleUrl"
    | "sessionIdleMinutes"
    | "sessionMaxHours"
    | "loginMaxFailures"
    | "trustProxy"
    | "retentionDays"
  >;
  mailer: Mailer;
  /** damage class names for the API, mails and printed pages */
  labels: ClassLabels;
  /** the road lines drawn under the defects and named in their details; null or missing: /api/roads answers an empty collection */
  roads?: RoadNetwork | null;
  /** the built map page (web/client/dist); null or missing: API only */
  clientDir?: string | null;
  /** shown in the OpenAPI document and /api/config */
  version?: string;
  retryDelaysMs?: readonly number[];
  /** server errors and failed mail attempts, one line each */
  log?: (line: string) => void;
  /** the largest upload and the file types taken; missing: ROADWATCH_UPLOAD_MAX_BYTES's and ROADWATCH_UPLOAD_TYPES's defaults */
  uploads?: UploadSettings;
  /**
   * Obscures faces and number plates in crews' outcome photos before they are stored; `serve` passes one unless
   * ROADWATCH_PRIVACY_ENABLED is false. Null or missing: photos are stored as sent.
   */
  anonymiser?: Anonymiser | null;
  /** required days between inspections per road class (ROADWATCH_COVERAGE_POLICY); missing: none until a planner sets some */
  coveragePolicy?: IntervalDefaults;
}

export interface RoadwatchServer {
  app: Express;
  /** mails work orders; call start() to retry failed sends in the background */
  sender: WorkOrderSender;
}

/** Lasso polygons are the largest bodies: 10,000 positions take about 400 kB. */
const MAX_JSON_BODY = "2mb";

/** Stored media the server hands out, relative to <data>/media; anything else under /media is not found. */
const SERVED_MEDIA = [
  /^defects\/\d+\/(photo|crop|thumbnail)\.jpg$/,
  /^frames\/\d+\/\d+\.jpg$/,
  /^work-orders\/\d+\/\d+\.jpg$/,
];

export function createServer(dependencies: ServerDependencies): RoadwatchServer {
  const { storage, config, mailer, labels } = dependencies;
  const log = dependencies.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const media = new MediaStore(config.dataDir);
  const sender = new WorkOrderSender({
    storage,
    mailer,
    media,
    labels,
    mailFrom: config.mailFrom,
    publicBaseUrl: config.publicBaseUrl,
    retryDelaysMs: dependencies.retryDelaysMs,
    log,
  });
  const workOrders = new WorkOrderService({
    storage,
    media,
    sender,
    depot: config.depot,
    timeZone: config.defaultTimeZone,
    anonymiser: dependencies.anonymiser ?? null,
  });
  const roads = dependencies.roads ?? null;
  const accounts = new AccountService({ storage, ...accountSettings(config) });
  const audit = new AuditTrail(storage.audit);
  const coverage = new CoverageService(storage, { defaultIntervals: dependencies.coveragePolicy ?? {}, timeZone: config.defaultTimeZone });
  const context: ServerContext = { storage, media, labels, workOrders, sender, depot: config.depot, roads, accounts, audit, coverage };
  const version = dependencies.version ?? "0.0.0";
  const openApi = openApiDocument(version);
  const mapConfig = mapConfigView(labels, config.basemapStyleUrl, version);
  const transfers = new TusTransferStore(path.join(config.dataDir, TRANSFER_FOLDER));
  const uploads = new UploadService({
    storage,
    dataDir: config.dataDir,
    transfers,
    settings: dependencies.uploads ?? { maxBytes: DEFAULT_UPLOAD_MAX_BYTES, extensions: DEFAULT_UPLOAD_EXTENSIONS },
  });

  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy !== null) app.set("trust proxy", config.trustProxy);
  app.use(securityHeaders(config));
  // who is calling and whether they may: before anything reads a body or answers
  app.use(accessControl({ accounts, publicBaseUrl: config.publicBaseUrl }));
  // footage streams to disk: before any body parser
  app.use(tusUploadRouter(uploads, transfers, log));
  // a crew's photo may come as base64 in JSON: that one route takes a larger body
  app.use("/api/work-orders/:id/defects/:defectId/outcome", express.json({ limit: Math.ceil(MAX_OUTCOME_PHOTO_BYTES * 1.4) }));
  app.use("/api", express.json({ limit: MAX_JSON_BODY }));
  app.get("/api/openapi.json", (_request, response) => void response.json(openApi));
  app.get("/api/config", (_request, response) => void response.json(mapConfig));
  app.use(sessionRoutes(context, config.publicBaseUrl));
  app.use(accountRoutes(context));
  app.use(defectRoutes(context));
  app.use(roadRoutes(roads));
  app.use(coverageRoutes(context));
  app.use(teamRoutes(context));
  app.use(workOrderRoutes(context));
  app.use(retentionRoutes(context, config.retentionDays));
  app.use(uploadRoutes(uploads));
  app.use(mediaRoutes(media));
  app.use("/api", (request) => {
    throw new HttpError(404, `no endpoint ${request.method} ${request.originalUrl.split("?")[0]}`);
  });
  const clientDir = dependencies.clientDir ?? null;
  if (clientDir !== null && existsSync(path.join(clientDir, "index.html"))) app.use(singlePageApp(clientDir));
  app.use((request) => {
    throw new HttpError(404, `nothing at ${request.originalUrl.split("?")[0]}`);
  });
  app.use(errorHandler(log));
  return { app, sender };
}

function mediaRoutes(media: MediaStore): Router {
  const router = Router();
  router.get("/media/*mediaPath", (request, response, next) => {
    const segments = request.params.mediaPath;
    const relative = segments.join("/");
    if (!SERVED_MEDIA.some((pattern) => pattern.test(relative))) throw new HttpError(404, `no media file ${relative}`);
    const absolute = media.absolutePath(path.join("media", ...segments));
    // defect media are rewritten in place when a better sighting comes in: browsers may keep them an hour, and only
    // browsers (private): they are served to signed-in users, not to whoever shares a proxy cache with them
    response.setHeader("Cache-Control", "private, max-age=3600");
    response.sendFile(absolute, { dotfiles: "deny", cacheControl: false }, (error) => {
      if (error !== undefined && !response.headersSent) next(new HttpError(404, `no media file ${relative}`));
    });
  });
  return router;
}

/**
 * Files of the built pages, a page by its name without .html (/planner is planner.html), and index.html, the map,
 * for any other page address (the map routes itself).
 */
function singlePageApp(clientDir: string): RequestHandler {
  const files = express.static(clientDir, { extensions: ["html"] });
  const indexHtml = path.join(clientDir, "index.html");
  return (request, response, next) => {
    files(request, response, () => {
      const isPageAddress =
        (request.method === "GET" || request.method === "HEAD") &&
        !request.path.startsWith("/api/") &&
        !request.path.startsWith("/media/") &&
        request.accepts("html") !== false;
      if (!isPageAddress) {
        next();
        return;
      }
      response.sendFile(indexHtml, (error) => {
        if (error !== undefined && !response.headersSent) next(error);
      });
    });
  };
}

/** body-parser's errors carry the status they mean */
interface HttpLikeError {
  status: number;
  type?: string;
  message: string;
}

function isHttpLikeError(error: unknown): error is HttpLikeError {
  return error instanceof Error && typeof (error as Partial<HttpLikeError>).status === "number";
}

function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { status, body } = errorResponse(error);
    if (status >= 500) log(`${request.method} ${request.originalUrl}: ${error instanceof Error ? (error.stack ?? error.message) : describeError(error)}`);
    response.status(status).json(body);
  };
}

const ACCOUNT_REJECTION_STATUS: Record<AccountRejection["kind"], number> = { invalid: 400, "not-found": 404, conflict: 409 };

function errorResponse(error: unknown): { status: number; body: { error: string; details?: readonly { path: string; message: string }[] } } {
  if (error instanceof HttpError) {
    return { status: error.status, body: error.details === undefined ? { error: error.message } : { error: error.message, details: error.details } };
  }
  if (error instanceof DispatchRejection) return { status: error.kind === "not-found" ? 404 : 400, body: { error: error.message } };
  if (error instanceof AccountRejection) return { status: ACCOUNT_REJECTION_STATUS[error.kind], body: { error: error.message } };
  // an unreadable uploaded photo
  if (error instanceof InputError) return { status: 400, body: { error: error.problem } };
  if (isHttpLikeError(error) && error.status >= 400 && error.status < 500) {
    if (error.type === "entity.parse.failed") return { status: 400, body: { error: "the request body is not valid JSON" } };
    if (error.type === "entity.too.large") return { status: 413, body: { error: "the request body is too large" } };
    return { status: error.status, body: { error: error.message } };
  }
  return { status: 500, body: { error: "internal server error" } };
}
