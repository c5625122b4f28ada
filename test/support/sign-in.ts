/**
 * A client signed in to a running server through the real POST /api/session, as a browser is: it sends the session
 * cookie, and the CSRF token on every state-changing request. For tests and benchmarks alike (no vitest here).
 */

/** Requests as one signed-in browser makes them; `path` is relative to the server, e.g. "/api/teams". */
export interface SessionClient {
  username: string;
  csrfToken: string;
  /** the Cookie header it sends */
  cookie: string;
  /** with the cookie, and the CSRF token on every method but GET and HEAD */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  getJson<T = unknown>(path: string): Promise<{ status: number; body: T }>;
  sendJson<T = unknown>(method: string, path: string, body: unknown): Promise<{ status: number; body: T }>;
}

/** Signs in through POST /api/session; throws unless it answers 200. */
export async function signInAs(baseUrl: string, username: string, password: string): Promise<SessionClient> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`signing in as ${username} answered ${response.status}: ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = sessionCookieOf(response);
  if (cookie === null) throw new Error(`signing in as ${username} set no session cookie`);
  const clientFetch = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Cookie", cookie);
    const method = (init.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD") headers.set("X-CSRF-Token", csrfToken);
    return fetch(`${baseUrl}${path}`, { ...init, headers, redirect: "manual" });
  };
  return {
    username,
    csrfToken,
    cookie,
    fetch: clientFetch,
    getJson: async <T>(path: string) => jsonOf<T>(await clientFetch(path)),
    sendJson: async <T>(method: string, path: string, body: unknown) =>
      jsonOf<T>(await clientFetch(path, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })),
  };
}

/** "roadwatch_session=<token>" from a response's Set-Cookie, or null. */
export function sessionCookieOf(response: Response): string | null {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith("roadwatch_session="));
  return cookie === undefined ? null : cookie.split(";")[0]!;
}

async function jsonOf<T>(response: Response): Promise<{ status: number; body: T }> {
  return { status: response.status, body: (await response.json()) as T };
}

