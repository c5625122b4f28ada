import { describe, expect, it } from "vitest";
import type { Defect } from "../../../pipeline/storage/defect-repository.js";
import type { Team } from "../../../pipeline/storage/team-repository.js";
import type { WorkOrder } from "../../../pipeline/storage/work-order-repository.js";
import type { ClassLabels } from "../../../web/dispatch/texts.js";
import type { WorkOrderDocument } from "../../../web/dispatch/work-order-document.js";
import { composeWorkOrderMail } from "../../../web/dispatch/work-order-message.js";
import { renderPrintableWorkOrder } from "../../../web/server/print-page.js";
import { defectsCsv } from "../../../web/server/views.js";

const labels: ClassLabels = new Map([
  ["D40", { en: "Pothole", da: "Slaghul" }],
  ["D20", { en: "Alligator crack", da: "Krakelering & net" }],
]);

function defect(id: number, classId: string, lat: number, lon: number, thumbnailPath: string | null = null): Defect {
  return {
    id,
    classId,
    lat,
    lon,
    severity: { level: classId === "D40" ? 3 : 1, reasons: [] },
    status: "assigned",
    firstSeenMs: Date.parse("2026-03-02T08:00:00Z"),
    lastSeenMs: Date.parse("2026-03-09T08:00:00Z"),
    observationCount: 4,
    maxWidthMeters: classId === "D40" ? 0.45 : null,
    roadSegmentId: null,
    bestObservationId: null,
    media: { photoPath: null, cropPath: null, thumbnailPath },
    missedPasses: 0,
    updatedAtMs: Date.parse("2026-03-09T08:00:00Z"),
  };
}

function document(language: "da" | "en", stopCount = 2): WorkOrderDocument {
  const team: Team = { id: 4, name: "Vejhold <Nord>", emails: ["nord@faxe.example", "formand@faxe.example"], language };
  const workOrder: WorkOrder = {
    id: 17,
    number: "AO-2026-0017",
    teamId: 4,
    note: "Lukket vej & omkørsel",
    dueDate: "2026-04-01",
    status: "sent",
    createdBy: "Jens",
    createdAtMs: Date.parse("2026-03-10T09:30:00Z"),
    updatedAtMs: Date.parse("2026-03-10T09:30:00Z"),
    sendStatus: "pending",
    sendAttempts: 0,
    lastSendError: null,
  };
  const defects = [defect(31, "D40", 55.2551, 12.1201, "media/defects/31/thumbnail.jpg"), defect(8, "D20", 55.2562, 12.1302)];
  return { workOrder, team, stops: defects.slice(0, stopCount).map((d, i) => ({ position: i + 1, defect: d, outcome: null })) };
}

const options = {
  from: "Vej og Park <vejdrift@faxe.example>",
  publicBaseUrl: "https://vejdrift.faxe.example",
  labels,
  thumbnails: new Map([[31, Buffer.from([0xff, 0xd8, 0xff, 0xd9])]]),
};

