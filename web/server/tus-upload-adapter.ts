/**
 * The one module that speaks tus, the resumable-upload protocol (@tus/server over @tus/file-store): it carries the
 * bytes, so an upload cut off by a dropped connection carries on from the last byte that arrived, and leaves every
 * decision (who, what, where to) to the UploadService.
 *
 * Mounted before the JSON body parser: a PATCH body is the file's bytes, streamed to disk as they come.
 */
import path from "node:path";
import { FileStore } from "@tus/file-store";
import { EVENTS, Server, type ServerOptions } from "@tus/server";
import { type RequestHandler, Router } from "express";
import type { Principal } from "../../pipeline/accounts/roles.js";
import { describeError } from "../../pipeline/errors.js";
import { requirePrincipal } from "./auth/access-control.js";
import { type TransferStore, UploadRejection, type UploadService } from "./upload-service.js";

/** Where uploads are created; each one lives at TUS_PATH/<id>. */
export const TUS_PATH = "/api/uploads/tus";

type TusRequest = Parameters<NonNullable<ServerOptions["onUploadCreate"]>>[0];

/** What tus answers for an error thrown by a hook. */
interface TusError {
  status_code: number;
  body: string;
}

/** Uploads in a folder: each as its bytes in <folder>/<id> and what tus knows of it in <folder>/<id>.json. */
export class TusTransferStore implements TransferStore {
  readonly datastore: FileStore;

  constructor(readonly directory: string) {
    this.datastore = new FileStore({ directory });
  }

  filePath(transferId: string): string {
    return path.join(this.directory, transferId);
  }

  async remove(transferId: string): Promise<void> {
    await this.datastore.remove(transferId);
  }
}

/**
 * POST and OPTIONS at TUS_PATH, HEAD, PATCH and DELETE at TUS_PATH/:id, behind the access control that finds the
 * caller (auth/access-control.ts).
 */
export function tusUploadRouter(service: UploadService, transfers: TusTransferStore, log: (line: string) => void): Router {
  // the hooks see tus's own request object: this carries the principal over from express's
  const principals = new WeakMap<object, Principal>();
  const principalOf = (request: TusRequest): Principal => {
    const nodeRequest = request.runtime?.node?.req;
    const principal = nodeRequest === undefined ? undefined : principals.get(nodeRequest);
    if (principal === undefined) throw tusError(401, "sign in or use a device token to upload");
    return principal;
  };

  const tus = new Server({
    path: TUS_PATH,
    datastore: transfers.datastore,
    // the Location of a new upload is /api/uploads/tus/<id>, right behind any reverse proxy
    relativeLocation: true,
    // no Access-Control-Allow-Origin: the upload page comes from this server, and no other site's page may upload
    allowedOrigins: [],
    onIncomingRequest: async (request, transferId) => {
      // a new upload is checked once its metadata is read, in onUploadCreate
      if (request.method === "POST") return;
      await mapRejection(() => service.authorize(principalOf(request), transferId));
    },
    onUploadCreate: async (request, upload) => {
      const metadata = upload.metadata ?? {};
      await mapRejection(() =>
        service.begin(principalOf(request), {
          transferId: upload.id,
          sizeBytes: upload.size,
          fileName: metadata.filename ?? undefined,
          declaredType: metadata.filetype ?? undefined,
          pairKey: metadata.pairkey ?? undefined,
        }),
      );
      return {};
    },
    onUploadFinish: async (_request, upload) => {
      await mapRejection(() => service.finish(upload.id, upload.storage?.path ?? transfers.filePath(upload.id)));
      return {};
    },
    onResponseError: (request, error) => {
      if (isTusError(error)) return undefined;
      log(`${request.method} ${new URL(request.url).pathname}: ${error.stack ?? error.message}`);
      return tusError(500, "internal server error");
    },
  });
  tus.on(EVENTS.POST_TERMINATE, (_request: TusRequest, _response: Response, transferId: string) => {
    service.abandon(transferId).catch((error: unknown) => log(`upload ${transferId} was given up, but: ${describeError(error)}`));
  });

  const handle: RequestHandler = async (request, response) => {
    principals.set(request, requirePrincipal(response));
    await tus.handle(request, response);
  };
  const router = Router();
  router.route(TUS_PATH).options(handle).post(handle);
  router.route(`${TUS_PATH}/:id`).head(handle).patch(handle).delete(handle);
  return router;
}

function tusError(status: number, message: string): TusError {
  return { status_code: status, body: message };
}

function isTusError(error: unknown): error is TusError {
  return typeof error === "object" && error !== null && typeof (error as Partial<TusError>).status_code === "number";
}

/** tus answers an error thrown by a hook with its status_code and body: an UploadRejection's status and message. */
async function mapRejection(step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    throw error instanceof UploadRejection ? tusError(error.status, error.message) : error;
  }
}
