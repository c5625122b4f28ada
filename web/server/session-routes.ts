/** Signing in and out of the web page: a session cookie, and the CSRF token the page sends back on every change. */
import { type Request, type Response, Router } from "express";
import type { User } from "../../pipeline/storage/user-repository.js";
import { type SessionView, signInBodySchema } from "./account-schemas.js";
import { userView } from "./account-views.js";
import { SESSION_COOKIE, sessionOf, sessionTokenOf } from "./auth/access-control.js";
import { HttpError, parseRequest } from "./http-errors.js";
import type { ServerContext } from "./server-context.js";

/** One message for every refusal: it does not tell which usernames exist. */
const REFUSED = "wrong username or password";

export function sessionRoutes(context: ServerContext, publicBaseUrl: string): Router {
  const { accounts, storage } = context;
  const router = Router();
  const alwaysSecure = publicBaseUrl.startsWith("https:");

  async function sessionView(user: User, csrfToken: string): Promise<SessionView> {
    const team = user.teamId === null ? null : await storage.teams.get(user.teamId);
    return { user: userView(user, new Map(team === null ? [] : [[team.id, team]])), csrfToken };
  }

  router.post("/api/session", async (request, response) => {
    const credentials = parseRequest(signInBodySchema, request.body, "body");
    const result = await accounts.signInWithPassword(credentials, request.ip ?? "unknown", sessionTokenOf(request));
    if (result.outcome === "throttled") {
      const seconds = Math.ceil(result.retryAfterMs / 1000);
      response.setHeader("Retry-After", String(seconds));
      throw new HttpError(429, `too many failed sign-ins: try again in ${Math.ceil(seconds / 60)} minutes`);
    }
    if (result.outcome === "refused") throw new HttpError(401, REFUSED);
    setSessionCookie(request, response, result.session.token, result.session.expiresAtMs);
    response.json(await sessionView(result.user, result.session.csrfToken));
  });

  router.get("/api/session", async (request, response) => {
    const session = sessionOf(response);
    if (session === null) {
      // the page asks this first: a cookie of a session that ended goes now
      if (sessionTokenOf(request) !== null) response.clearCookie(SESSION_COOKIE, cookieOptions(request));
      throw new HttpError(401, "not signed in");
    }
    response.json(await sessionView(session.signedIn.user, session.signedIn.session.csrfToken));
  });

  router.delete("/api/session", async (request, response) => {
    const session = sessionOf(response);
    if (session !== null) await accounts.endSession(session.token);
    response.clearCookie(SESSION_COOKIE, cookieOptions(request));
    response.status(204).end();
  });

  function cookieOptions(request: Request) {
    return { httpOnly: true, sameSite: "lax", secure: alwaysSecure || request.secure, path: "/" } as const;
  }

  /**
   * Lax, not Strict: a crew member opening the work-order link from a mail arrives from another site and must be
   * recognised; Lax still withholds the cookie from other sites' POSTs.
   */
  function setSessionCookie(request: Request, response: Response, token: string, expiresAtMs: number): void {
    response.cookie(SESSION_COOKIE, token, { ...cookieOptions(request), maxAge: expiresAtMs - Date.now() });
  }

  return router;
}
