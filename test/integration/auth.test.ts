/**
 * Signing in and what it guards, over HTTP against the real server: sessions and their cookie, session fixation,
 * CSRF, the sign-in rate limit, disabled accounts, device tokens, role escalation, crews held to their own team,
 * media for signed-in roles only, the audit log and the security headers.
 */
import { describe, expect, it } from "vitest";
import { newSecretToken, tokenDigest } from "../../pipeline/accounts/secret-token.js";
import { sessionCookieOf } from "../support/sign-in.js";
import {
  giveThumbnail,
  pointsEast,
  seedDefects,
  TEST_PASSWORD,
  type TestClient,
  testScope,
  type TestServer,
} from "../support/web-server-harness.js";

const { server } = testScope();

const FAXE = { lat: 55.255, lon: 12.12 };
/** a square of about 250 m around FAXE */
const AROUND_FAXE = {
  type: "Polygon",
  coordinates: [[[12.118, 55.254], [12.122, 55.254], [12.122, 55.256], [12.118, 55.256], [12.118, 55.254]]],
};

interface SessionBody {
  user: { username: string; role: string; teamId: number | null; displayName: string | null; teamName: string | null };
  csrfToken: string;
}

function postSession(app: TestServer, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${app.baseUrl}/api/session`, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
}

/** A request carrying only a cookie, as a browser would send it from another site's page: no CSRF token. */
function withCookie(app: TestServer, cookie: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.baseUrl}${path}`, { ...init, headers: { ...init.headers, Cookie: cookie }, redirect: "manual" });
}

