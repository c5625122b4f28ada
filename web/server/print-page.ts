/**
 * The work order as one self-contained HTML page, in the team's language: printed on paper it is a checklist, on a
 * phone each stop has a small form to report the defect repaired or not found, with a photo. The forms post to the
 * outcome endpoint and work without JavaScript.
 */
import type { WorkOrderOutcome } from "../../pipeline/storage/schema.js";
import { defectMapUrl, directionsUrl, formatCoordinate, mediaUrl } from "../dispatch/links.js";
import { escapeMarkup } from "../dispatch/markup.js";
import { type ClassLabels, classLabel, type DispatchTexts, dispatchTexts } from "../dispatch/texts.js";
import type { WorkOrderDocument, WorkOrderStop } from "../dispatch/work-order-document.js";
import { formatWidth } from "../dispatch/work-order-message.js";
import { CSRF_FORM_FIELD } from "./access-policy.js";

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 50rem; padding: 1rem; color: #222; font-size: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; }
.fields { margin: 0 0 1rem; }
.stop { border-top: 1px solid #bbb; padding: .75rem 0; display: grid; grid-template-columns: 6rem 1fr; gap: .75rem; break-inside: avoid; }
.stop h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
.stop img { width: 6rem; border-radius: 4px; }
.severity-3 { color: #b00020; } .severity-2 { color: #b35c00; } .severity-1 { color: #806600; }
.recorded { font-weight: bold; }
form { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin-top: .5rem; }
label { display: inline-flex; align-items: center; gap: .35rem; min-height: 2.5rem; }
input[type=radio] { width: 1.4rem; height: 1.4rem; }
button { font-size: 1rem; padding: .5rem 1.25rem; }
@media print {
  body { max-width: none; font-size: 12px; }
  input[type=file], button, .photo-field, nav { display: none; }
  a { color: inherit; text-decoration: none; }
}`;

/** `csrfToken`: the viewer's session's, which each report form sends back (no header without JavaScript). */
export function renderPrintableWorkOrder(
  document: WorkOrderDocument,
  outcomePhotos: ReadonlyMap<number, string>,
  labels: ClassLabels,
  csrfToken: string,
): string {
  const { workOrder, team, stops } = document;
  const texts = dispatchTexts(team.language);
  const fields: [string, string][] = [
    [texts.status, texts.workOrderStatus[workOrder.status]],
    ...(workOrder.dueDate === null ? [] : [[texts.dueDate, workOrder.dueDate] as [string, string]]),
    ...(workOrder.note === null ? [] : [[texts.note, workOrder.note] as [string, string]]),
    [texts.createdBy, workOrder.createdBy],
  ];
  return [
    "<!DOCTYPE html>",
    `<html lang="${team.language}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(texts.title(workOrder.number))}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${escapeMarkup(texts.title(workOrder.number))} · ${escapeMarkup(team.name)}</h1>`,
    `<p class="fields">${fields.map(([name, value]) => `<b>${escapeMarkup(name)}:</b> ${escapeMarkup(value)}`).join("<br>")}</p>`,
    ...stops.map((stop) => renderStop(document, stop, outcomePhotos.get(stop.defect.id) ?? null, texts, labels, csrfToken)),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function renderStop(
  document: WorkOrderDocument,
  stop: WorkOrderStop,
  outcomePhoto: string | null,
  texts: DispatchTexts,
  labels: ClassLabels,
  csrfToken: string,
): string {
  const { defect } = stop;
  const language = document.team.language;
  const level = defect.severity.level;
  const thumbnail =
    defect.media.thumbnailPath === null ? "<div></div>" : `<img src="${escapeMarkup(mediaUrl("", defect.media.thumbnailPath))}" alt="">`;
  const recorded =
    stop.outcome === null
      ? `<p>${escapeMarkup(texts.notRecorded)}</p>`
      : `<p class="recorded">${escapeMarkup(texts.outcome[stop.outcome])}` +
        (outcomePhoto === null ? "" : ` · <a href="${escapeMarkup(mediaUrl("", outcomePhoto))}">${escapeMarkup(texts.photo)}</a>`) +
        "</p>";
  const action = `/api/work-orders/${document.workOrder.id}/defects/${defect.id}/outcome`;
  const choice = (outcome: WorkOrderOutcome) =>
    `<label><input type="radio" name="outcome" value="${outcome}" required${stop.outcome === outcome ? " checked" : ""}>` +
    `${escapeMarkup(texts.outcome[outcome])}</label>`;
  return [
    `<section class="stop" id="defect-${defect.id}">`,
    thumbnail,
    "<div>",
    `<h2>${stop.position}. ${escapeMarkup(classLabel(labels, defect.classId, language))} ` +
      `<span class="severity-${level}">${escapeMarkup(texts.severity[level])}</span></h2>`,
    `<div>${escapeMarkup(texts.width)} ${escapeMarkup(formatWidth(defect.maxWidthMeters, language))} · ` +
      `${formatCoordinate(defect.lat)}, ${formatCoordinate(defect.lon)}</div>`,
    `<nav><a href="${escapeMarkup(defectMapUrl("", defect.id))}">${escapeMarkup(texts.showOnMap)}</a> · ` +
      `<a href="${escapeMarkup(directionsUrl(defect))}">${escapeMarkup(texts.directions)}</a></nav>`,
    recorded,
    `<form method="post" action="${action}" enctype="multipart/form-data">`,
    `<input type="hidden" name="${CSRF_FORM_FIELD}" value="${escapeMarkup(csrfToken)}">`,
    choice("repaired"),
    choice("not_found"),
    `<label class="photo-field">${escapeMarkup(texts.photo)} <input type="file" name="photo" accept="image/*" capture="environment"></label>`,
    `<button type="submit">${escapeMarkup(texts.save)}</button>`,
    "</form>",
    "</div>",
    "</section>",
  ].join("\n");
}
