/**
 * Every string the pages show, in Danish (the default) and English. The English table is typed against the
 * Danish one, so a key missing in either language is a compile error rather than a blank button.
 */

import { bytesIn, dayIn, kilometersIn, percentIn } from "./formats.js";

export type Language = "da" | "en";

const da = {
  "app.title": "Vejskader",
  "app.skipToList": "Spring til listen over skader",
  "language.switch": "English",
  "language.switchLabel": "Switch the page to English",

  "map.label": "Kort over vejskader",
  "map.basemapUnavailable": "Baggrundskortet kunne ikke hentes: skaderne vises uden kort.",
  "map.loadFailed": "Skaderne kunne ikke hentes: {error}",
  "map.truncated": "Viser de {shown} alvorligste af {total} skader: zoom ind for at se resten.",

  "filters.heading": "Filtre",
  "filters.severity": "Alvor",
  "filters.class": "Skadetype",
  "filters.allClasses": "Alle typer",
  "filters.status": "Status",
  "filters.team": "Hold",
  "filters.allTeams": "Alle hold",
  "filters.from": "Set fra",
  "filters.to": "Set til",
  "filters.reset": "Nulstil filtre",

  "severity.3": "Akut",
  "severity.2": "Planlæg",
  "severity.1": "Overvåg",

  "status.open": "Åben",
  "status.assigned": "Tildelt",
  "status.repaired": "Repareret",
  "status.not_found": "Ikke fundet",
  "status.verified_repaired": "Reparation bekræftet",
  "status.not_seen_again": "Ikke set igen",

  "legend.heading": "Signaturforklaring",
  "legend.severity": "Tallet i cirklen er alvoren: 3 akut, 2 planlæg, 1 overvåg.",
  "legend.cluster": "Gruppe af skader: tallet er antallet, farven den alvorligste i gruppen.",

  "list.heading": "Skader i kortudsnittet",
  "list.summary": "{shown} af {total} vist, alvorligste først",
  "list.empty": "Ingen skader i kortudsnittet.",
  "list.item": "{label}, {severity}, sidst set {lastSeen}",

  "tools.heading": "Markér skader",
  "tools.pan": "Flyt kort",
  "tools.freehand": "Frihånd",
  "tools.polygon": "Polygon",
  "tools.circle": "Cirkel",
  "tools.add": "Tilføj til markering (Shift)",
  "tools.undo": "Fortryd",
  "tools.clear": "Ryd markering",
  "tools.hint.freehand": "Tegn rundt om skaderne; klik eller slip for at afslutte.",
  "tools.hint.polygon": "Klik for hvert hjørne, og klik på det første punkt for at afslutte.",
  "tools.hint.circle": "Klik i midten og træk ud; klik igen for at afslutte.",
  "selection.none": "Ingen skader markeret.",
  "selection.count": "{count} skader markeret",
  "selection.counting": "Tæller markerede skader …",
  "selection.failed": "Markeringen kunne ikke tælles: {error}",
  "selection.assign": "Tildel",

  "assign.heading": "Ny arbejdsordre",
  "assign.summary": "{count} skader sendes til holdet.",
  "assign.team": "Hold",
  "assign.chooseTeam": "Vælg hold",
  "assign.note": "Bemærkning",
  "assign.dueDate": "Frist",
  "assign.submit": "Opret arbejdsordre",
  "assign.cancel": "Annuller",
  "assign.sending": "Opretter arbejdsordre …",
  "assign.created": "Arbejdsordre {number} oprettet med {count} skader. Afsendelse: {sendStatus}.",
  "assign.failed": "Arbejdsordren kunne ikke oprettes: {error}",
  "assign.teamRequired": "Vælg et hold.",
  "sendStatus.pending": "venter",
  "sendStatus.retrying": "mislykkedes, prøver igen senere",
  "sendStatus.sent": "sendt",
  "sendStatus.failed": "opgivet",

  "details.close": "Luk",
  "details.photo": "Foto med skaden markeret",
  "details.crop": "Udsnit af skaden",
  "details.noPhoto": "Intet foto.",
  "details.severity": "Alvor",
  "details.reasons": "Hvorfor",
  "details.firstSeen": "Først set",
  "details.lastSeen": "Sidst set",
  "details.road": "Vej",
  "details.roadUnknown": "ukendt",
  "details.status": "Status",
  "details.width": "Største bredde",
  "details.widthUnknown": "ukendt",
  "details.sightings": "Alle observationer ({count})",
  "details.growth": "Bredde over tid",
  "details.sightingWidth": "Bredde",
  "details.time": "Tidspunkt",
  "details.score": "Sikkerhed",
  "details.loadFailed": "Skaden kunne ikke hentes: {error}",

  "reason.pothole": "Slaghul",
  "reason.large-pothole": "Stort slaghul, bredt nok til at fange et hjul",
  "reason.alligator-cracking": "Krakelering",
  "reason.large-alligator-cracking": "Krakelering over et stort område",
  "reason.crack": "Revne",
  "reason.wide-crack": "Bred revne over det meste af sporet",
  "reason.other-damage": "Anden skade",
  "reason.uncertain": "Usikker: set få gange med lav sikkerhed (et niveau ned)",
  "reason.grew": "Vokset mellem kørslerne (et niveau op)",
  "reason.became-pothole": "En revne, der er blevet til et slaghul (et niveau op)",
  "reason.minor-road": "Privat vej, som ejeren vedligeholder (et niveau ned)",

  "nav.label": "Sider",
  "nav.map": "Kort",
  "nav.planner": "Planlægning",

  "planner.documentTitle": "Roadwatch – planlægning",
  "planner.title": "Inspektion af vejnettet",
  "planner.skipToSummary": "Spring til oversigten",
  "planner.at": "Status pr. dato",
  "planner.mapLabel": "Kort over vejnettet, farvet efter hvornår vejene sidst er inspiceret",
  "planner.basemapUnavailable": "Baggrundskortet kunne ikke hentes: vejene vises uden kort.",
  "planner.loading": "Beregner dækningen …",
  "planner.loadFailed": "Dækningen kunne ikke hentes: {error}",
  "planner.segmentsFailed": "Vejene på kortet kunne ikke hentes: {error}",

  "coverage.status.overdue": "Over fristen",
  "coverage.status.due-soon": "Skal snart inspiceres",
  "coverage.status.never": "Aldrig inspiceret",
  "coverage.status.ok": "Inspiceret til tiden",
  "coverage.legendNote": "Linjens tykkelse og mønster viser også status.",
  "coverage.overdueSummary": "{overdue} af {total} vej med inspektionskrav er over fristen ({percent}).",
  "coverage.noPolicySummary": "Ingen vejklasse har et inspektionsinterval.",
  "coverage.classesHeading": "Dækning pr. vejklasse",
  "coverage.roadClass": "Vejklasse",
  "coverage.noClass": "Uden klasse",
  "coverage.interval": "Interval",
  "coverage.intervalDays": "{days} dage",
  "coverage.noInterval": "intet krav",
  "coverage.length": "Længde",
  "coverage.withinPolicy": "Inden for interval",
  "coverage.total": "I alt",
  "coverage.noRoads": "Der er ikke indlæst noget vejnet.",
  "coverage.weeklyHeading": "Inspiceret pr. uge",
  "coverage.weeklyLabel": "Inspicerede km pr. uge i de seneste {weeks} uger: i alt {total}, højst {most} i uge {week}.",
  "coverage.weekBar": "Uge {week} (fra {date}): {km}",
  "coverage.weekAxis": "Uge",
  "coverage.roadsHeading": "Skader pr. km pr. vej",
  "coverage.road": "Vej",
  "coverage.defects": "Skader",
  "coverage.defectsPerKm": "Skader pr. km",
  "coverage.downloadsHeading": "Hent data",
  "coverage.downloadCsv": "Dækning pr. vejstykke (CSV)",
  "coverage.downloadOverdue": "Veje over fristen (GeoJSON)",
  "coverage.inspectionStatus": "Inspektionsstatus",
  "coverage.lastInspected": "Sidst inspiceret",
  "coverage.neverInspected": "aldrig",

  "policy.heading": "Inspektionsintervaller",
  "policy.intro": "Hvor mange dage der højst må gå mellem to inspektioner af en vej i hver klasse. Et interval sat her gælder i stedet for konfigurationens.",
  "policy.days": "Dage mellem inspektioner for {roadClass}",
  "policy.daysUnit": "dage",
  "policy.source.config": "Fra konfigurationen",
  "policy.source.planner": "Sat af planlægger",
  "policy.save": "Gem",
  "policy.saveLabel": "Gem intervallet for {roadClass}",
  "policy.reset": "Nulstil",
  "policy.resetLabel": "Nulstil {roadClass} til konfigurationens interval",
  "policy.saving": "Gemmer …",
  "policy.saved": "Gemt.",
  "policy.failed": "Kunne ikke gemmes: {error}",
  "policy.invalid": "Skriv et helt antal dage fra 1 til {max}.",
  "policy.loadFailed": "Intervallerne kunne ikke hentes: {error}",

  "retention.heading": "Lagrede optagelser",
  "retention.rule": "Rå optagelser slettes {days} dage efter behandlingen; skadernes billeder gemmes.",
  "retention.totals": "Optagelser: {count} ({size}). Gemte billeder: {frames} ({frameSize}).",
  "retention.file": "Fil",
  "retention.recorded": "Optaget",
  "retention.processed": "Behandlet",
  "retention.size": "Størrelse",
  "retention.deleteAfter": "Slettes efter",
  "retention.status": "Status",
  "retention.empty": "Ingen optagelser er gemt.",
  "retention.loadFailed": "Optagelserne kunne ikke hentes: {error}",
  "video.status.queued": "I kø",
  "video.status.processing": "Behandles",
  "video.status.processed": "Behandlet",
  "video.status.quarantined": "I karantæne",
  "video.status.deleted": "Slettet",
  "upload.documentTitle": "Upload optagelser – Roadwatch",
  "upload.title": "Upload optagelser",
  "signIn.heading": "Log ind",
  "signIn.username": "Brugernavn",
  "signIn.password": "Adgangskode",
  "signIn.submit": "Log ind",
  "signIn.failed": "Du blev ikke logget ind: {error}",
  "signIn.wrongCredentials": "Forkert brugernavn eller adgangskode.",
  "signIn.tooManyAttempts": "For mange forkerte forsøg. Vent et kvarter, eller spørg en administrator.",
  "signIn.signedInAs": "Logget ind som {name}",
  "signIn.signOut": "Log ud",
  "upload.pickHeading": "Dagens optagelser",
  "upload.pickHint": "Vælg videoerne og deres GPS-spor (GPX, CSV eller NMEA). Et spor hører til videoen med samme navn.",
  "upload.pick": "Vælg filer",
  "upload.kind.video": "Video",
  "upload.kind.track": "GPS-spor",
  "upload.queue.label": "Filer der uploades",
  "upload.queue.waiting": "Venter",
  "upload.queue.progress": "{percent} % af {size}",
  "upload.queue.interrupted": "Forbindelsen blev afbrudt – fortsætter af sig selv ({percent} %)",
  "upload.queue.done": "Uploadet",
  "upload.queue.failed": "Ikke uploadet: {error}",
  "upload.queue.retry": "Prøv igen",
  "upload.queue.noVideo": "Ingen video med samme navn: ikke uploadet",
  "upload.queue.unsupported": "Hverken en video eller et GPS-spor: ikke uploadet",
  "upload.listHeading": "Uploads",
  "upload.list.empty": "Ingen uploads endnu.",
  "upload.list.loadFailed": "Listen kunne ikke hentes: {error}",
  "upload.list.meta": "{size} · {time} · {by}",
  "upload.status.uploading": "Uploades",
  "upload.status.rejected": "Afvist",
  "upload.status.waiting": "Venter på behandling",
  "upload.status.processing": "Behandles",
  "upload.status.processed": "Behandlet",
  "upload.status.quarantined": "Sat til side",
} as const;