describe("composeWorkOrderMail", () => {
  it("writes Danish for a Danish team: subject, table in route order, links", () => {
    const mail = composeWorkOrderMail(document("da"), options);
    expect(mail.to).toEqual(["nord@faxe.example", "formand@faxe.example"]);
    expect(mail.subject).toBe("Arbejdsordre AO-2026-0017: 2 skader");
    expect(mail.messageId).toBe(`<AO-2026-0017.${Date.parse("2026-03-10T09:30:00Z")}@vejdrift.faxe.example>`);
    expect(mail.text.split("\n").filter((line) => /^\d+\. /.test(line))).toEqual([
      "1. Slaghul · Akut · 0,45 m",
      "2. Krakelering & net · Overvåg",
    ]);
    expect(mail.text).toContain("Rutevejledning: https://www.google.com/maps/dir/?api=1&destination=55.255100,12.120100");
    expect(mail.text).toContain("https://vejdrift.faxe.example/work-orders/17/print");
    expect(mail.html.indexOf("?defect=31")).toBeLessThan(mail.html.indexOf("?defect=8"));
    expect(mail.html).toContain('<html lang="da">');
  });

  it("writes English for an English team, and one defect in the singular", () => {
    const mail = composeWorkOrderMail(document("en", 1), options);
    expect(mail.subject).toBe("Work order AO-2026-0017: 1 defect");
    expect(mail.text).toContain("1. Pothole · Urgent · 0.45 m");
    expect(mail.text).toContain("Due: 2026-04-01");
  });

  it("escapes what people typed and what the model named", () => {
    const { html } = composeWorkOrderMail(document("da"), options);
    expect(html).toContain("Vejhold &lt;Nord&gt;");
    expect(html).toContain("Lukket vej &amp; omkørsel");
    expect(html).toContain("Krakelering &amp; net");
    expect(html).not.toContain("<Nord>");
  });

  it("attaches the stops as GeoJSON and GPX, and thumbnails inline only where there is one", () => {
    const mail = composeWorkOrderMail(document("da"), options);
    expect(mail.attachments.map((a) => [a.filename, a.contentType, a.contentId])).toEqual([
      ["AO-2026-0017.geojson", "application/geo+json", undefined],
      ["AO-2026-0017.gpx", "application/gpx+xml", undefined],
      ["defect-31.jpg", "image/jpeg", "defect-31@roadwatch"],
    ]);
    expect(mail.html).toContain('src="cid:defect-31@roadwatch"');
    expect(mail.html.match(/cid:/g)).toHaveLength(1);

    const geojson = JSON.parse(String(mail.attachments[0]!.content)) as {
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(geojson.features.map((f) => f.geometry.coordinates)).toEqual([
      [12.1201, 55.2551],
      [12.1302, 55.2562],
    ]);
    expect(geojson.features[0]!.properties).toMatchObject({ stop: 1, defectId: 31, label: "Slaghul", severity: 3, severityLabel: "Akut" });

    const gpx = String(mail.attachments[1]!.content);
    expect(gpx).toContain('<wpt lat="55.255100" lon="12.120100"><name>1. Slaghul</name>');
    expect(gpx).toContain("<name>2. Krakelering &amp; net</name>");
    expect(gpx).toContain("<rte><name>AO-2026-0017</name>");
  });

  it("is the same message, Message-ID included, every time it is composed", () => {
    expect(composeWorkOrderMail(document("da"), options)).toEqual(composeWorkOrderMail(document("da"), options));
  });
});

describe("renderPrintableWorkOrder", () => {
  it("gives each stop a form for the crew's report, with a recorded outcome ticked", () => {
    const printed = document("da");
    const stops = [{ ...printed.stops[0]!, outcome: "repaired" as const }, printed.stops[1]!];
    const html = renderPrintableWorkOrder({ ...printed, stops }, new Map([[31, "media/work-orders/17/31.jpg"]]), labels, "token-1");
    expect(html).toContain("<title>Arbejdsordre AO-2026-0017</title>");
    expect(html.match(/<form method="post" action="\/api\/work-orders\/17\/defects\/(31|8)\/outcome" enctype="multipart\/form-data">/g)).toHaveLength(2);
    expect(html).toContain('value="repaired" required checked>Udbedret');
    expect(html.match(/ checked>/g)).toHaveLength(1);
    expect(html).toContain('<a href="/media/work-orders/17/31.jpg">');
    expect(html).toContain('<img src="/media/defects/31/thumbnail.jpg"');
    expect(html).toContain("Vejhold &lt;Nord&gt;");
    expect(html).toContain('capture="environment"');
    expect(html.match(/<input type="hidden" name="csrfToken" value="token-1">/g)).toHaveLength(2);
  });

  it("speaks English to an English team", () => {
    const html = renderPrintableWorkOrder(document("en"), new Map(), labels, "token-1");
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(">Not found</label>");
    expect(html).toContain("Width 0.45 m");
  });
});

describe("defectsCsv", () => {
  it("quotes fields that need it and keeps spreadsheets from running text as formulas", () => {
    const tricky: ClassLabels = new Map([["D40", { en: '=HYPERLINK("x")', da: 'Hul, "stort"' }]]);
    const lines = defectsCsv([defect(31, "D40", 55.2551, 12.1201)], tricky).split("\r\n");
    expect(lines[0]).toBe("id,class,label_da,label_en,severity,status,lat,lon,first_seen,last_seen,observation_count,width_meters");
    expect(lines[1]).toBe(
      '31,D40,"Hul, ""stort""","\'=HYPERLINK(""x"")",3,assigned,55.2551,12.1201,2026-03-02T08:00:00.000Z,2026-03-09T08:00:00.000Z,4,0.45',
    );
    expect(lines[2]).toBe("");
  });
});
