/**
 * The mail a crew receives for a work order, in the team's language: the defects in route order as an HTML table
 * (with each defect's thumbnail inline) and as plain text, links to the map, to directions and to the printable page,
 * and the stops attached as GeoJSON and GPX.
 */
import { defectMapUrl, directionsUrl, formatCoordinate, printableWorkOrderUrl } from "./links.js";
import type { MailAttachment, MailMessage } from "./mailer.js";
import { escapeMarkup } from "./markup.js";
import { stopsGeoJson, stopsGpx } from "./stops-export.js";
import { type ClassLabels, classLabel, type DispatchTexts, dispatchTexts } from "./texts.js";
import type { WorkOrderDocument, WorkOrderStop } from "./work-order-document.js";
import type { TeamLanguage } from "../../pipeline/storage/schema.js";
import type { WorkOrder } from "../../pipeline/storage/work-order-repository.js";

export interface WorkOrderMailOptions {
  from: string;
  /** where the server is reached, without a trailing slash */
  publicBaseUrl: string;
  labels: ClassLabels;
  /** JPEG thumbnails by defect id; a defect without one gets none in the table */
  thumbnails: ReadonlyMap<number, Buffer>;
}

export function composeWorkOrderMail(document: WorkOrderDocument, options: WorkOrderMailOptions): MailMessage {
  const { workOrder, team, stops } = document;
  const texts = dispatchTexts(team.language);
  const thumbnailAttachments: MailAttachment[] = stops.flatMap(({ defect }) => {
    const thumbnail = options.thumbnails.get(defect.id);
    if (thumbnail === undefined) return [];
    return [{ filename: `defect-${defect.id}.jpg`, content: thumbnail, contentType: "image/jpeg", contentId: thumbnailContentId(defect.id) }];
  });
  const withThumbnail = new Set(thumbnailAttachments.map((attachment) => attachment.contentId));
  return {
    from: options.from,
    to: team.emails,
    subject: texts.subject(workOrder.number, stops.length),
    text: plainText(document, texts, options),
    html: html(document, texts, options, (defectId) => withThumbnail.has(thumbnailContentId(defectId))),
    messageId: workOrderMessageId(workOrder, options.publicBaseUrl),
    attachments: [
      {
        filename: `${workOrder.number}.geojson`,
        content: JSON.stringify(stopsGeoJson(document, options.labels, options.publicBaseUrl), null, 2),
        contentType: "application/geo+json",
      },
      { filename: `${workOrder.number}.gpx`, content: stopsGpx(document, options.labels), contentType: "application/gpx+xml" },
      ...thumbnailAttachments,
    ],
  };
}

/** The same for every attempt to send one work order, and different for every work order of every installation. */
function workOrderMessageId(workOrder: WorkOrder, publicBaseUrl: string): string {
  return `<${workOrder.number}.${workOrder.createdAtMs}@${new URL(publicBaseUrl).hostname}>`;
}

function thumbnailContentId(defectId: number): string {
  return `defect-${defectId}@roadwatch`;
}

function plainText(document: WorkOrderDocument, texts: DispatchTexts, options: WorkOrderMailOptions): string {
  const { workOrder, team, stops } = document;
  const stopLines = stops.flatMap((stop) => [
    `${stop.position}. ${stopSummary(stop, team.language, texts, options.labels)}`,
    `   ${texts.location}: ${formatCoordinate(stop.defect.lat)}, ${formatCoordinate(stop.defect.lon)}`,
    `   ${texts.showOnMap}: ${defectMapUrl(options.publicBaseUrl, stop.defect.id)}`,
    `   ${texts.directions}: ${directionsUrl(stop.defect)}`,
  ]);
  return [
    texts.greeting(team.name, stops.length),
    "",
    ...headerFields(workOrder, texts).map(([name, value]) => `${name}: ${value}`),
    "",
    ...stopLines,
    "",
    texts.openPrintable,
    printableWorkOrderUrl(options.publicBaseUrl, workOrder.id),
    "",
    texts.attachments,
    "",
  ].join("\n");
}

