/** What the foremen's morning summary says, in Danish and English. */
import type { TeamLanguage } from "../../pipeline/storage/schema.js";

export interface MorningSummaryTexts {
  /** for dates and times */
  locale: string;
  subject(date: string, processed: number, notProcessed: number): string;
  finished(startTime: string, endTime: string): string;
  processedHeading(count: number): string;
  videoDefects(created: number, updated: number): string;
  defectsHeading: string;
  newDefects: string;
  seenAgain: string;
  quarantinedHeading(count: number): string;
  failedHeading(count: number): string;
  arriving(files: string): string;
  showMap: string;
}

const DANISH: MorningSummaryTexts = {
  locale: "da-DK",
  subject: (date, processed, notProcessed) =>
    `Roadwatch natkørsel ${date}: ${processed} ${processed === 1 ? "video" : "videoer"} behandlet` +
    (notProcessed > 0 ? `, ${notProcessed} kunne ikke behandles` : ""),
  finished: (start, end) => `Natkørslen er færdig (startet ${start}, færdig ${end}).`,
  processedHeading: (count) => `Behandlede videoer (${count})`,
  videoDefects: (created, updated) => `${created} ${created === 1 ? "ny skade" : "nye skader"}, ${updated} set igen`,
  defectsHeading: "Skader efter alvor",
  newDefects: "Nye",
  seenAgain: "Set igen",
  quarantinedHeading: (count) => `I karantæne (${count}) – videoen kunne ikke behandles og er lagt til side`,
  failedHeading: (count) => `Ikke behandlet (${count}) – ligger stadig i indbakken og prøves igen næste nat`,
  arriving: (files) => `Blev stadig kopieret og tages med næste nat: ${files}`,
  showMap: "Se skaderne på kortet:",
};

const ENGLISH: MorningSummaryTexts = {
  locale: "en-GB",
  subject: (date, processed, notProcessed) =>
    `Roadwatch overnight run ${date}: ${processed} ${processed === 1 ? "video" : "videos"} processed` +
    (notProcessed > 0 ? `, ${notProcessed} could not be processed` : ""),
  finished: (start, end) => `The overnight run has finished (started ${start}, finished ${end}).`,
  processedHeading: (count) => `Processed videos (${count})`,
  videoDefects: (created, updated) => `${created} new ${created === 1 ? "defect" : "defects"}, ${updated} seen again`,
  defectsHeading: "Defects by severity",
  newDefects: "New",
  seenAgain: "Seen again",
  quarantinedHeading: (count) => `Quarantined (${count}) – the video could not be processed and was set aside`,
  failedHeading: (count) => `Not processed (${count}) – still in the inbox, tried again next night`,
  arriving: (files) => `Still being copied, taken next night: ${files}`,
  showMap: "See the defects on the map:",
};

export function morningSummaryTexts(language: TeamLanguage): MorningSummaryTexts {
  return language === "da" ? DANISH : ENGLISH;
}