export type MessageKey = keyof typeof da;

const en: Record<MessageKey, string> = {
  "app.title": "Road defects",
  "app.skipToList": "Skip to the list of defects",
  "language.switch": "Dansk",
  "language.switchLabel": "Skift siden til dansk",

  "map.label": "Map of road defects",
  "map.basemapUnavailable": "The basemap could not be loaded: the defects are shown without it.",
  "map.loadFailed": "The defects could not be loaded: {error}",
  "map.truncated": "Showing the {shown} most severe of {total} defects: zoom in to see the rest.",

  "filters.heading": "Filters",
  "filters.severity": "Severity",
  "filters.class": "Damage type",
  "filters.allClasses": "All types",
  "filters.status": "Status",
  "filters.team": "Team",
  "filters.allTeams": "All teams",
  "filters.from": "Seen from",
  "filters.to": "Seen until",
  "filters.reset": "Reset filters",

  "severity.3": "Urgent",
  "severity.2": "Plan",
  "severity.1": "Monitor",

  "status.open": "Open",
  "status.assigned": "Assigned",
  "status.repaired": "Repaired",
  "status.not_found": "Not found",
  "status.verified_repaired": "Repair verified",
  "status.not_seen_again": "Not seen again",

  "legend.heading": "Legend",
  "legend.severity": "The number in the circle is the severity: 3 urgent, 2 plan, 1 monitor.",
  "legend.cluster": "Group of defects: the number is the count, the colour its most severe member.",

  "list.heading": "Defects in view",
  "list.summary": "Showing {shown} of {total}, most severe first",
  "list.empty": "No defects in view.",
  "list.item": "{label}, {severity}, last seen {lastSeen}",

  "tools.heading": "Select defects",
  "tools.pan": "Pan map",
  "tools.freehand": "Freehand",
  "tools.polygon": "Polygon",
  "tools.circle": "Circle",
  "tools.add": "Add to selection (Shift)",
  "tools.undo": "Undo",
  "tools.clear": "Clear selection",
  "tools.hint.freehand": "Draw around the defects; click or release to finish.",
  "tools.hint.polygon": "Click for each corner, then click the first point to finish.",
  "tools.hint.circle": "Click the centre and move out; click again to finish.",
  "selection.none": "No defects selected.",
  "selection.count": "{count} defects selected",
  "selection.counting": "Counting the selected defects …",
  "selection.failed": "The selection could not be counted: {error}",
  "selection.assign": "Assign",

  "assign.heading": "New work order",
  "assign.summary": "{count} defects go to the team.",
  "assign.team": "Team",
  "assign.chooseTeam": "Choose a team",
  "assign.note": "Note",
  "assign.dueDate": "Due date",
  "assign.submit": "Create work order",
  "assign.cancel": "Cancel",
  "assign.sending": "Creating the work order …",
  "assign.created": "Work order {number} created with {count} defects. Sending: {sendStatus}.",
  "assign.failed": "The work order could not be created: {error}",
  "assign.teamRequired": "Choose a team.",
  "sendStatus.pending": "pending",
  "sendStatus.retrying": "failed, will retry later",
  "sendStatus.sent": "sent",
  "sendStatus.failed": "given up",

  "details.close": "Close",
  "details.photo": "Photo with the defect marked",
  "details.crop": "Close-up of the defect",
  "details.noPhoto": "No photo.",
  "details.severity": "Severity",
  "details.reasons": "Why",
  "details.firstSeen": "First seen",
  "details.lastSeen": "Last seen",
  "details.road": "Road",
  "details.roadUnknown": "unknown",
  "details.status": "Status",
  "details.width": "Largest width",
  "details.widthUnknown": "unknown",
  "details.sightings": "All sightings ({count})",
  "details.growth": "Width over time",
  "details.sightingWidth": "Width",
  "details.time": "Time",
  "details.score": "Confidence",
  "details.loadFailed": "The defect could not be loaded: {error}",

  "reason.pothole": "Pothole",
  "reason.large-pothole": "Large pothole, wide enough to catch a wheel",
  "reason.alligator-cracking": "Alligator cracking",
  "reason.large-alligator-cracking": "Alligator cracking over a large area",
  "reason.crack": "Crack",
  "reason.wide-crack": "Wide crack across most of the lane",
  "reason.other-damage": "Other damage",
  "reason.uncertain": "Uncertain: seen few times with low confidence (one level down)",
  "reason.grew": "Grew between drives (one level up)",
  "reason.became-pothole": "A crack that became a pothole (one level up)",
  "reason.minor-road": "Private road, maintained by its owner (one level down)",

  "nav.label": "Pages",
  "nav.map": "Map",
  "nav.planner": "Planning",

  "planner.documentTitle": "Roadwatch – planning",
  "planner.title": "Road network inspection",
  "planner.skipToSummary": "Skip to the summary",
  "planner.at": "Status on",
  "planner.mapLabel": "Map of the road network, coloured by when each road was last inspected",
  "planner.basemapUnavailable": "The basemap could not be loaded: the roads are shown without it.",
  "planner.loading": "Computing the coverage …",
  "planner.loadFailed": "The coverage could not be loaded: {error}",
  "planner.segmentsFailed": "The roads on the map could not be loaded: {error}",

  "coverage.status.overdue": "Overdue",
  "coverage.status.due-soon": "Due soon",
  "coverage.status.never": "Never inspected",
  "coverage.status.ok": "Inspected in time",
  "coverage.legendNote": "The line's width and pattern also show the status.",
  "coverage.overdueSummary": "{overdue} of {total} of road with an inspection interval is overdue ({percent}).",
  "coverage.noPolicySummary": "No road class has an inspection interval.",
  "coverage.classesHeading": "Coverage by road class",
  "coverage.roadClass": "Road class",
  "coverage.noClass": "No class",
  "coverage.interval": "Interval",
  "coverage.intervalDays": "{days} days",
  "coverage.noInterval": "none",
  "coverage.length": "Length",
  "coverage.withinPolicy": "Within interval",
  "coverage.total": "Total",
  "coverage.noRoads": "No road network is loaded.",
  "coverage.weeklyHeading": "Inspected per week",
  "coverage.weeklyLabel": "Kilometres inspected per week over the last {weeks} weeks: {total} in all, at most {most} in week {week}.",
  "coverage.weekBar": "Week {week} (from {date}): {km}",
  "coverage.weekAxis": "Week",
  "coverage.roadsHeading": "Defects per km by road",
  "coverage.road": "Road",
  "coverage.defects": "Defects",
  "coverage.defectsPerKm": "Defects per km",
  "coverage.downloadsHeading": "Download",
  "coverage.downloadCsv": "Coverage per road segment (CSV)",
  "coverage.downloadOverdue": "Overdue roads (GeoJSON)",
  "coverage.inspectionStatus": "Inspection status",
  "coverage.lastInspected": "Last inspected",
  "coverage.neverInspected": "never",

  "policy.heading": "Inspection intervals",
  "policy.intro": "The most days allowed between two inspections of a road in each class. An interval set here replaces the configured one.",
  "policy.days": "Days between inspections for {roadClass}",
  "policy.daysUnit": "days",
  "policy.source.config": "From the configuration",
  "policy.source.planner": "Set by a planner",
  "policy.save": "Save",
  "policy.saveLabel": "Save the interval for {roadClass}",
  "policy.reset": "Reset",
  "policy.resetLabel": "Reset {roadClass} to the configured interval",
  "policy.saving": "Saving …",
  "policy.saved": "Saved.",
  "policy.failed": "Could not be saved: {error}",
  "policy.invalid": "Enter a whole number of days from 1 to {max}.",
  "policy.loadFailed": "The intervals could not be loaded: {error}",

  "retention.heading": "Stored footage",
  "retention.rule": "Raw videos are deleted {days} days after processing; the defects' pictures are kept.",
  "retention.totals": "Videos: {count} ({size}). Kept pictures: {frames} ({frameSize}).",
  "retention.file": "File",
  "retention.recorded": "Recorded",
  "retention.processed": "Processed",
  "retention.size": "Size",
  "retention.deleteAfter": "Deleted after",
  "retention.status": "Status",
  "retention.empty": "No footage is stored.",
  "retention.loadFailed": "The stored footage could not be listed: {error}",
  "video.status.queued": "Queued",
  "video.status.processing": "Processing",
  "video.status.processed": "Processed",
  "video.status.quarantined": "Quarantined",
  "video.status.deleted": "Deleted",
  "upload.documentTitle": "Upload footage – Roadwatch",
  "upload.title": "Upload footage",
  "signIn.heading": "Sign in",
  "signIn.username": "Username",
  "signIn.password": "Password",
  "signIn.submit": "Sign in",
  "signIn.failed": "You were not signed in: {error}",
  "signIn.wrongCredentials": "Wrong username or password.",
  "signIn.tooManyAttempts": "Too many failed attempts. Wait a quarter of an hour, or ask an administrator.",
  "signIn.signedInAs": "Signed in as {name}",
  "signIn.signOut": "Sign out",
  "upload.pickHeading": "Today's footage",
  "upload.pickHint": "Choose the videos and their GPS tracks (GPX, CSV or NMEA). A track belongs to the video with the same name.",
  "upload.pick": "Choose files",
  "upload.kind.video": "Video",
  "upload.kind.track": "GPS track",
  "upload.queue.label": "Files being uploaded",
  "upload.queue.waiting": "Waiting",
  "upload.queue.progress": "{percent} % of {size}",
  "upload.queue.interrupted": "The connection dropped – carrying on by itself ({percent} %)",
  "upload.queue.done": "Uploaded",
  "upload.queue.failed": "Not uploaded: {error}",
  "upload.queue.retry": "Try again",
  "upload.queue.noVideo": "No video with the same name: not uploaded",
  "upload.queue.unsupported": "Neither a video nor a GPS track: not uploaded",
  "upload.listHeading": "Uploads",
  "upload.list.empty": "No uploads yet.",
  "upload.list.loadFailed": "The list could not be loaded: {error}",
  "upload.list.meta": "{size} · {time} · {by}",
  "upload.status.uploading": "Uploading",
  "upload.status.rejected": "Rejected",
  "upload.status.waiting": "Waiting to be processed",
  "upload.status.processing": "Processing",
  "upload.status.processed": "Processed",
  "upload.status.quarantined": "Set aside",
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { da, en };
const STORAGE_KEY = "roadwatch.language";
const LOCALES: Record<Language, string> = { da: "da-DK", en: "en-GB" };

let current: Language = "da";
const listeners = new Set<(language: Language) => void>();

function isLanguage(value: unknown): value is Language {
  return value === "da" || value === "en";
}

/** Restores the language chosen on an earlier visit; Danish when none was, or storage is blocked. */
export function restoreLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) current = stored;
  } catch {
    // private browsing may refuse storage: the page still works in the default language
  }
  document.documentElement.lang = current;
  return current;
}

