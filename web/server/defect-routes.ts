/** The map's reads: defects in an area, one defect's history, what a drawn area holds, and exports. */
import { Router, type Response } from "express";
import type { GeoBounds } from "../../pipeline/geo/bounds.js";
import type { Defect } from "../../pipeline/storage/defect-repository.js";
import type { DefectFilters } from "../../pipeline/storage/defect-search-repository.js";
import { defectsInSelection } from "../dispatch/defects-in-selection.js";
import type { Selection } from "../dispatch/selection.js";
import {
  type DefectCollection,
  defectsQuerySchema,
  exportBodySchema,
  exportQuerySchema,
  filtersFromBody,
  filtersFromQuery,
  idParamsSchema,
  MAX_EXPORT_DEFECTS,
  MAX_PREVIEW_IDS,
  MAX_ROAD_DISTANCE_METERS,
  selectionPreviewBodySchema,
} from "./api-schemas.js";
import { requirePrincipal } from "./auth/access-control.js";
import { HttpError, parseRequest } from "./http-errors.js";
import { JsonResponseCache } from "./json-response-cache.js";
import type { ServerContext } from "./server-context.js";
import { defectDetails, defectFeature, defectsCsv } from "./views.js";

const WHOLE_MAP: GeoBounds = { minLat: -90, minLon: -180, maxLat: 90, maxLon: 180 };

type ExportFormat = "geojson" | "csv";

export function defectRoutes(context: ServerContext): Router {
  const { storage, labels } = context;
  const router = Router();
  const viewCache = new JsonResponseCache();

  router.get("/api/defects", async (request, response) => {
    const query = parseRequest(defectsQuerySchema, request.query, "query");
    await viewCache.send(request, response, JSON.stringify(query), await storage.changeToken(), async () => {
      const { defects, total } = await storage.defectSearch.page(query.bbox ?? WHOLE_MAP, filtersFromQuery(query), query);
      return featureCollection(defects, total, query.offset);
    });
  });

  router.get("/api/defects/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const defect = await storage.defects.get(id);
    if (defect === null) throw new HttpError(404, `defect ${id} does not exist`);
    const [observations, assignments] = await Promise.all([
      storage.defectSearch.observations(id),
      storage.workOrders.listForDefect(id),
    ]);
    const road = context.roads?.nearestRoad(defect, MAX_ROAD_DISTANCE_METERS) ?? null;
    response.json(defectDetails(defect, observations, assignments, road, labels));
  });

  router.post("/api/selection/preview", async (request, response) => {
    const body = parseRequest(selectionPreviewBodySchema, request.body, "body");
    const ids = await context.workOrders.selectDefectIds(body.selection, filtersFromBody(body.filters));
    response.json({ count: ids.length, ids: ids.slice(0, MAX_PREVIEW_IDS) });
  });

  for (const format of ["geojson", "csv"] as const) {
    router.get(`/api/export/defects.${format}`, async (request, response) => {
      const query = parseRequest(exportQuerySchema, request.query, "query");
      const { defects, total } = await storage.defectSearch.page(query.bbox ?? WHOLE_MAP, filtersFromQuery(query), query);
      await sendExport(response, format, defects, total, query.offset);
    });
    router.post(`/api/export/defects.${format}`, async (request, response) => {
      const body = parseRequest(exportBodySchema, request.body, "body");
      const defects = await exportedSelection(context, body.selection, filtersFromBody(body.filters));
      await sendExport(response, format, defects, defects.length, 0);
    });
  }

  async function sendExport(response: Response, format: ExportFormat, defects: readonly Defect[], total: number, offset: number): Promise<void> {
    await context.audit.record(requirePrincipal(response), "export.downloaded", `defects.${format}`, { count: defects.length, total, offset });
    response.setHeader("X-Total-Count", String(total));
    response.attachment(`defects.${format}`);
    if (format === "csv") response.type("text/csv; charset=utf-8").send(defectsCsv(defects, labels));
    else response.type("application/geo+json").send(JSON.stringify(featureCollection(defects, total, offset)));
  }

  function featureCollection(defects: readonly Defect[], total: number, offset: number): DefectCollection {
    const nextOffset = offset + defects.length;
    return {
      type: "FeatureCollection",
      features: defects.map((defect) => defectFeature(defect, labels)),
      numberMatched: total,
      numberReturned: defects.length,
      nextOffset: nextOffset < total ? nextOffset : null,
    };
  }

  return router;
}

async function exportedSelection(context: ServerContext, selection: Selection, filters: DefectFilters): Promise<Defect[]> {
  const inside = await defectsInSelection(context.storage.defectSearch, selection, filters);
  if (inside.length > MAX_EXPORT_DEFECTS) {
    throw new HttpError(400, `the selection holds ${inside.length} defects; an export takes at most ${MAX_EXPORT_DEFECTS}: draw a smaller area`);
  }
  return context.storage.defectSearch.getMany(inside.map((defect) => defect.id));
}
