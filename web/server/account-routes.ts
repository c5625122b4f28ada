/** The admin's pages of accounts: users, device tokens, and the audit log. The access policy lets admins alone in. */
import { Router } from "express";
import { auditQuerySchema, newDeviceBodySchema, newUserBodySchema } from "./account-schemas.js";
import { auditEntryView, deviceView, userView } from "./account-views.js";
import { idParamsSchema } from "./api-schemas.js";
import { requirePrincipal } from "./auth/access-control.js";
import { HttpError, parseRequest } from "./http-errors.js";
import type { ServerContext } from "./server-context.js";

export function accountRoutes({ storage, accounts, audit }: ServerContext): Router {
  const router = Router();

  async function teamsById() {
    return new Map((await storage.teams.list()).map((team) => [team.id, team]));
  }

  router.get("/api/users", async (_request, response) => {
    const [users, teams] = await Promise.all([storage.users.list(), teamsById()]);
    response.json(users.map((user) => userView(user, teams)));
  });

  router.post("/api/users", async (request, response) => {
    const body = parseRequest(newUserBodySchema, request.body, "body");
    const user = await accounts.addUser(body);
    await audit.record(requirePrincipal(response), "user.created", `user:${user.id}`, { username: user.username, role: user.role, teamId: user.teamId });
    response.status(201).json(userView(user, await teamsById()));
  });

  router.post("/api/users/:id/disable", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const principal = requirePrincipal(response);
    // an admin locking themselves out would leave nobody to undo it
    if (principal.kind === "user" && principal.userId === id) throw new HttpError(400, "you cannot disable your own account");
    const user = await accounts.disableUser(id);
    await audit.record(principal, "user.disabled", `user:${user.id}`, { username: user.username });
    response.json(userView(user, await teamsById()));
  });

  router.get("/api/devices", async (_request, response) => {
    const nowMs = Date.now();
    response.json((await storage.devices.list()).map((device) => deviceView(device, nowMs)));
  });

  router.post("/api/devices", async (request, response) => {
    const body = parseRequest(newDeviceBodySchema, request.body, "body");
    const { device, token } = await accounts.issueDevice(body);
    await audit.record(requirePrincipal(response), "device.issued", `device:${device.id}`, { name: device.name, teamId: device.teamId });
    response.status(201).json({ device: deviceView(device, Date.now()), token });
  });

  router.post("/api/devices/:id/revoke", async (request, response) => {
    const { id } = parseRequest(idParamsSchema, request.params, "path");
    const device = await accounts.revokeDevice(id);
    await audit.record(requirePrincipal(response), "device.revoked", `device:${device.id}`, { name: device.name });
    response.json(deviceView(device, Date.now()));
  });

  router.get("/api/audit", async (request, response) => {
    const query = parseRequest(auditQuerySchema, request.query, "query");
    const { entries, total } = await storage.audit.list(query);
    response.json({ items: entries.map(auditEntryView), total, limit: query.limit, offset: query.offset });
  });

  return router;
}
