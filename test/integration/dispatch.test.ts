import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import os from "node:os";
import path from "node:path";
import PostalMime, { type Email } from "postal-mime";
import { SMTPServer } from "smtp-server";
import { describe, expect, it } from "vitest";
import { writeAnnotatedJpeg } from "../../pipeline/adapters/image.js";
import {
  giveThumbnail,
  pointsEast,
  seedDefects,
  startTestServer,
  type TestClient,
  testScope,
  type TestServer,
} from "../support/web-server-harness.js";

const { server, defer } = testScope();

interface ReceivedMail {
  recipients: string[];
  email: Email;
}

/** A mail server on 127.0.0.1 that accepts everything and keeps what it received. */
async function startSmtpServer(port = 0): Promise<{ port: number; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        PostalMime.parse(Buffer.concat(chunks)).then(
          (email) => {
            received.push({ recipients: session.envelope.rcptTo.map((address) => address.address), email });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, "127.0.0.1", resolve));
  const { port: boundPort } = smtp.server.address() as { port: number };
  let closed = false;
  const close = () => {
    if (closed) return Promise.resolve();
    closed = true;
    return new Promise<void>((resolve) => smtp.close(() => resolve()));
  };
  defer(close);
  return { port: boundPort, received, close };
}

/** A port nothing listens on, for a mail server that is down. */
async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const FAXE = { lat: 55.255, lon: 12.12 };

/** A lasso around the first three of five defects 100 m apart in a row heading east from Faxe. */
const LASSO = {
  type: "Polygon",
  coordinates: [
    [
      [12.1195, 55.2545],
      [12.1235, 55.2545],
      [12.1235, 55.2555],
      [12.1195, 55.2555],
      [12.1195, 55.2545],
    ],
  ],
};

interface WorkOrderBody {
  id: number;
  number: string;
  sendStatus: string;
  sendAttempts: number;
  lastSendError: string | null;
  nextSendAttemptAt: string | null;
  status: string;
  defectIds: number[];
  defectCount: number;
  printUrl: string;
}

async function createTeam(foreman: TestClient, language: "da" | "en", emails = ["nord@faxe.example"]): Promise<number> {
  const { body } = await foreman.sendJson<{ id: number }>("POST", "/api/teams", { name: "Vejhold Nord", emails, language });
  return body.id;
}

function attachmentText(email: Email, extension: string): string {
  const attachment = email.attachments.find((candidate) => candidate.filename?.endsWith(extension));
  if (attachment === undefined) throw new Error(`no ${extension} attachment`);
  const { content } = attachment;
  return typeof content === "string" ? content : new TextDecoder().decode(content);
}

function thisYearInDenmark(): string {
  return new Intl.DateTimeFormat("en", { timeZone: "Europe/Copenhagen", year: "numeric" }).format(Date.now());
}

