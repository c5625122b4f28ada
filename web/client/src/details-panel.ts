/**
 * The side panel of one defect: the photo with the detector's box, the close-up, why it has its severity, when it was
 * seen, on which road, and every sighting with the width over time. Escape or the close button hides it and puts the
 * focus back where it was.
 */
import { fetchDefect } from "./api.js";
import type { DefectDetails } from "./api-types.js";
import { element, svgElement } from "./dom.js";
import { growthChart } from "./growth-chart.js";
import { currentLanguage, formatDateTime, formatMeters, formatNumber, isMessageKey, onLanguageChange, t } from "./i18n.js";
import { severityDot } from "./severity-dot.js";

export class DetailsPanel {
  private shown: DefectDetails | null = null;
  private loading: AbortController | null = null;
  private returnFocusTo: HTMLElement | null = null;

  constructor(
    private readonly panel: HTMLElement,
    private readonly onClose: () => void,
  ) {
    onLanguageChange(() => {
      if (this.shown !== null) this.render(this.shown);
    });
  }

  get openDefectId(): number | null {
    return this.panel.hidden ? null : (this.shown?.id ?? null);
  }

  /** Shows the defect; resolves to its details, or null when it could not be loaded (the panel then says why). */
  async open(id: number): Promise<DefectDetails | null> {
    this.loading?.abort();
    const loading = new AbortController();
    this.loading = loading;
    if (this.panel.hidden) this.returnFocusTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.panel.hidden = false;
    this.panel.setAttribute("aria-busy", "true");
    try {
      const details = await fetchDefect(id, loading.signal);
      this.shown = details;
      this.render(details);
      this.panel.querySelector<HTMLElement>("h2")?.focus();
      return details;
    } catch (error) {
      if (loading.signal.aborted) return null;
      this.shown = null;
      const message = error instanceof Error ? error.message : String(error);
      const alert = element("p", { role: "alert" }, [t("details.loadFailed", { error: message })]);
      this.panel.replaceChildren(this.header(String(id)), alert);
      this.panel.querySelector<HTMLElement>("h2")?.focus();
      return null;
    } finally {
      if (this.loading === loading) this.panel.removeAttribute("aria-busy");
    }
  }

  close(): void {
    if (this.panel.hidden) return;
    this.loading?.abort();
    this.panel.hidden = true;
    this.shown = null;
    this.restoreFocus();
    this.onClose();
  }

  private restoreFocus(): void {
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    if (target === null) return;
    if (target.isConnected) {
      target.focus();
      return;
    }
    // the list is drawn again when the map moves to the defect: its entry for the same defect stands in for the old one
    const defectId = target.dataset.defectId;
    if (defectId !== undefined) document.querySelector<HTMLElement>(`[data-defect-id="${defectId}"]`)?.focus();
  }

  private header(title: string): HTMLElement {
    const close = element("button", { type: "button", class: "icon-button", "aria-label": t("details.close") }, ["×"]);
    close.addEventListener("click", () => this.close());
    return element("header", { class: "panel-header" }, [element("h2", { id: "details-heading", tabindex: -1 }, [title]), close]);
  }

  private render(details: DefectDetails): void {
    const label = currentLanguage() === "da" ? details.labelDa : details.labelEn;
    const widths = details.observations.flatMap((sighting) =>
      sighting.widthMeters === null ? [] : [{ timeMs: Date.parse(sighting.time), widthMeters: sighting.widthMeters }],
    );
    const parts: (HTMLElement | null)[] = [
      this.header(label),
      photoWithBox(details),
      details.cropUrl === null ? null : element("img", { class: "crop", src: details.cropUrl, alt: t("details.crop") }),
      element("section", { class: "severity-block" }, [
        element("h3", {}, [t("details.severity")]),
        element("p", { class: "severity-line" }, [
          severityDot(details.severity),
          `${t(`severity.${details.severity}`)} (${details.severity})`,
        ]),
        element("h4", {}, [t("details.reasons")]),
        element(
          "ul",
          { class: "reasons" },
          details.severityReasons.map((reason) => {
            const key = `reason.${reason.code}`;
            // the English text carries the numbers behind a reason; Danish shows its own wording of the code
            const text = currentLanguage() === "en" || !isMessageKey(key) ? reason.text : t(key);
            return element("li", {}, [text]);
          }),
        ),
      ]),
      element("dl", { class: "facts" }, [
        ...fact(t("details.status"), isMessageKey(`status.${details.status}`) ? t(`status.${details.status}`) : details.status),
        ...fact(t("details.firstSeen"), formatDateTime(Date.parse(details.firstSeen))),
        ...fact(t("details.lastSeen"), formatDateTime(Date.parse(details.lastSeen))),
        ...fact(t("details.road"), details.road?.roadClass ?? t("details.roadUnknown")),
        ...fact(t("details.width"), details.widthMeters === null ? t("details.widthUnknown") : formatMeters(details.widthMeters)),
      ]),
      element("section", { class: "sightings" }, [
        element("h3", {}, [t("details.sightings", { count: details.observations.length })]),
        growthChart(widths),
        sightingsTable(details),
      ]),
    ];
    this.panel.replaceChildren(...parts.filter((part) => part !== null));
  }
}

function fact(term: string, value: string): HTMLElement[] {
  return [element("dt", {}, [term]), element("dd", {}, [value])];
}

/** The best photo with the box drawn over it in the photo's own pixels, so it stays on the damage at any size. */
function photoWithBox(details: DefectDetails): HTMLElement {
  if (details.photoUrl === null) return element("p", { class: "no-photo" }, [t("details.noPhoto")]);
  const image = element("img", { src: details.photoUrl, alt: t("details.photo") });
  const frame = element("div", { class: "photo-frame" }, [image]);
  const box = details.box;
  if (box !== null) {
    image.addEventListener("load", () => {
      const [x1, y1, x2, y2] = box;
      const viewBox = `0 0 ${image.naturalWidth} ${image.naturalHeight}`;
      frame.append(
        svgElement("svg", { class: "photo-box", viewBox, "aria-hidden": "true" }, [
          svgElement("rect", { x: x1, y: y1, width: x2 - x1, height: y2 - y1 }),
        ]),
      );
    });
  }
  return element("figure", { class: "photo" }, [frame]);
}

function sightingsTable(details: DefectDetails): HTMLTableElement {
  return element("table", { class: "sightings-table" }, [
    element("thead", {}, [
      element("tr", {}, [
        element("th", { scope: "col" }, [t("details.time")]),
        element("th", { scope: "col" }, [t("details.sightingWidth")]),
        element("th", { scope: "col" }, [t("details.score")]),
      ]),
    ]),
    element(
      "tbody",
      {},
      details.observations.map((sighting) =>
        element("tr", {}, [
          element("td", {}, [formatDateTime(Date.parse(sighting.time))]),
          element("td", {}, [sighting.widthMeters === null ? "–" : formatMeters(sighting.widthMeters)]),
          element("td", {}, [formatNumber(sighting.score, 2)]),
        ]),
      ),
    ),
  ]);
}
