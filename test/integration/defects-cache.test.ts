import { get } from "node:http";
import { describe, expect, it } from "vitest";
import { openStorage } from "../../pipeline/storage/database.js";
import { seedDefects, testScope } from "../support/web-server-harness.js";

const { server, defer } = testScope();

const FAXE = { lat: 55.2559, lon: 12.1178 };
const VIEW = "/api/defects?bbox=12.1,55.24,12.14,55.27";

interface DefectCollectionBody {
  features: { id: number }[];
  numberMatched: number;
}

/** As a browser revalidates what it has: fetch() would add Cache-Control: no-cache to a conditional request. */
function getView(baseUrl: string, cookie: string, etag?: string): Promise<{ status: number; etag: string | null; body: DefectCollectionBody | null }> {
  return new Promise((resolve, reject) => {
    const headers = etag === undefined ? { Cookie: cookie } : { Cookie: cookie, "If-None-Match": etag };
    get(`${baseUrl}${VIEW}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const body = text === "" ? null : (JSON.parse(text) as DefectCollectionBody);
        resolve({ status: response.statusCode ?? 0, etag: response.headers.etag ?? null, body });
      });
    }).on("error", reject);
  });
}

describe("GET /api/defects answers from its cache only while the data is unchanged", () => {
  it("answers 304 to a browser that has the current view, and the new view after the nightly pipeline wrote from another process", async () => {
    const app = await server();
    const { cookie } = await app.signIn("foreman");
    await seedDefects(app.storage, [FAXE, { lat: FAXE.lat + 0.001, lon: FAXE.lon }]);

    const first = await getView(app.baseUrl, cookie);
    expect(first.status).toBe(200);
    expect(first.body?.numberMatched).toBe(2);
    expect(first.etag).not.toBeNull();
    expect((await getView(app.baseUrl, cookie, first.etag!)).status).toBe(304);

    const pipeline = await openStorage(app.dataDir);
    defer(() => pipeline.close());
    await seedDefects(pipeline, [{ lat: FAXE.lat + 0.002, lon: FAXE.lon }], "night drive");

    const afterNight = await getView(app.baseUrl, cookie, first.etag!);
    expect(afterNight.status).toBe(200);
    expect(afterNight.body?.numberMatched).toBe(3);
    expect(afterNight.etag).not.toBe(first.etag);
  });

  it("shows a change the server itself wrote", async () => {
    const app = await server();
    const { cookie } = await app.signIn("foreman");
    await seedDefects(app.storage, [FAXE]);
    const before = await getView(app.baseUrl, cookie);
    expect(before.body?.numberMatched).toBe(1);

    await seedDefects(app.storage, [FAXE, { lat: FAXE.lat, lon: FAXE.lon + 0.002 }], "second drive");

    const after = await getView(app.baseUrl, cookie, before.etag!);
    expect(after.status).toBe(200);
    expect(after.body?.numberMatched).toBe(2);
  });

  it("sends the same view gzipped to a client that accepts gzip", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, [FAXE, { lat: FAXE.lat + 0.001, lon: FAXE.lon }]);
    const plain = await foreman.fetch(VIEW, { headers: { "Accept-Encoding": "identity" } });
    const zipped = await foreman.fetch(VIEW, { headers: { "Accept-Encoding": "gzip" } });

    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(await zipped.json()).toEqual(await plain.json());
  });
});
