/** The road network under the map's defects, served by us so the page needs no outside tiles. */
import { Router } from "express";
import type { RoadNetwork } from "../../pipeline/roads/road-network.js";
import { roadsQuerySchema } from "./api-schemas.js";
import { parseRequest } from "./http-errors.js";

/** A whole municipality at low zoom stays under this; a larger network is cut, never sent in full. */
const MAX_ROAD_FEATURES = 20_000;

export function roadRoutes(roads: RoadNetwork | null): Router {
  const router = Router();
  router.get("/api/roads", (request, response) => {
    const { bbox } = parseRequest(roadsQuerySchema, request.query, "query");
    response.json(roads === null ? { type: "FeatureCollection", features: [] } : roads.linesIn(bbox, MAX_ROAD_FEATURES));
  });
  return router;
}
