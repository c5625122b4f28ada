/**
 * The list beside the map: the defects in the current view, most severe first, then most recently seen. Each entry is a
 * button (reachable by Tab, opened by Enter or Space); hovering or focusing one rings its defect on the map, and the
 * map's hover marks the entry in turn.
 */
import type { DefectFeature } from "./api-types.js";
import { element } from "./dom.js";
import { currentLanguage, formatDate, onLanguageChange, t } from "./i18n.js";
import { severityDot } from "./severity-dot.js";

/** Enough to scan; the rest is a zoom away. Rendering thousands of entries on every pan would make the page sluggish. */
const MAX_ENTRIES = 200;

export interface DefectListEvents {
  onOpen(defect: DefectFeature): void;
  onHover(defect: DefectFeature | null): void;
}

export class DefectList {
  private defects: readonly DefectFeature[] = [];
  private readonly entries = new Map<number, HTMLElement>();
  private marked: number | null = null;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly summary: HTMLElement,
    private readonly events: DefectListEvents,
  ) {
    onLanguageChange(() => this.render());
  }

  show(defectsInView: readonly DefectFeature[]): void {
    const sorted = [...defectsInView].sort(
      (a, b) => b.properties.severity - a.properties.severity || b.properties.lastSeen.localeCompare(a.properties.lastSeen),
    );
    // the same defects as before (a small pan): keep the entries, and the keyboard focus on one of them
    if (sorted.length === this.defects.length && sorted.every((defect, index) => defect === this.defects[index])) return;
    this.defects = sorted;
    this.render();
  }

  /** Marks the entry of the defect under the pointer on the map. */
  mark(id: number | null): void {
    if (this.marked !== null) this.entries.get(this.marked)?.classList.remove("marked");
    this.marked = id;
    if (id !== null) this.entries.get(id)?.classList.add("marked");
  }

  private render(): void {
    const shown = this.defects.slice(0, MAX_ENTRIES);
    this.summary.textContent =
      this.defects.length === 0 ? t("list.empty") : t("list.summary", { shown: shown.length, total: this.defects.length });
    this.entries.clear();
    this.list.replaceChildren(...shown.map((defect) => this.entry(defect)));
    this.mark(this.marked);
  }

  private entry(defect: DefectFeature): HTMLLIElement {
    const { id, severity, labelDa, labelEn, lastSeen } = defect.properties;
    const label = currentLanguage() === "da" ? labelDa : labelEn;
    const lastSeenText = formatDate(Date.parse(lastSeen));
    const button = element(
      "button",
      {
        type: "button",
        class: "defect-entry",
        "data-defect-id": id,
        "aria-label": t("list.item", { label, severity: t(`severity.${severity}`), lastSeen: lastSeenText }),
      },
      [
        severityDot(severity),
        element("span", { class: "entry-text" }, [
          element("span", { class: "entry-title" }, [label]),
          element("span", { class: "entry-meta" }, [lastSeenText]),
        ]),
      ],
    );
    button.addEventListener("click", () => this.events.onOpen(defect));
    button.addEventListener("pointerenter", () => this.events.onHover(defect));
    button.addEventListener("pointerleave", () => this.events.onHover(null));
    button.addEventListener("focus", () => this.events.onHover(defect));
    button.addEventListener("blur", () => this.events.onHover(null));
    this.entries.set(id, button);
    return element("li", {}, [button]);
  }
}
