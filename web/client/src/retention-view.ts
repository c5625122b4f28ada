/** "Lagrede optagelser": the raw videos the server keeps, until when, and what the defects' pictures take. */
import type { RetentionOverview } from "./api-types.js";
import { dataTable } from "./data-table.js";
import { element } from "./dom.js";
import { formatBytes, formatDay, formatNumber, isMessageKey, t } from "./i18n.js";
import { storedFootageTotals } from "./stored-footage.js";

const UNKNOWN = "–";

export function retentionView({ retentionDays, videos, keptFrames }: RetentionOverview): Node[] {
  const totals = storedFootageTotals(videos);
  const summary = [
    element("p", {}, [t("retention.rule", { days: retentionDays })]),
    element("p", { class: "retention-totals" }, [
      t("retention.totals", {
        count: totals.count,
        size: formatBytes(totals.bytes),
        frames: formatNumber(keptFrames.count),
        frameSize: formatBytes(keptFrames.bytes),
      }),
    ]),
  ];
  if (videos.length === 0) return [...summary, element("p", { class: "empty-note" }, [t("retention.empty")])];
  const columns = [
    { label: t("retention.file") },
    { label: t("retention.recorded") },
    { label: t("retention.processed") },
    { label: t("retention.size"), numeric: true },
    { label: t("retention.deleteAfter") },
    { label: t("retention.status") },
  ];
  const day = (iso: string | null) => (iso === null ? UNKNOWN : formatDay(iso));
  const rows = videos.map((video) => [
    video.originalName,
    day(video.recordedStart),
    day(video.processedAt),
    formatBytes(video.sizeBytes),
    day(video.deleteAfter),
    videoStatus(video.status),
  ]);
  return [...summary, element("div", { class: "table-scroll" }, [dataTable(columns, rows)])];
}

/** A status a newer server adds is shown as it comes. */
function videoStatus(status: string): string {
  const key = `video.status.${status}`;
  return isMessageKey(key) ? t(key) : status;
}
