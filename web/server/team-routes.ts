import { Router } from "express";
import { idParamsSchema, newTeamSchema, teamPatchSchema } from "./api-schemas.js";
import { HttpError, parseRequest } from "./http-errors.js";
import type { ServerContext } from "./server-context.js";
import { teamView } from "./views.js";

export function teamRoutes({ storage }: ServerContext): Router {
  const router = Router();

  // a municipality has a handful of crews: the list needs no paging
  router.get("/api/teams", async (_request, response) => {
    response.json((await storage.teams.list()).map(teamView));
  });

  router.post("/api/teams", async (request, response) => {
    const team = await storage.teams.create(parseRequest(newTeamSchema, request.body, "body"));
    response.status(201).json(teamView(team));
  });

  router.get("/api/teams/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const team = await storage.teams.get(id);
    if (team === null) throw new HttpError(404, `team ${id} does not exist`);
    response.json(teamView(team));
  });

  router.patch("/api/teams/:id", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const team = await storage.teams.update(id, parseRequest(teamPatchSchema, request.body, "body"));
    if (team === null) throw new HttpError(404, `team ${id} does not exist`);
    response.json(teamView(team));
  });

  return router;
}
