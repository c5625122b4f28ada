/** What crews read, in Danish and English: the work-order mail and the printed page say the same things. */
import type { SeverityLevel } from "../../pipeline/defects/severity.js";
import type { DamageModelManifest } from "../../pipeline/detector/manifest.js";
import type { TeamLanguage, WorkOrderOutcome, WorkOrderStatus } from "../../pipeline/storage/schema.js";

export interface ClassLabel {
  en: string;
  da: string;
}

/** Damage class names by class id (e.g. "D40"), as the damage model's manifest gives them. */
export type ClassLabels = ReadonlyMap<string, ClassLabel>;

export function classLabelsOf(manifest: DamageModelManifest): ClassLabels {
  return new Map(manifest.classes.map((damageClass) => [damageClass.id, { en: damageClass.en, da: damageClass.da }]));
}

/** The class id itself when the model does not name the class (e.g. a defect found by an older model). */
export function classLabel(labels: ClassLabels, classId: string, language: TeamLanguage): string {
  return labels.get(classId)?.[language] ?? classId;
}

export interface DispatchTexts {
  subject(number: string, defectCount: number): string;
  greeting(teamName: string, defectCount: number): string;
  title(number: string): string;
  dueDate: string;
  note: string;
  createdBy: string;
  status: string;
  stop: string;
  damage: string;
  severityColumn: string;
  width: string;
  location: string;
  showOnMap: string;
  directions: string;
  openPrintable: string;
  attachments: string;
  severity: Record<SeverityLevel, string>;
  outcome: Record<WorkOrderOutcome, string>;
  workOrderStatus: Record<WorkOrderStatus, string>;
  notRecorded: string;
  photo: string;
  save: string;
}

const DANISH: DispatchTexts = {
  subject: (number, count) => `Arbejdsordre ${number}: ${count} ${count === 1 ? "skade" : "skader"}`,
  greeting: (team, count) =>
    `Hej ${team}. Her er jeres arbejdsordre med ${count} ${count === 1 ? "skade" : "skader"}, i den rækkefølge de ligger langs ruten.`,
  title: (number) => `Arbejdsordre ${number}`,
  dueDate: "Frist",
  note: "Bemærkning",
  createdBy: "Oprettet af",
  status: "Status",
  stop: "Nr.",
  damage: "Skade",
  severityColumn: "Alvor",
  width: "Bredde",
  location: "Position",
  showOnMap: "Vis på kort",
  directions: "Rutevejledning",
  openPrintable: "Åbn arbejdsordren til udskrift eller på telefonen, og markér hver skade som udbedret eller ikke fundet:",
  attachments: "Stoppestederne er vedhæftet som GeoJSON og GPX til navigation.",
  severity: { 3: "Akut", 2: "Planlæg", 1: "Overvåg" },
  outcome: { repaired: "Udbedret", not_found: "Ikke fundet" },
  workOrderStatus: { sent: "Sendt", in_progress: "I gang", done: "Færdig" },
  notRecorded: "Ikke registreret",
  photo: "Foto (valgfrit)",
  save: "Gem",
};

const ENGLISH: DispatchTexts = {
  subject: (number, count) => `Work order ${number}: ${count} ${count === 1 ? "defect" : "defects"}`,
  greeting: (team, count) =>
    `Hello ${team}. Here is your work order with ${count} ${count === 1 ? "defect" : "defects"}, in the order they lie along the route.`,
  title: (number) => `Work order ${number}`,
  dueDate: "Due",
  note: "Note",
  createdBy: "Created by",
  status: "Status",
  stop: "No.",
  damage: "Damage",
  severityColumn: "Severity",
  width: "Width",
  location: "Location",
  showOnMap: "Show on map",
  directions: "Directions",
  openPrintable: "Open the work order to print or on your phone, and mark each defect repaired or not found:",
  attachments: "The stops are attached as GeoJSON and GPX for navigation.",
  severity: { 3: "Urgent", 2: "Plan", 1: "Monitor" },
  outcome: { repaired: "Repaired", not_found: "Not found" },
  workOrderStatus: { sent: "Sent", in_progress: "In progress", done: "Done" },
  notRecorded: "Not recorded",
  photo: "Photo (optional)",
  save: "Save",
};

export function dispatchTexts(language: TeamLanguage): DispatchTexts {
  return language === "da" ? DANISH : ENGLISH;
}
