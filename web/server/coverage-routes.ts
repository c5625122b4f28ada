/** The planner's reads and the one thing a planner changes: inspection coverage, its exports, and the policy. */
import { Router } from "express";
import { coverageCsv } from "../../pipeline/coverage/coverage-csv.js";
import type { SegmentState } from "../../pipeline/coverage/coverage-service.js";
import {
  type CoverageSegmentCollection,
  coverageQuerySchema,
  coverageSegmentsQuerySchema,
  MAX_COVERAGE_SEGMENTS,
  policyBodySchema,
} from "./coverage-schemas.js";
import { requirePrincipal } from "./auth/access-control.js";
import { parseRequest } from "./http-errors.js";
import type { ServerContext } from "./server-context.js";

export function coverageRoutes({ coverage, audit }: ServerContext): Router {
  const router = Router();

  router.get("/api/coverage", async (request, response) => {
    const { at } = parseRequest(coverageQuerySchema, request.query, "query");
    response.json(await coverage.summary(at ?? coverage.today()));
  });

  router.get("/api/coverage/segments", async (request, response) => {
    const query = parseRequest(coverageSegmentsQuerySchema, request.query, "query");
    const segments = await coverage.segments(query.bbox, query.at ?? coverage.today(), MAX_COVERAGE_SEGMENTS);
    response.type("application/geo+json").send(JSON.stringify(featureCollection(segments)));
  });

  router.get("/api/coverage/overdue.geojson", async (request, response) => {
    const at = parseRequest(coverageQuerySchema, request.query, "query").at ?? coverage.today();
    const needingDrive = await coverage.needingDrive(at);
    await audit.record(requirePrincipal(response), "export.downloaded", "coverage/overdue.geojson", { at, count: needingDrive.length });
    response.attachment(`overdue-roads-${at}.geojson`);
    response.type("application/geo+json").send(JSON.stringify(featureCollection(needingDrive)));
  });

  router.get("/api/coverage.csv", async (request, response) => {
    const at = parseRequest(coverageQuerySchema, request.query, "query").at ?? coverage.today();
    const [summary, needingDrive] = await Promise.all([coverage.summary(at), coverage.needingDrive(at)]);
    await audit.record(requirePrincipal(response), "export.downloaded", "coverage.csv", { at, count: needingDrive.length });
    response.attachment(`coverage-${at}.csv`);
    response.type("text/csv; charset=utf-8").send(coverageCsv(at, summary.classes, needingDrive));
  });

  router.get("/api/policy", async (_request, response) => {
    response.json({ intervals: await coverage.policy() });
  });

  router.put("/api/policy", async (request, response) => {
    const { roadClass, requiredIntervalDays } = parseRequest(policyBodySchema, request.body, "body");
    const intervals = await coverage.setInterval(roadClass, requiredIntervalDays);
    await audit.record(requirePrincipal(response), "policy.changed", `road-class:${roadClass}`, { requiredIntervalDays });
    response.json({ intervals });
  });

  return router;
}

function featureCollection(segments: readonly SegmentState[]): CoverageSegmentCollection {
  return {
    type: "FeatureCollection",
    features: segments.map(({ id, roadName, roadClass, lastInspected, requiredIntervalDays, status, coordinates }) => ({
      type: "Feature",
      id,
      geometry: { type: "LineString", coordinates },
      properties: { id, roadName, roadClass, lastInspected, requiredIntervalDays, status },
    })),
  };
}