function html(
  document: WorkOrderDocument,
  texts: DispatchTexts,
  options: WorkOrderMailOptions,
  hasThumbnail: (defectId: number) => boolean,
): string {
  const { workOrder, team, stops } = document;
  const cell = "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left;vertical-align:middle";
  const rows = stops.map((stop) => {
    const { defect } = stop;
    const thumbnail = hasThumbnail(defect.id)
      ? `<img src="cid:${thumbnailContentId(defect.id)}" width="96" alt="">`
      : "";
    return [
      "<tr>",
      `<td style="${cell}">${stop.position}</td>`,
      `<td style="${cell}">${thumbnail}</td>`,
      `<td style="${cell}">${escapeMarkup(classLabel(options.labels, defect.classId, team.language))}</td>`,
      `<td style="${cell}">${escapeMarkup(texts.severity[defect.severity.level])}</td>`,
      `<td style="${cell}">${escapeMarkup(formatWidth(defect.maxWidthMeters, team.language))}</td>`,
      `<td style="${cell}"><a href="${escapeMarkup(defectMapUrl(options.publicBaseUrl, defect.id))}">` +
        `${formatCoordinate(defect.lat)}, ${formatCoordinate(defect.lon)}</a></td>`,
      `<td style="${cell}"><a href="${escapeMarkup(directionsUrl(defect))}">${escapeMarkup(texts.directions)}</a></td>`,
      "</tr>",
    ].join("");
  });
  const headings = [texts.stop, "", texts.damage, texts.severityColumn, texts.width, texts.showOnMap, texts.directions];
  const printUrl = printableWorkOrderUrl(options.publicBaseUrl, workOrder.id);
  return [
    "<!DOCTYPE html>",
    `<html lang="${team.language}"><head><meta charset="utf-8"><title>${escapeMarkup(texts.title(workOrder.number))}</title></head>`,
    '<body style="font-family:sans-serif;font-size:14px;color:#222">',
    `<h1 style="font-size:20px">${escapeMarkup(texts.title(workOrder.number))}</h1>`,
    `<p>${escapeMarkup(texts.greeting(team.name, stops.length))}</p>`,
    "<p>",
    headerFields(workOrder, texts)
      .map(([name, value]) => `<b>${escapeMarkup(name)}:</b> ${escapeMarkup(value)}`)
      .join("<br>"),
    "</p>",
    '<table style="border-collapse:collapse">',
    `<tr>${headings.map((heading) => `<th style="${cell}">${escapeMarkup(heading)}</th>`).join("")}</tr>`,
    ...rows,
    "</table>",
    `<p>${escapeMarkup(texts.openPrintable)}<br><a href="${escapeMarkup(printUrl)}">${escapeMarkup(printUrl)}</a></p>`,
    `<p>${escapeMarkup(texts.attachments)}</p>`,
    "</body></html>",
  ].join("\n");
}

function headerFields(workOrder: WorkOrder, texts: DispatchTexts): [string, string][] {
  const fields: [string, string][] = [];
  if (workOrder.dueDate !== null) fields.push([texts.dueDate, workOrder.dueDate]);
  if (workOrder.note !== null) fields.push([texts.note, workOrder.note]);
  fields.push([texts.createdBy, workOrder.createdBy]);
  return fields;
}

function stopSummary(stop: WorkOrderStop, language: TeamLanguage, texts: DispatchTexts, labels: ClassLabels): string {
  const { defect } = stop;
  const parts = [classLabel(labels, defect.classId, language), texts.severity[defect.severity.level]];
  if (defect.maxWidthMeters !== null) parts.push(formatWidth(defect.maxWidthMeters, language));
  return parts.join(" · ");
}

/** "0,45 m" in Danish, "0.45 m" in English; a dash when unknown. */
export function formatWidth(widthMeters: number | null, language: TeamLanguage): string {
  if (widthMeters === null) return "–";
  const number = new Intl.NumberFormat(language === "da" ? "da-DK" : "en-GB", { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  return `${number.format(widthMeters)} m`;
}
