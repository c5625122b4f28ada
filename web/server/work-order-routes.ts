/** Work orders: sending a drawn area to a crew, following them, and the crews' reports, from the API and the printed page. */
import { Router } from "express";
import type { WorkOrder } from "../../pipeline/storage/work-order-repository.js";
import {
  filtersFromBody,
  idParamsSchema,
  newWorkOrderBodySchema,
  outcomeBodySchema,
  outcomeParamsSchema,
  workOrderListQuerySchema,
  workOrderPatchSchema,
  type WorkOrderView,
} from "./api-schemas.js";
import { HttpError, parseRequest } from "./http-errors.js";
import { isMultipart, readMultipartForm } from "./multipart.js";
import { renderPrintableWorkOrder } from "./print-page.js";
import type { ServerContext } from "./server-context.js";
import { workOrderDetails, workOrderView } from "./views.js";

/** a phone photo is a few MB; more is a video or a mistake */
export const MAX_OUTCOME_PHOTO_BYTES = 15 * 1024 * 1024;

export function workOrderRoutes(context: ServerContext): Router {
  const { storage, workOrders: service, sender, labels } = context;
  const router = Router();

  async function view(workOrder: WorkOrder): Promise<WorkOrderView> {
    const counts = await storage.workOrders.defectCounts([workOrder.id]);
    return workOrderView(workOrder, counts.get(workOrder.id) ?? 0, sender.nextAttemptAtMs(workOrder));
  }

  async function details(workOrderId: number) {
    const { document, outcomePhotos } = await service.document(workOrderId);
    return workOrderDetails(document, outcomePhotos, sender.nextAttemptAtMs(document.workOrder), labels, context.depot);
  }

  router.get("/api/work-orders", async (request, response) => {
    const query = parseRequest(workOrderListQuerySchema, request.query, "query");
    const { workOrders, total } = await storage.workOrders.list({
      teamId: query.team,
      statuses: query.status === undefined || query.status.length === 0 ? undefined : query.status,
      limit: query.limit,
      offset: query.offset,
    });
    const counts = await storage.workOrders.defectCounts(workOrders.map((workOrder) => workOrder.id));
    response.json({
      items: workOrders.map((workOrder) => workOrderView(workOrder, counts.get(workOrder.id) ?? 0, sender.nextAttemptAtMs(workOrder))),
      total,
      limit: query.limit,
      offset: query.offset,
    });
  });

  router.post("/api/work-orders", async (request, response) => {
    const body = parseRequest(newWorkOrderBodySchema, request.body, "body");
    const workOrder = await service.create({ ...body, filters: filtersFromBody(body.filters) });
    response.status(201).location(`/api/work-orders/${workOrder.id}`).json(await details(workOrder.id));
  });

  router.get("/api/work-orders/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    response.json(await details(id));
  });

  router.patch("/api/work-orders/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const { status } = parseRequest(workOrderPatchSchema, request.body, "body");
    response.json(await view(await service.setStatus(id, status)));
  });

  router.post("/api/work-orders/:id/send", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    response.json(await view(await service.resend(id)));
  });

  router.post("/api/work-orders/:id/defects/:defectId/outcome", async (request, response) => {
    const { id, defectId } = parseRequest(outcomeParamsSchema, request.params, "path");
    if (isMultipart(request)) {
      const form = await readMultipartForm(request, { maxFileBytes: MAX_OUTCOME_PHOTO_BYTES, maxFiles: 1 });
      const { outcome } = parseRequest(outcomeBodySchema.pick({ outcome: true }), Object.fromEntries(form.fields), "form");
      await service.recordOutcome(id, defectId, outcome, form.files.get("photo") ?? null);
      // back to the page the crew posted from, at the defect they reported
      response.redirect(303, `/work-orders/${id}/print#defect-${defectId}`);
      return;
    }
    const body = parseRequest(outcomeBodySchema, request.body, "body");
    const photo = typeof body.photo === "string" ? decodePhoto(body.photo) : null;
    response.json(await view(await service.recordOutcome(id, defectId, body.outcome, photo)));
  });

  router.get("/work-orders/:id/print", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const { document, outcomePhotos } = await service.document(id);
    response.type("html").send(renderPrintableWorkOrder(document, outcomePhotos, labels));
  });

  return router;
}

/** Base64, alone or as a data: URL. */
function decodePhoto(text: string): Buffer {
  const photo = Buffer.from(text.replace(/^data:[^,]*;base64,/, ""), "base64");
  if (photo.length === 0) throw new HttpError(400, "invalid request: body.photo: not base64 image data", [{ path: "body.photo", message: "not base64 image data" }]);
  if (photo.length > MAX_OUTCOME_PHOTO_BYTES) throw new HttpError(413, `the photo is larger than ${MAX_OUTCOME_PHOTO_BYTES} bytes`);
  return photo;
}
