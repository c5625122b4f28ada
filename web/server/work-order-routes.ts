/**
 * Work orders: sending a drawn area to a crew, following them, and the crews' reports, from the API and the printed
 * page. The access policy lets crews in; here they are held to their own team's work orders.
 */
import { type Response, Router } from "express";
import { actorName } from "../../pipeline/accounts/audit-trail.js";
import type { Principal } from "../../pipeline/accounts/roles.js";
import type { WorkOrderOutcome } from "../../pipeline/storage/schema.js";
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
import { CSRF_FORM_FIELD } from "./access-policy.js";
import { requirePrincipal, sessionOf, verifyFormCsrfToken } from "./auth/access-control.js";
import { HttpError, parseRequest } from "./http-errors.js";
import { isMultipart, readMultipartForm } from "./multipart.js";
import { renderPrintableWorkOrder } from "./print-page.js";
import type { ServerContext } from "./server-context.js";
import { workOrderDetails, workOrderView } from "./views.js";

/** a phone photo is a few MB; more is a video or a mistake */
export const MAX_OUTCOME_PHOTO_BYTES = 15 * 1024 * 1024;

export function workOrderRoutes(context: ServerContext): Router {
  const { storage, workOrders: service, sender, labels, audit } = context;
  const router = Router();

  async function view(workOrder: WorkOrder): Promise<WorkOrderView> {
    const counts = await storage.workOrders.defectCounts([workOrder.id]);
    return workOrderView(workOrder, counts.get(workOrder.id) ?? 0, sender.nextAttemptAtMs(workOrder));
  }

  async function details(workOrderId: number) {
    const { document, outcomePhotos } = await service.document(workOrderId);
    return workOrderDetails(document, outcomePhotos, sender.nextAttemptAtMs(document.workOrder), labels, context.depot);
  }

  /** The work order, when the caller may see it: a crew only its own team's. */
  async function visibleWorkOrder(response: Response, workOrderId: number): Promise<WorkOrder> {
    const workOrder = await storage.workOrders.get(workOrderId);
    if (workOrder === null) throw new HttpError(404, `work order ${workOrderId} does not exist`);
    const principal = requirePrincipal(response);
    if (crewTeam(principal) !== null && crewTeam(principal) !== workOrder.teamId) {
      throw new HttpError(403, `work order ${workOrder.number} belongs to another team`);
    }
    return workOrder;
  }

  router.get("/api/work-orders", async (request, response) => {
    const query = parseRequest(workOrderListQuerySchema, request.query, "query");
    const ownTeam = crewTeam(requirePrincipal(response));
    if (ownTeam !== null && query.team !== undefined && query.team !== ownTeam) throw new HttpError(403, "a crew sees its own team's work orders only");
    const { workOrders, total } = await storage.workOrders.list({
      teamId: ownTeam ?? query.team,
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
    const principal = requirePrincipal(response);
    const workOrder = await service.create({ ...body, filters: filtersFromBody(body.filters), createdBy: creatorName(response) });
    await audit.record(principal, "work_order.created", `work-order:${workOrder.id}`, { number: workOrder.number, teamId: workOrder.teamId });
    response.status(201).location(`/api/work-orders/${workOrder.id}`).json(await details(workOrder.id));
  });

  router.get("/api/work-orders/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    await visibleWorkOrder(response, id);
    response.json(await details(id));
  });

  router.patch("/api/work-orders/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const { status } = parseRequest(workOrderPatchSchema, request.body, "body");
    const workOrder = await service.setStatus(id, status);
    await audit.record(requirePrincipal(response), "work_order.status_changed", `work-order:${id}`, { number: workOrder.number, status });
    response.json(await view(workOrder));
  });

  router.post("/api/work-orders/:id/send", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const workOrder = await service.resend(id);
    await audit.record(requirePrincipal(response), "work_order.resent", `work-order:${id}`, { number: workOrder.number });
    response.json(await view(workOrder));
  });

  router.post("/api/work-orders/:id/defects/:defectId/outcome", async (request, response) => {
    const { id, defectId } = parseRequest(outcomeParamsSchema, request.params, "path");
    await visibleWorkOrder(response, id);
    const principal = requirePrincipal(response);
    const recordOutcome = async (outcome: WorkOrderOutcome, photo: Buffer | null) => {
      const workOrder = await service.recordOutcome(id, defectId, outcome, photo);
      await audit.record(principal, "work_order.outcome_recorded", `work-order:${id}`, { number: workOrder.number, defectId, outcome, photo: photo !== null });
      return workOrder;
    };
    if (isMultipart(request)) {
      const form = await readMultipartForm(request, { maxFileBytes: MAX_OUTCOME_PHOTO_BYTES, maxFiles: 1 });
      verifyFormCsrfToken(response, form.fields.get(CSRF_FORM_FIELD));
      const { outcome } = parseRequest(outcomeBodySchema.pick({ outcome: true }), Object.fromEntries(form.fields), "form");
      await recordOutcome(outcome, form.files.get("photo") ?? null);
      // back to the page the crew posted from, at the defect they reported
      response.redirect(303, `/work-orders/${id}/print#defect-${defectId}`);
      return;
    }
    const body = parseRequest(outcomeBodySchema, request.body, "body");
    const photo = typeof body.photo === "string" ? decodePhoto(body.photo) : null;
    response.json(await view(await recordOutcome(body.outcome, photo)));
  });

  router.get("/work-orders/:id/print", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    await visibleWorkOrder(response, id);
    const { document, outcomePhotos } = await service.document(id);
    // the policy lets only people in, who have a session; its token goes into the page's forms
    const session = sessionOf(response);
    if (session === null) throw new HttpError(401, "sign in first");
    response.type("html").send(renderPrintableWorkOrder(document, outcomePhotos, labels, session.signedIn.session.csrfToken));
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

/** Ids start at 1: a crew account without a team (which addUser does not make) sees no team's work orders. */
const NO_TEAM = 0;

/** A crew's team, whose work orders alone it may see; null for the roles that see every team's. */
function crewTeam(principal: Principal): number | null {
  if (principal.kind !== "user" || principal.role !== "crew") return null;
  return principal.teamId ?? NO_TEAM;
}

/** Who the printed work order and its mail say created it: the account's display name, else its username. */
function creatorName(response: Response): string {
  const user = sessionOf(response)?.signedIn.user;
  return user === undefined ? actorName(requirePrincipal(response)) : (user.displayName ?? user.username);
}