describe("sending a work order by SMTP", () => {
  it("mails the defects inside the lasso to a Danish team, in route order from the depot, with GeoJSON and GPX", async () => {
    const smtp = await startSmtpServer();
    // the depot lies west of the row, so the route runs east
    const app = await server({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, depot: { lat: 55.255, lon: 12.1 } });
    const foreman = await app.signIn("foreman", { displayName: "Jens Vejformand" });
    const row = pointsEast(FAXE, 5, 100);
    const ids = await seedDefects(app.storage, [row[2]!, row[0]!, row[4]!, row[1]!, row[3]!].map((point) => ({ ...point })));
    const [third, first, , second] = ids;
    const inside = [first!, second!, third!];
    await giveThumbnail(app, second!);
    const teamId = await createTeam(foreman, "da", ["nord@faxe.example", "formand@faxe.example"]);

    const { status, body } = await foreman.sendJson<WorkOrderBody>("POST", "/api/work-orders", {
      selection: LASSO,
      teamId,
      note: "Husk skilte <og> kegler",
      dueDate: "2026-04-01",
      // the account says who created it, not the request
      createdBy: "Someone Else",
    });

    expect(status).toBe(201);
    const number = `AO-${thisYearInDenmark()}-0001`;
    expect(body).toMatchObject({ number, sendStatus: "sent", sendAttempts: 1, status: "sent", defectIds: inside, defectCount: 3 });
    expect(smtp.received).toHaveLength(1);
    const { recipients, email } = smtp.received[0]!;
    expect(recipients.sort()).toEqual(["formand@faxe.example", "nord@faxe.example"]);
    expect(email.subject).toBe(`Arbejdsordre ${number}: 3 skader`);
    expect(email.messageId).toMatch(new RegExp(`^<${number}\\.\\d+@vejdrift\\.faxe\\.example>$`));

    const linkedDefects = [...email.html!.matchAll(/\?defect=(\d+)"/g)].map((match) => Number(match[1]));
    expect(linkedDefects).toEqual(inside);
    expect(email.html).toContain("Slaghul");
    expect(email.html).toContain("Rutevejledning");
    expect(email.html).toContain("Husk skilte &lt;og&gt; kegler");
    expect(email.html).toContain(`https://www.google.com/maps/dir/?api=1&amp;destination=${row[0]!.lat.toFixed(6)},${row[0]!.lon.toFixed(6)}`);
    expect(email.html).toContain(`https://vejdrift.faxe.example/work-orders/${body.id}/print`);
    expect(email.text).toContain("Frist: 2026-04-01");
    expect(email.text).toContain("Oprettet af: Jens Vejformand");
    expect(email.text).toContain("1. Slaghul · Akut · 0,40 m");

    const geojson = JSON.parse(attachmentText(email, ".geojson")) as { features: { properties: { stop: number; defectId: number } }[] };
    expect(geojson.features.map((feature) => [feature.properties.stop, feature.properties.defectId])).toEqual([
      [1, first],
      [2, second],
      [3, third],
    ]);
    const gpx = attachmentText(email, ".gpx");
    expect(gpx.match(/<wpt /g)).toHaveLength(3);
    expect(gpx.match(/<rtept /g)).toHaveLength(3);
    expect(gpx).toContain("<name>1. Slaghul</name>");
    const inline = email.attachments.filter((attachment) => attachment.contentId !== undefined);
    expect(inline.map((attachment) => attachment.mimeType)).toEqual(["image/jpeg"]);
    expect(email.html).toContain(`cid:${inline[0]!.contentId!.replace(/^<|>$/g, "")}`);

    const statuses = await Promise.all(
      ids.map(async (id) => (await foreman.getJson<{ status: string }>(`/api/defects/${id}`)).body.status),
    );
    expect(statuses).toEqual(ids.map((id) => (inside.includes(id) ? "assigned" : "open")));
  });

  it("writes English for an English team", async () => {
    const smtp = await startSmtpServer();
    const app = await server({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, [FAXE]);
    const teamId = await createTeam(foreman, "en");
    await foreman.sendJson("POST", "/api/work-orders", { selection: LASSO, teamId });
    const { email } = smtp.received[0]!;
    expect(email.subject).toMatch(/^Work order AO-\d{4}-0001: 1 defect$/);
    expect(email.text).toContain("1. Pothole · Urgent · 0.40 m");
    expect(email.text).toContain("Directions: https://www.google.com/maps/dir/?api=1&destination=55.255000,12.120000");
  });

  it("turns down an unknown team, an area without defects and a bad polygon, sending nothing", async () => {
    const smtp = await startSmtpServer();
    const app = await server({ smtpUrl: `smtp://127.0.0.1:${smtp.port}` });
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, pointsEast(FAXE, 2, 500));
    const teamId = await createTeam(foreman, "da");
    const empty = { type: "Circle", center: [12.3, 55.3], radiusMeters: 100 };

    expect((await foreman.sendJson("POST", "/api/work-orders", { selection: LASSO, teamId: 99 })).status).toBe(404);
    const none = await foreman.sendJson<{ error: string }>("POST", "/api/work-orders", { selection: empty, teamId });
    expect(none).toEqual({ status: 400, body: { error: "the selected area holds no defects that match the filters" } });
    const bad = await foreman.sendJson("POST", "/api/work-orders", { selection: { type: "Polygon", coordinates: [] }, teamId });
    expect(bad.status).toBe(400);
    expect(smtp.received).toEqual([]);
    expect((await foreman.getJson<{ total: number }>("/api/work-orders")).body.total).toBe(0);
  });
});

describe("when the mail server is down", () => {
  it("keeps the work order, retries on schedule after a restart, and sends it exactly once", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-dispatch-"));
    defer(() => rm(dataDir, { recursive: true, force: true }));
    const port = await closedPort();
    const smtpUrl = `smtp://127.0.0.1:${port}`;

    const first = await startTestServer({ smtpUrl, dataDir });
    const foreman = await first.signIn("foreman");
    const ids = await seedDefects(first.storage, [FAXE]);
    const teamId = await createTeam(foreman, "da");
    const created = await foreman.sendJson<WorkOrderBody>("POST", "/api/work-orders", { selection: LASSO, teamId });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sendStatus: "retrying", sendAttempts: 1, defectIds: ids });
    expect(created.body.lastSendError).toMatch(/ECONNREFUSED/);
    const retryAtMs = Date.parse(created.body.nextSendAttemptAt!);
    expect(retryAtMs - Date.now()).toBeGreaterThan(50_000);
    expect(first.log.join("\n")).toMatch(/send attempt 1 .* failed/);
    await first.close();

    // the mail server comes back, and roadwatch restarts on the same data
    const smtp = await startSmtpServer(port);
    const second = await startTestServer({ smtpUrl, dataDir });
    defer(() => second.close());
    expect(await second.sender.sendDue(retryAtMs - 10_000)).toBe(0);
    expect(smtp.received).toEqual([]);

    await Promise.all([second.sender.sendDue(retryAtMs + 1000), second.sender.sendDue(retryAtMs + 1000)]);
    expect(await second.sender.sendDue(retryAtMs + 3_600_000)).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const { body } = await (await second.signIn("foreman")).getJson<WorkOrderBody>(`/api/work-orders/${created.body.id}`);
    expect(body).toMatchObject({ sendStatus: "sent", sendAttempts: 2, lastSendError: null, nextSendAttemptAt: null });
  });

  it("gives up after the last retry until someone asks to send again", async () => {
    const port = await closedPort();
    const app = await server({ smtpUrl: `smtp://127.0.0.1:${port}`, retryDelaysMs: [60_000] });
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, [FAXE]);
    const teamId = await createTeam(foreman, "da");
    const { body: created } = await foreman.sendJson<WorkOrderBody>("POST", "/api/work-orders", { selection: LASSO, teamId });
    expect(await app.sender.sendDue(Date.now() + 61_000)).toBe(1);

    const { body: failed } = await foreman.getJson<WorkOrderBody>(`/api/work-orders/${created.id}`);
    expect(failed).toMatchObject({ sendStatus: "failed", sendAttempts: 2, nextSendAttemptAt: null });
    expect(await app.sender.sendDue(Date.now() + 86_400_000)).toBe(0);

    const smtp = await startSmtpServer(port);
    const resent = await foreman.sendJson<WorkOrderBody>("POST", `/api/work-orders/${created.id}/send`, {});
    expect(resent.body).toMatchObject({ sendStatus: "sent", sendAttempts: 1 });
    expect(smtp.received).toHaveLength(1);
    expect((await foreman.sendJson("POST", `/api/work-orders/${created.id}/send`, {})).status).toBe(400);
  });
});

