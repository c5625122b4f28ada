/**
 * The one gate in front of every route: finds who is calling (a session cookie, or a device's bearer token),
 * enforces access-policy.ts for each /api and /media address and each page the table names, and checks the CSRF
 * token of every state-changing request a browser session makes. Routes read the caller with `principalOf`.
 */
import type { Request, RequestHandler, Response } from "express";
import { type AccountService, devicePrincipal, type SignedInSession } from "../../../pipeline/accounts/account-service.js";
import type { Principal } from "../../../pipeline/accounts/roles.js";
import { secretsEqual } from "../../../pipeline/accounts/secret-token.js";
import { FORM_POST_ENDPOINTS, matchEndpoint, type MatchedEndpoint } from "../access-policy.js";
import { HttpError } from "../http-errors.js";
import { isMultipart } from "../multipart.js";

export const SESSION_COOKIE = "roadwatch_session";
export const CSRF_HEADER = "X-CSRF-Token";

/** What the gate found, in response.locals: `principal` as the contract names it, the rest for the session routes. */
interface Authentication {
  principal: Principal;
  /** the cookie's token and its session; null for a device token */
  session: { token: string; signedIn: SignedInSession } | null;
  /** the CSRF token still has to come from the form (see verifyFormCsrfToken) */
  formCsrfPending: boolean;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const GUARDED_PREFIX = /^\/(api|media)(\/|$)/i;
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

export interface AccessControlSettings {
  accounts: AccountService;
  /** PUBLIC_BASE_URL: a sign-in may come from a page of this origin */
  publicBaseUrl: string;
}

export function accessControl({ accounts, publicBaseUrl }: AccessControlSettings): RequestHandler {
  const publicOrigin = new URL(publicBaseUrl).origin;
  return async (request, response, next) => {
    const endpoint = matchEndpoint(request.method, request.path);
    if (endpoint === null) {
      // the page's own files and addresses are open; anything else the server answers must be in the table
      if (GUARDED_PREFIX.test(request.path)) throw new HttpError(404, `no endpoint ${request.method} ${request.path}`);
      next();
      return;
    }
    const authentication = await authenticate(request, response, accounts);
    if (authentication !== null) {
      response.locals.principal = authentication.principal;
      response.locals.authentication = authentication;
    }
    if (endpoint.audiences.includes("public")) {
      if (endpoint.key === "POST /api/session") requireSameOrigin(request, publicOrigin);
      next();
      return;
    }
    if (authentication === null) {
      if (isPageRequest(request)) {
        // a crew member following a mailed link: sign in first, then back here
        response.redirect(303, `/?${new URLSearchParams({ next: request.originalUrl }).toString()}`);
        return;
      }
      throw new HttpError(401, "sign in first");
    }
    const audience = authentication.principal.kind === "device" ? "device" : authentication.principal.role;
    if (!endpoint.audiences.includes(audience)) throw new HttpError(403, `${describeAudience(authentication.principal)} may not ${endpoint.key}`);
    if (authentication.session !== null && !SAFE_METHODS.has(request.method)) checkCsrf(request, endpoint, authentication);
    next();
  };
}

/** Who called; undefined when nobody signed in (possible on public endpoints only). */
export function principalOf(response: Response): Principal | undefined {
  return authenticationOf(response)?.principal;
}

/** Who called, on an endpoint that is not public. */
export function requirePrincipal(response: Response): Principal {
  const principal = principalOf(response);
  if (principal === undefined) throw new HttpError(401, "sign in first");
  return principal;
}

/** The signed-in browser session, with its CSRF token; null for a device token or nobody. */
export function sessionOf(response: Response): { token: string; signedIn: SignedInSession } | null {
  return authenticationOf(response)?.session ?? null;
}

/** For FORM_POST_ENDPOINTS: call with the form's csrfToken field once the form is read. */
export function verifyFormCsrfToken(response: Response, formToken: string | undefined): void {
  const authentication = authenticationOf(response);
  if (authentication === undefined || !authentication.formCsrfPending) return;
  const expected = authentication.session?.signedIn.session.csrfToken;
  if (expected === undefined || formToken === undefined || !secretsEqual(formToken, expected)) throw csrfRejection();
  authentication.formCsrfPending = false;
}

/** The session cookie's token as the browser sent it; null without one. */
export function sessionTokenOf(request: Request): string | null {
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}

function authenticationOf(response: Response): Authentication | undefined {
  return response.locals.authentication as Authentication | undefined;
}

/**
 * A bearer token wins over a cookie, and a wrong one is an error rather than "nobody": a device whose token was
 * revoked or ran out must hear so. A stale cookie just means nobody is signed in.
 */
async function authenticate(request: Request, response: Response, accounts: AccountService): Promise<Authentication | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const token = BEARER.exec(authorization)?.[1];
    const device = token === undefined ? null : await accounts.authenticateDevice(token);
    if (device === null) {
      response.setHeader("WWW-Authenticate", 'Bearer error="invalid_token"');
      throw new HttpError(401, "the device token is unknown, revoked or expired");
    }
    return { principal: devicePrincipal(device), session: null, formCsrfPending: false };
  }
  const token = sessionTokenOf(request);
  if (token === null) return null;
  const signedIn = await accounts.resolveSession(token);
  return signedIn === null ? null : { principal: signedIn.principal, session: { token, signedIn }, formCsrfPending: false };
}

/**
 * Synchronizer token: the page got it with its session and sends it back in a header, which no other site can make
 * a browser send. A form without JavaScript cannot set headers; on the endpoints that take such forms the check
 * moves to the route, which reads the token from the form.
 */
function checkCsrf(request: Request, endpoint: MatchedEndpoint, authentication: Authentication): void {
  const given = request.get(CSRF_HEADER);
  if (given === undefined && FORM_POST_ENDPOINTS.has(endpoint.key) && isMultipart(request)) {
    authentication.formCsrfPending = true;
    return;
  }
  const expected = authentication.session?.signedIn.session.csrfToken;
  if (given === undefined || expected === undefined || !secretsEqual(given, expected)) throw csrfRejection();
}

function csrfRejection(): HttpError {
  return new HttpError(403, `missing or wrong ${CSRF_HEADER}`);
}

/**
 * Signing in from another site's page would sign the browser into an account of that site's choosing (login CSRF):
 * browsers say where a request comes from, and a sign-in must come from our own pages or from no page at all.
 */
function requireSameOrigin(request: Request, publicOrigin: string): void {
  const site = request.get("Sec-Fetch-Site");
  const origin = request.get("Origin");
  const sameOrigin =
    site !== undefined
      ? site === "same-origin" || site === "none"
      : origin === undefined || origin === publicOrigin || origin === `${request.protocol}://${request.get("Host") ?? ""}`;
  if (!sameOrigin) throw new HttpError(403, "sign in from roadwatch's own page");
}

function isPageRequest(request: Request): boolean {
  return request.method === "GET" && !GUARDED_PREFIX.test(request.path) && request.accepts(["json", "html"]) === "html";
}

function describeAudience(principal: Principal): string {
  return principal.kind === "device" ? "a device token" : `the ${principal.role} role`;
}

function readCookie(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const pair of header.split(";")) {
    const separator = pair.indexOf("=");
    // our tokens are base64url, which cookies carry as they are
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return null;
}
