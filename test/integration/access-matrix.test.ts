/**
 * Every endpoint of web/server/access-policy.ts, called by nobody, by each role and by a device: the gate must answer
 * 401 to nobody, 403 to a caller the table leaves out, and let the table's callers through to the route. And the
 * table and the OpenAPI document must name the same operations, so no endpoint goes undocumented or unguarded.
 */
import { describe, expect, it } from "vitest";
import { ROLES } from "../../pipeline/accounts/roles.js";
import { ACCESS_POLICY, type Audience, type EndpointKey, openApiPathOf } from "../../web/server/access-policy.js";
import { testScope } from "../support/web-server-harness.js";

const { server } = testScope();

type Caller = "nobody" | Audience;

/**
 * An address for a pattern: ids no record has, so that no call changes anything (and a crew's own-team check, which
 * needs the record, does not come into it); the answers of the routes are 400 or 404, which is not the point here.
 */
function concreteAddress(pattern: string): string {
  return pattern.replace(/:\w+/g, "999").replace(/\*\w+/, "defects/999/thumbnail.jpg");
}

/** What the route itself may answer with 401 although the gate let the caller in. */
const ROUTE_ANSWERS_401: ReadonlySet<EndpointKey> = new Set<EndpointKey>(["GET /api/session"]);

describe("the access policy", () => {
  it("answers 401 to nobody, 403 to the roles it leaves out, and lets its own roles through, on every endpoint", async () => {
    const app = await server();
    const admin = await app.signIn("admin");
    const clients = {
      admin,
      crew: await app.signIn("crew"),
      foreman: await app.signIn("foreman"),
      planner: await app.signIn("planner"),
    };
    const issued = await admin.sendJson<{ token: string }>("POST", "/api/devices", { name: "dashcam-7" });
    const call = (caller: Caller, method: string, address: string): Promise<Response> => {
      const init: RequestInit = method === "GET" ? { method } : { method, headers: { "Content-Type": "application/json" }, body: "{}" };
      if (caller === "nobody") return fetch(`${app.baseUrl}${address}`, { ...init, redirect: "manual" });
      if (caller === "device") {
        return fetch(`${app.baseUrl}${address}`, { ...init, headers: { ...init.headers, Authorization: `Bearer ${issued.body.token}` } });
      }
      return clients[caller as keyof typeof clients].fetch(address, init);
    };

    // signing out ends the sessions the other calls use: last
    const entries = (Object.entries(ACCESS_POLICY) as [EndpointKey, readonly Audience[]][]).sort(
      ([a], [b]) => Number(a === "DELETE /api/session") - Number(b === "DELETE /api/session"),
    );
    const callers: Caller[] = ["nobody", "device", ...ROLES];
    const wrong: string[] = [];
    for (const [key, audiences] of entries) {
      const [method, pattern] = key.split(" ") as [string, string];
      for (const caller of callers) {
        const { status } = await call(caller, method, concreteAddress(pattern));
        const allowed = audiences.includes("public") || (caller !== "nobody" && audiences.includes(caller));
        const fine = allowed
          ? status !== 403 && (status !== 401 || ROUTE_ANSWERS_401.has(key))
          : status === (caller === "nobody" ? 401 : 403);
        if (!fine) wrong.push(`${key} as ${caller}: ${status} (${allowed ? "allowed" : "not allowed"})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("denies what it does not name: 404 for any other /api address, whoever asks", async () => {
    const app = await server();
    const admin = await app.signIn("admin");
    for (const address of ["/api/nothing-here", "/api/users/1", "/api/defects/1/photos", "/api"]) {
      expect((await fetch(`${app.baseUrl}${address}`)).status, address).toBe(404);
      expect((await admin.fetch(address)).status, address).toBe(404);
    }
    // another spelling of a named endpoint is the same endpoint, guarded alike
    expect((await fetch(`${app.baseUrl}/API/Users`)).status).toBe(401);
    expect((await fetch(`${app.baseUrl}/api/users/`)).status).toBe(401);
  });

  it("names the same operations as the OpenAPI document, and the document names their roles", async () => {
    const app = await server();
    const { body } = await (await app.signIn("foreman")).getJson<{ paths: Record<string, Record<string, { "x-roles"?: string[] }>> }>(
      "/api/openapi.json",
    );
    // the table reads HEAD as GET, as express does
    const documented = Object.entries(body.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method === "head" ? "get" : method} ${path}`),
    );
    const guarded = Object.keys(ACCESS_POLICY).map((key) => {
      const { method, path } = openApiPathOf(key as EndpointKey);
      return `${method} ${path}`;
    });
    expect([...new Set(documented)].sort()).toEqual([...guarded].sort());
    expect(body.paths["/api/users"]?.post?.["x-roles"]).toEqual(["admin"]);
    expect(body.paths["/api/session"]?.post?.["x-roles"]).toEqual(["public"]);
  });
});
