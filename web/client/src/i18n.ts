/**
 * Every string the foreman's page shows, in Danish (the default) and English. The English table is typed against the
 * Danish one, so a key missing in either language is a compile error rather than a blank button.
 */

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