function withBearer(app: TestServer, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${app.baseUrl}${path}`, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
}

async function issueDevice(admin: TestClient, name: string): Promise<string> {
  const issued = await admin.sendJson<{ token: string }>("POST", "/api/devices", { name });
  expect(issued.status).toBe(201);
  return issued.body.token;
}

describe("signing in and out", () => {
  it("opens a session in an HttpOnly cookie, answers who is signed in, and ends it on sign-out", async () => {
    const app = await server();
    const crew = await app.signIn("crew", { username: "jens", displayName: "Jens Hansen" });

    const signedIn = await postSession(app, { username: "JENS ", password: TEST_PASSWORD });
    expect(signedIn.status).toBe(200);
    const body = (await signedIn.json()) as SessionBody;
    expect(body.user).toEqual({ id: 1, username: "jens", displayName: "Jens Hansen", role: "crew", teamId: crew.teamId, teamName: "Hold jens", disabled: false, createdAt: expect.any(String) });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = signedIn.headers.getSetCookie().find((line) => line.startsWith("roadwatch_session="))!;
    // PUBLIC_BASE_URL of the test server is https: the cookie is Secure
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Lax/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; Path=\//);
    const cookie = sessionCookieOf(signedIn)!;

    const current = await withCookie(app, cookie, "/api/session");
    expect(((await current.json()) as SessionBody).csrfToken).toBe(body.csrfToken);

    expect((await withCookie(app, cookie, "/api/session", { method: "DELETE" })).status).toBe(403);
    const signedOut = await withCookie(app, cookie, "/api/session", { method: "DELETE", headers: { "X-CSRF-Token": body.csrfToken } });
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.getSetCookie().join()).toMatch(/roadwatch_session=;/);
    expect((await withCookie(app, cookie, "/api/session")).status).toBe(401);
    expect((await withCookie(app, cookie, "/api/work-orders")).status).toBe(401);
  });

  it("answers a wrong password and an unknown user alike", async () => {
    const app = await server();
    await app.signIn("foreman", { username: "mette" });
    const wrongPassword = await postSession(app, { username: "mette", password: "not the password" });
    const unknownUser = await postSession(app, { username: "nobody", password: TEST_PASSWORD });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(await wrongPassword.json()).toEqual(await unknownUser.json());
    expect(sessionCookieOf(wrongPassword)).toBeNull();
  });

  it("gives a new session id at every sign-in, and the one sent along, planted or real, is dead after", async () => {
    const app = await server();
    const first = await app.signIn("foreman", { username: "mette" });

    const again = await postSession(app, { username: "mette", password: TEST_PASSWORD }, { Cookie: first.cookie });
    const second = sessionCookieOf(again)!;
    expect(second).not.toBe(first.cookie);
    expect((await withCookie(app, first.cookie, "/api/session")).status).toBe(401);
    expect((await withCookie(app, second, "/api/session")).status).toBe(200);

    // a session id an attacker chose is never adopted
    const planted = `roadwatch_session=${newSecretToken()}`;
    const afterPlanted = await postSession(app, { username: "mette", password: TEST_PASSWORD }, { Cookie: planted });
    const given = sessionCookieOf(afterPlanted)!;
    expect(given).toMatch(/^roadwatch_session=[\w-]{43}$/);
    expect(given).not.toBe(planted);
    expect((await withCookie(app, given, "/api/session")).status).toBe(200);
    const stale = await withCookie(app, planted, "/api/session");
    expect(stale.status).toBe(401);
    expect(stale.headers.getSetCookie().join()).toMatch(/^roadwatch_session=;/);
  });

  it("refuses a sign-in posted from another site's page", async () => {
    const app = await server();
    await app.signIn("foreman", { username: "mette" });
    const credentials = { username: "mette", password: TEST_PASSWORD };
    expect((await postSession(app, credentials, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await postSession(app, credentials, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await postSession(app, credentials, { "Sec-Fetch-Site": "same-origin" })).status).toBe(200);
    expect((await postSession(app, credentials, { Origin: "https://vejdrift.faxe.example" })).status).toBe(200);
  });

  it("refuses a username after too many failures, with Retry-After, the right password included", async () => {
    const app = await server({ loginMaxFailures: 3 });
    await app.signIn("foreman", { username: "mette" });
    await app.signIn("planner", { username: "lise" });
    for (let attempt = 0; attempt < 3; attempt++) expect((await postSession(app, { username: "mette", password: `guess ${attempt}` })).status).toBe(401);

    const throttled = await postSession(app, { username: "mette", password: TEST_PASSWORD });
    expect(throttled.status).toBe(429);
    const retryAfterSeconds = Number(throttled.headers.get("retry-after"));
    expect(retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    // another username from the same address may still sign in: the address's limit is four times higher
    expect((await postSession(app, { username: "lise", password: TEST_PASSWORD })).status).toBe(200);
  });

  it("signs a disabled account out at once and lets it in no more", async () => {
    const app = await server();
    const admin = await app.signIn("admin");
    const crew = await app.signIn("crew", { username: "jens" });
    const users = await admin.getJson<{ id: number; username: string }[]>("/api/users");
    const jens = users.body.find((user) => user.username === "jens")!;

    const disabled = await admin.sendJson<{ disabled: boolean }>("POST", `/api/users/${jens.id}/disable`, {});
    expect(disabled.body.disabled).toBe(true);
    expect((await crew.getJson("/api/work-orders")).status).toBe(401);
    expect((await postSession(app, { username: "jens", password: TEST_PASSWORD })).status).toBe(401);

    const self = users.body.find((user) => user.username === admin.username)!;
    expect((await admin.sendJson("POST", `/api/users/${self.id}/disable`, {})).status).toBe(400);
  });
});

describe("CSRF", () => {
  it("refuses a change from a session without the session's X-CSRF-Token, and takes it with", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const other = await app.signIn("foreman");
    const team = JSON.stringify({ name: "Vejhold Syd", emails: ["syd@faxe.example"] });
    const post = (headers: Record<string, string>) =>
      withCookie(app, foreman.cookie, "/api/teams", { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: team });

    expect((await post({})).status).toBe(403);
    expect((await post({ "X-CSRF-Token": "guessed" })).status).toBe(403);
    expect((await post({ "X-CSRF-Token": other.csrfToken })).status).toBe(403);
    expect((await foreman.getJson<unknown[]>("/api/teams")).body).toEqual([]);
    expect((await post({ "X-CSRF-Token": foreman.csrfToken })).status).toBe(201);
  });

  it("takes the printed work order's form with the token as a field, and without it refuses", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [defectId] = await seedDefects(app.storage, [FAXE]);
    const crew = await app.signIn("crew");
    const order = await foreman.sendJson<{ id: number }>("POST", "/api/work-orders", { selection: AROUND_FAXE, teamId: crew.teamId });
    const outcome = (fields: Record<string, string>) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.set(name, value);
      return withCookie(app, crew.cookie, `/api/work-orders/${order.body.id}/defects/${defectId}/outcome`, { method: "POST", body: form });
    };

    expect((await outcome({ outcome: "repaired" })).status).toBe(403);
    expect((await outcome({ outcome: "repaired", csrfToken: "guessed" })).status).toBe(403);
    expect((await foreman.getJson<{ status: string }>(`/api/defects/${defectId}`)).body.status).toBe("assigned");
    expect((await outcome({ outcome: "repaired", csrfToken: crew.csrfToken })).status).toBe(303);
    expect((await foreman.getJson<{ status: string }>(`/api/defects/${defectId}`)).body.status).toBe("repaired");
  });
});

describe("device tokens", () => {
  it("let a device upload without a password or CSRF token, and do nothing else", async () => {
    const app = await server();
    const admin = await app.signIn("admin");
    const token = await issueDevice(admin, "dashcam-7");
    expect(token).toMatch(/^rwd_/);

    const upload = await withBearer(app, token, "/api/uploads/tus", { method: "OPTIONS" });
    expect([401, 403]).not.toContain(upload.status);
    expect((await withBearer(app, token, "/api/defects")).status).toBe(403);
    expect((await withBearer(app, token, "/api/devices")).status).toBe(403);
    expect((await withBearer(app, token, "/api/users", { method: "POST", body: "{}" })).status).toBe(403);
    expect((await withBearer(app, token, "/media/defects/1/thumbnail.jpg")).status).toBe(403);
    const devices = await admin.getJson<{ name: string; lastUsedAt: string | null; state: string }[]>("/api/devices");
    expect(devices.body).toMatchObject([{ name: "dashcam-7", state: "active", lastUsedAt: expect.any(String) }]);
  });

  it("answer 401 once revoked, expired or never issued", async () => {
    const app = await server();
    const admin = await app.signIn("admin");
    const revokedToken = await issueDevice(admin, "phone-1");
    const [device] = (await admin.getJson<{ id: number }[]>("/api/devices")).body;
    expect((await admin.sendJson<{ state: string }>("POST", `/api/devices/${device!.id}/revoke`, {})).body.state).toBe("revoked");

    const expiredToken = newSecretToken("rwd_");
    await app.storage.devices.create({ name: "phone-2", teamId: null, tokenDigest: tokenDigest(expiredToken), expiresAtMs: Date.now() - 1000 });

    for (const token of [revokedToken, expiredToken, newSecretToken("rwd_"), "not a token at all"]) {
      const response = await withBearer(app, token, "/api/uploads/tus", { method: "OPTIONS" });
      expect(response.status, token).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
  });
});

describe("roles", () => {
  it("keep a crew from making accounts, devices or work orders, or changing teams", async () => {
    const app = await server();
    const crew = await app.signIn("crew");
    const planner = await app.signIn("planner");
    expect((await crew.sendJson("POST", "/api/users", { username: "boss", role: "admin", password: "a very long password" })).status).toBe(403);
    expect((await crew.sendJson("POST", "/api/devices", { name: "mine" })).status).toBe(403);
    expect((await crew.sendJson("POST", "/api/work-orders", { selection: AROUND_FAXE, teamId: crew.teamId })).status).toBe(403);
    expect((await crew.sendJson("PATCH", `/api/teams/${crew.teamId}`, { name: "Renamed" })).status).toBe(403);
    expect((await crew.getJson("/api/defects")).status).toBe(403);
    expect((await crew.getJson("/api/audit")).status).toBe(403);
    expect((await planner.sendJson("POST", "/api/work-orders", { selection: AROUND_FAXE, teamId: crew.teamId })).status).toBe(403);
    expect((await planner.getJson("/api/defects")).status).toBe(200);
    expect((await app.storage.users.list()).map((user) => user.username).sort()).toEqual([crew.username, planner.username].sort());
  });

  it("lets an admin add accounts, and turns down a crew without a team and a taken username", async () => {
    const app = await server();
    const admin = await app.signIn("admin");
    const added = await admin.sendJson<{ username: string; role: string }>("POST", "/api/users", {
      username: "Lise.Planner",
      role: "planner",
      password: "a very long password",
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ username: "lise.planner", role: "planner" });
    expect((await postSession(app, { username: "lise.planner", password: "a very long password" })).status).toBe(200);
    expect((await admin.sendJson("POST", "/api/users", { username: "lise.planner", role: "crew", teamId: null, password: "another long one" })).status).toBe(400);
    expect((await admin.sendJson("POST", "/api/users", { username: "lise.planner", role: "planner", password: "another long one" })).status).toBe(409);
    expect((await admin.sendJson("POST", "/api/users", { username: "kort", role: "planner", password: "short" })).status).toBe(400);
  });

  it("hold a crew to its own team's work orders", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, pointsEast(FAXE, 2, 60));
    const east = await app.signIn("crew");
    const west = await app.signIn("crew");
    const theirs = await foreman.sendJson<{ id: number; defectIds: number[] }>("POST", "/api/work-orders", { selection: AROUND_FAXE, teamId: west.teamId });
    expect(theirs.status).toBe(201);

    const listed = await east.getJson<{ items: unknown[]; total: number }>("/api/work-orders");
    expect(listed.body.total).toBe(0);
    expect((await east.getJson(`/api/work-orders?team=${west.teamId}`)).status).toBe(403);
    expect((await east.getJson(`/api/work-orders/${theirs.body.id}`)).status).toBe(403);
    expect((await east.fetch(`/work-orders/${theirs.body.id}/print`)).status).toBe(403);
    const report = `/api/work-orders/${theirs.body.id}/defects/${theirs.body.defectIds[0]}/outcome`;
    expect((await east.sendJson("POST", report, { outcome: "repaired" })).status).toBe(403);

    expect((await west.getJson<{ total: number }>("/api/work-orders")).body.total).toBe(1);
    expect((await west.sendJson("POST", report, { outcome: "repaired" })).status).toBe(200);
  });
});

describe("media and pages", () => {
  it("serve photos to signed-in people only, privately cached", async () => {
    const app = await server();
    const [defectId] = await seedDefects(app.storage, [FAXE]);
    await giveThumbnail(app, defectId!);
    const address = `/media/defects/${defectId}/thumbnail.jpg`;
    expect((await fetch(`${app.baseUrl}${address}`)).status).toBe(401);
    for (const role of ["crew", "planner", "foreman", "admin"] as const) {
      const image = await (await app.signIn(role)).fetch(address);
      expect(image.status, role).toBe(200);
      expect(image.headers.get("cache-control"), role).toBe("private, max-age=3600");
    }
  });

  it("sends a signed-out browser from a mailed work-order link to sign in, and back after", async () => {
    const app = await server();
    const page = await fetch(`${app.baseUrl}/work-orders/4/print`, { headers: { Accept: "text/html,application/xhtml+xml" }, redirect: "manual" });
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe("/?next=%2Fwork-orders%2F4%2Fprint");
    expect((await fetch(`${app.baseUrl}/work-orders/4/print`)).status).toBe(401);
  });

  it("answers with security headers and no stack trace", async () => {
    const app = await server();
    const response = await fetch(`${app.baseUrl}/api/session`);
    const csp = response.headers.get("content-security-policy")!;
    for (const directive of ["default-src 'self'", "script-src 'self'", "worker-src 'self' blob:", "frame-ancestors 'none'", "object-src 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).toContain("https://tile.openstreetmap.org");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    expect(response.headers.get("x-powered-by")).toBeNull();
  });
});

describe("the audit log", () => {
  it("records who assigned, completed, exported and changed accounts and devices, for admins only", async () => {
    const app = await server();
    const admin = await app.signIn("admin", { username: "root" });
    const foreman = await app.signIn("foreman", { username: "mette" });
    const [defectId] = await seedDefects(app.storage, [FAXE]);
    const crew = await app.signIn("crew", { username: "jens" });
    const order = await foreman.sendJson<{ id: number }>("POST", "/api/work-orders", { selection: AROUND_FAXE, teamId: crew.teamId });
    await crew.sendJson("POST", `/api/work-orders/${order.body.id}/defects/${defectId}/outcome`, { outcome: "repaired" });
    await foreman.fetch("/api/export/defects.csv");
    await admin.sendJson("POST", "/api/users", { username: "lise", role: "planner", password: "a very long password" });
    await issueDevice(admin, "dashcam-7");

    const audit = await admin.getJson<{ items: { actor: string; action: string; target: string }[]; total: number }>("/api/audit");
    expect(audit.body.items.map(({ actor, action, target }) => [actor, action, target])).toEqual([
      ["root", "device.issued", "device:1"],
      ["root", "user.created", "user:4"],
      ["mette", "export.downloaded", "defects.csv"],
      ["jens", "work_order.outcome_recorded", `work-order:${order.body.id}`],
      ["mette", "work_order.created", `work-order:${order.body.id}`],
    ]);
    const exports = await admin.getJson<{ total: number }>("/api/audit?action=export.downloaded");
    expect(exports.body.total).toBe(1);
    expect((await foreman.getJson("/api/audit")).status).toBe(403);
  });
});
