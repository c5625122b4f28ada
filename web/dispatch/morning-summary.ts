/**
 * The foremen's morning summary of a nightly run: what was processed, what was set aside and why, and the defects
 * found or seen again by severity, with a link to the map. A quiet night (nothing processed, nothing failed) sends none.
 */
import type { SeverityLevel } from "../../pipeline/defects/severity.js";
import type { NightlyRunSummary } from "../../pipeline/processing/nightly-run.js";
import type { TeamLanguage } from "../../pipeline/storage/schema.js";
import type { MailMessage } from "./mailer.js";
import { escapeMarkup } from "./markup.js";
import { type MorningSummaryTexts, morningSummaryTexts } from "./morning-summary-texts.js";
import { dispatchTexts } from "./texts.js";

export interface MorningSummaryOptions {
  from: string;
  to: readonly string[];
  language: TeamLanguage;
  /** where the server is reached, without a trailing slash */
  publicBaseUrl: string;
  /** IANA zone the run's date and times are written in */
  timeZone: string;
}

/** Most urgent first, as the map's legend lists them. */
const SEVERITY_LEVELS: readonly SeverityLevel[] = [3, 2, 1];

export function morningSummaryNeeded(summary: NightlyRunSummary): boolean {
  return summary.processed.length + summary.quarantined.length + summary.failed.length > 0;
}

export function composeMorningSummaryMail(summary: NightlyRunSummary, options: MorningSummaryOptions): MailMessage {
  const texts = morningSummaryTexts(options.language);
  const date = new Intl.DateTimeFormat(texts.locale, { dateStyle: "long", timeZone: options.timeZone }).format(summary.startedAtMs);
  const notProcessed = summary.quarantined.length + summary.failed.length;
  const content = sections(summary, texts, options);
  return {
    from: options.from,
    to: options.to,
    subject: texts.subject(date, summary.processed.length, notProcessed),
    text: plainText(content),
    html: html(content, options.language),
    messageId: `<nightly.${summary.startedAtMs}@${new URL(options.publicBaseUrl).hostname}>`,
    attachments: [],
  };
}

/** The mail's content once, for the plain-text and the HTML body alike. */
interface Sections {
  intro: string;
  lists: Array<{ heading: string; items: string[] }>;
  severityTable: { heading: string; columns: [string, string]; rows: Array<[string, number, number]> } | null;
  arriving: string | null;
  map: { label: string; url: string };
}

function sections(summary: NightlyRunSummary, texts: MorningSummaryTexts, options: MorningSummaryOptions): Sections {
  const time = new Intl.DateTimeFormat(texts.locale, { timeStyle: "short", timeZone: options.timeZone });
  const severityNames = dispatchTexts(options.language).severity;
  const lists = [
    {
      heading: texts.processedHeading(summary.processed.length),
      items: summary.processed.map((video) => `${video.file}: ${texts.videoDefects(video.defectsCreated, video.defectsUpdated)}`),
    },
    { heading: texts.quarantinedHeading(summary.quarantined.length), items: summary.quarantined.map(fileAndProblem) },
    { heading: texts.failedHeading(summary.failed.length), items: summary.failed.map(fileAndProblem) },
  ].filter((list) => list.items.length > 0);
  return {
    intro: texts.finished(time.format(summary.startedAtMs), time.format(summary.finishedAtMs)),
    lists,
    severityTable:
      summary.processed.length === 0
        ? null
        : {
            heading: texts.defectsHeading,
            columns: [texts.newDefects, texts.seenAgain],
            rows: SEVERITY_LEVELS.map((level) => [severityNames[level], summary.defects.created[level], summary.defects.updated[level]]),
          },
    arriving: summary.arriving.length === 0 ? null : texts.arriving(summary.arriving.join(", ")),
    map: { label: texts.showMap, url: `${options.publicBaseUrl}/` },
  };
}

function fileAndProblem({ file, problem }: { file: string; problem: string }): string {
  return `${file}: ${problem}`;
}

function plainText(content: Sections): string {
  const lines = [content.intro, ""];
  for (const list of content.lists) lines.push(`${list.heading}:`, ...list.items.map((item) => `- ${item}`), "");
  if (content.severityTable !== null) {
    const [created, updated] = content.severityTable.columns;
    lines.push(`${content.severityTable.heading}:`);
    for (const [name, createdCount, updatedCount] of content.severityTable.rows) {
      lines.push(`- ${name}: ${created} ${createdCount}, ${updated} ${updatedCount}`);
    }
    lines.push("");
  }
  if (content.arriving !== null) lines.push(content.arriving, "");
  lines.push(content.map.label, content.map.url, "");
  return lines.join("\n");
}

function html(content: Sections, language: TeamLanguage): string {
  const cell = "padding:4px 8px;border-bottom:1px solid #ddd;text-align:left";
  const parts = [
    "<!DOCTYPE html>",
    `<html lang="${language}"><head><meta charset="utf-8"></head>`,
    '<body style="font-family:sans-serif;font-size:14px;color:#222">',
    `<p>${escapeMarkup(content.intro)}</p>`,
  ];
  for (const list of content.lists) {
    parts.push(`<h2 style="font-size:16px">${escapeMarkup(list.heading)}</h2>`);
    parts.push(`<ul>${list.items.map((item) => `<li>${escapeMarkup(item)}</li>`).join("")}</ul>`);
  }
  if (content.severityTable !== null) {
    const { heading, columns, rows } = content.severityTable;
    parts.push(`<h2 style="font-size:16px">${escapeMarkup(heading)}</h2>`, '<table style="border-collapse:collapse">');
    parts.push(`<tr><th style="${cell}"></th>${columns.map((column) => `<th style="${cell}">${escapeMarkup(column)}</th>`).join("")}</tr>`);
    for (const [name, created, updated] of rows) {
      const cells = [escapeMarkup(name), created, updated].map((value) => `<td style="${cell}">${value}</td>`);
      parts.push(`<tr>${cells.join("")}</tr>`);
    }
    parts.push("</table>");
  }
  if (content.arriving !== null) parts.push(`<p>${escapeMarkup(content.arriving)}</p>`);
  const url = escapeMarkup(content.map.url);
  parts.push(`<p>${escapeMarkup(content.map.label)} <a href="${url}">${url}</a></p>`, "</body></html>");
  return parts.join("\n");
}
