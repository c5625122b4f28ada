/** A crew's photo of a repair, with a parked car in it, is stored with the number plate obscured. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRgb, encodeJpeg } from "../../pipeline/adapters/image.js";
import { loadConfig } from "../../pipeline/config.js";
import { Anonymiser } from "../../pipeline/privacy/anonymiser.js";
import { detailInside } from "../support/image-detail.js";
import { renderScene } from "../support/privacy-scene.js";
import { pointsEast, seedDefects, testScope } from "../support/web-server-harness.js";

const scope = testScope();
const FAXE = { lat: 55.255, lon: 12.12 };
const AROUND_FAXE = { type: "Circle", center: [FAXE.lon, FAXE.lat], radiusMeters: 50 };

let anonymiser: Anonymiser;

beforeAll(async () => {
  anonymiser = await Anonymiser.load({ ...loadConfig().privacy, threads: 2 });
});

afterAll(async () => {
  await anonymiser.close();
});

describe("an outcome photo", () => {
  it("is stored with the plate in it obscured", async () => {
    const server = await scope.server({ anonymiser });
    const [defectId] = await seedDefects(server.storage, pointsEast(FAXE, 1, 100));
    const foreman = await server.signIn("foreman");
    const team = await foreman.sendJson<{ id: number }>("POST", "/api/teams", { name: "Vejhold Syd", emails: ["syd@faxe.example"], language: "da" });
    const order = await foreman.sendJson<{ id: number }>("POST", "/api/work-orders", { selection: AROUND_FAXE, teamId: team.body.id });
    expect(order.status).toBe(201);
    const crew = await server.signIn("crew", { teamId: team.body.id });

    const scene = await renderScene({ width: 1600, height: 1200, items: [{ kind: "plate", x: 700, y: 800, widthPixels: 220 }] });
    const photo = `data:image/jpeg;base64,${(await encodeJpeg(scene.image, 92)).toString("base64")}`;
    const reported = await crew.sendJson("POST", `/api/work-orders/${order.body.id}/defects/${defectId}/outcome`, { outcome: "repaired", photo });
    expect(reported.status).toBe(200);

    const { body } = await crew.getJson<{ stops: { defect: { id: number }; outcomePhotoUrl: string | null }[] }>(`/api/work-orders/${order.body.id}`);
    const stored = await crew.fetch(body.stops.find((stop) => stop.defect.id === defectId)!.outcomePhotoUrl!);
    const image = await decodeRgb(Buffer.from(await stored.arrayBuffer()));
    const plate = scene.truth[0]!;
    expect(detailInside(image, plate)).toBeLessThan(detailInside(scene.image, plate) * 0.15);
  });
});