export function currentLanguage(): Language {
  return current;
}

export function setLanguage(language: Language): void {
  current = language;
  document.documentElement.lang = language;
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // remembered for this page only
  }
  for (const listener of listeners) listener(language);
}

/** Calls `listener` after every language change, so views can render their dynamic text again. */
export function onLanguageChange(listener: (language: Language) => void): void {
  listeners.add(listener);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : typeof value === "number" ? formatNumber(value) : value;
  });
}

/** Whether `key` names a message: for codes the server sends (reasons, statuses) that a newer server may extend. */
export function isMessageKey(key: string): key is MessageKey {
  return key in da;
}

export function formatNumber(value: number, maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(LOCALES[current], { maximumFractionDigits }).format(value);
}

export function formatDate(timeMs: number): string {
  return new Intl.DateTimeFormat(LOCALES[current], { dateStyle: "medium" }).format(timeMs);
}

export function formatDateTime(timeMs: number): string {
  return new Intl.DateTimeFormat(LOCALES[current], { dateStyle: "medium", timeStyle: "short" }).format(timeMs);
}

export function formatMeters(meters: number): string {
  return `${formatNumber(meters, 2)} m`;
}

export function formatKilometers(kilometers: number): string {
  return kilometersIn(LOCALES[current], kilometers);
}

export function formatPercent(percent: number): string {
  return percentIn(LOCALES[current], percent);
}

export function formatBytes(bytes: number): string {
  return bytesIn(LOCALES[current], bytes);
}

export function formatDay(iso: string): string {
  return dayIn(LOCALES[current], iso);
}

/** Fills every element marked data-i18n (its text) or data-i18n-label (its aria-label) from the current language. */
export function translateStatic(root: ParentNode): void {
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const key = element.dataset.i18n;
    if (key !== undefined && isMessageKey(key)) element.textContent = t(key);
  }
  for (const element of root.querySelectorAll<HTMLElement>("[data-i18n-label]")) {
    const key = element.dataset.i18nLabel;
    if (key !== undefined && isMessageKey(key)) element.setAttribute("aria-label", t(key));
  }
}
