import { Router } from "express";
import { requirePrincipal } from "./auth/access-control.js";
import type { UploadService } from "./upload-service.js";

/** The upload list; the uploads themselves come in through tus-upload-adapter.ts. */
export function uploadRoutes(uploads: UploadService): Router {
  const router = Router();

  router.get("/api/uploads", async (_request, response) => {
    response.json(await uploads.list(requirePrincipal(response)));
  });

  return router;
}