describe("without a mail server", () => {
  it("writes the message to the outbox folder as an .eml file", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, pointsEast(FAXE, 2, 100));
    const teamId = await createTeam(foreman, "da");
    const { body } = await foreman.sendJson<WorkOrderBody>("POST", "/api/work-orders", { selection: LASSO, teamId });

    expect(body.sendStatus).toBe("sent");
    const outbox = path.join(app.dataDir, "outbox");
    const files = await readdir(outbox);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^${body.number}\\.\\d+_vejdrift\\.faxe\\.example\\.eml$`));
    const email = await PostalMime.parse(await readFile(path.join(outbox, files[0]!)));
    expect(email.subject).toBe(`Arbejdsordre ${body.number}: 2 skader`);
    expect(email.to?.map((address) => address.address)).toEqual(["nord@faxe.example"]);
    expect(email.attachments.map((attachment) => attachment.filename).sort()).toEqual([`${body.number}.geojson`, `${body.number}.gpx`]);
  });
});

async function jpegBytes(app: TestServer): Promise<Buffer> {
  const file = path.join(app.dataDir, "photo-from-phone.jpg");
  await writeAnnotatedJpeg({ data: new Uint8Array(64 * 48 * 3).fill(90), width: 64, height: 48 }, [], file);
  return readFile(file);
}

describe("the crew's report", () => {
  it("records outcomes from the printed page's form and as JSON, and completes the work order", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [first, second] = await seedDefects(app.storage, pointsEast(FAXE, 2, 100));
    const teamId = await createTeam(foreman, "da");
    const { body: order } = await foreman.sendJson<WorkOrderBody>("POST", "/api/work-orders", { selection: LASSO, teamId });
    const crew = await app.signIn("crew", { teamId });

    const page = await crew.fetch(order.printUrl);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain(`<html lang="da">`);
    expect(html).toContain(`Arbejdsordre ${order.number}`);
    expect(html).toContain(`action="/api/work-orders/${order.id}/defects/${first}/outcome"`);
    expect(html.match(/<form /g)).toHaveLength(2);

    // as the phone's browser posts the page's form: the cookie, and the CSRF token as a field, not a header
    const form = new FormData();
    form.set("csrfToken", /name="csrfToken" value="([^"]+)"/.exec(html)![1]!);
    form.set("outcome", "repaired");
    form.set("photo", new Blob([await jpegBytes(app)], { type: "image/jpeg" }), "IMG_0001.jpg");
    const posted = await fetch(`${app.baseUrl}/api/work-orders/${order.id}/defects/${first}/outcome`, {
      method: "POST",
      headers: { Cookie: crew.cookie },
      body: form,
      redirect: "manual",
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe(`/work-orders/${order.id}/print#defect-${first}`);

    const halfway = await crew.getJson<{ status: string; stops: { defect: { id: number }; outcome: string | null; outcomePhotoUrl: string | null }[] }>(
      `/api/work-orders/${order.id}`,
    );
    expect(halfway.body.status).toBe("in_progress");
    const reported = halfway.body.stops.find((stop) => stop.defect.id === first)!;
    const unreported = halfway.body.stops.find((stop) => stop.defect.id === second)!;
    expect([reported.outcome, unreported.outcome, unreported.outcomePhotoUrl]).toEqual(["repaired", null, null]);
    const photo = await crew.fetch(reported.outcomePhotoUrl!);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect((await foreman.getJson<{ status: string }>(`/api/defects/${first}`)).body.status).toBe("repaired");
    expect(await (await crew.fetch(order.printUrl)).text()).toContain('<p class="recorded">Udbedret');

    const done = await crew.sendJson<WorkOrderBody>("POST", `/api/work-orders/${order.id}/defects/${second}/outcome`, {
      outcome: "not_found",
    });
    expect(done.body.status).toBe("done");
    expect((await foreman.getJson<{ status: string }>(`/api/defects/${second}`)).body.status).toBe("not_found");
  });

  it("turns down a report for a defect that is not on the work order, and a photo that is not an image", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    const [onOrder, elsewhere] = await seedDefects(app.storage, [FAXE, { lat: 55.3, lon: 12.2 }]);
    const teamId = await createTeam(foreman, "en");
    const { body: order } = await foreman.sendJson<WorkOrderBody>("POST", "/api/work-orders", { selection: LASSO, teamId });
    const url = (defectId: number) => `/api/work-orders/${order.id}/defects/${defectId}/outcome`;

    expect((await foreman.sendJson("POST", url(elsewhere!), { outcome: "repaired" })).status).toBe(404);
    expect((await foreman.sendJson("POST", url(onOrder!), { outcome: "fixed" })).status).toBe(400);
    const notAnImage = await foreman.sendJson<{ error: string }>("POST", url(onOrder!), {
      outcome: "repaired",
      photo: Buffer.from("just text").toString("base64"),
    });
    expect(notAnImage.status).toBe(400);
    expect(notAnImage.body.error).toContain("not a readable image");
    expect((await foreman.getJson<{ status: string }>(`/api/defects/${onOrder}`)).body.status).toBe("assigned");
  });

  it("lists work orders newest first, a page at a time", async () => {
    const app = await server();
    const foreman = await app.signIn("foreman");
    await seedDefects(app.storage, [FAXE]);
    const teamId = await createTeam(foreman, "da");
    for (let i = 0; i < 3; i++) {
      await foreman.sendJson("POST", "/api/work-orders", { selection: LASSO, teamId, filters: { status: ["open", "assigned"] } });
    }
    const { body } = await foreman.getJson<{ items: WorkOrderBody[]; total: number }>("/api/work-orders?limit=2");
    expect(body.total).toBe(3);
    expect(body.items.map((item) => item.number.slice(-4))).toEqual(["0003", "0002"]);
    const patched = await foreman.sendJson<WorkOrderBody>("PATCH", `/api/work-orders/${body.items[0]!.id}`, { status: "done" });
    expect(patched.body.status).toBe("done");
    expect((await foreman.getJson<{ total: number }>("/api/work-orders?status=done")).body.total).toBe(1);
    expect((await foreman.getJson("/api/work-orders?limit=101")).status).toBe(400);
  });
});
