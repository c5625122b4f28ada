/** The filter form: severity, damage type, status, team and the date range the defects were seen in. */
import { DEFECT_STATUSES, type DefectFilters, type DefectStatus, type SeverityLevel, type Team } from "./api-types.js";
import { element, required } from "./dom.js";
import { currentLanguage, onLanguageChange, t } from "./i18n.js";
import { SEVERITY_LEVELS } from "./severity-colours.js";
import { severityDot } from "./severity-dot.js";

/** What needs a crew: closed and verified defects are history, shown only when asked for. */
const DEFAULT_STATUSES: readonly DefectStatus[] = ["open", "assigned"];

export interface DamageClass {
  id: string;
  labelDa: string;
  labelEn: string;
}

export class FiltersForm {
  private readonly severityBox: HTMLElement;
  private readonly statusBox: HTMLElement;
  private readonly classSelect: HTMLSelectElement;
  private readonly teamSelect: HTMLSelectElement;
  private readonly fromInput: HTMLInputElement;
  private readonly toInput: HTMLInputElement;
  /** every class seen so far, by id: choosing one class must not remove the others from the choice */
  private readonly classes = new Map<string, DamageClass>();
  private teams: readonly Team[] = [];

  private readonly listeners: ((filters: DefectFilters) => void)[] = [];

  constructor(form: HTMLFormElement) {
    this.severityBox = required(form, "#filter-severity", HTMLElement);
    this.statusBox = required(form, "#filter-status", HTMLElement);
    this.classSelect = required(form, "#filter-class", HTMLSelectElement);
    this.teamSelect = required(form, "#filter-team", HTMLSelectElement);
    this.fromInput = required(form, "#filter-from", HTMLInputElement);
    this.toInput = required(form, "#filter-to", HTMLInputElement);
    this.renderChoices();
    form.addEventListener("change", () => this.changed());
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => {
      // the browser resets the fields after this event: read them once it has
      setTimeout(() => {
        this.checkDefaults();
        this.changed();
      });
    });
    onLanguageChange(() => this.renderChoices());
  }

  onChange(listener: (filters: DefectFilters) => void): void {
    this.listeners.push(listener);
  }

  read(): DefectFilters {
    const checked = (box: HTMLElement) =>
      [...box.querySelectorAll<HTMLInputElement>("input:checked")].map((input) => input.value);
    return {
      severity: checked(this.severityBox).map((value) => Number(value) as SeverityLevel),
      class: this.classSelect.value === "" ? null : this.classSelect.value,
      status: checked(this.statusBox) as DefectStatus[],
      teamId: this.teamSelect.value === "" ? null : Number(this.teamSelect.value),
      from: this.fromInput.value === "" ? null : this.fromInput.value,
      to: this.toInput.value === "" ? null : this.toInput.value,
    };
  }

  addClasses(classes: readonly DamageClass[]): void {
    const unknown = classes.filter((damageClass) => !this.classes.has(damageClass.id));
    if (unknown.length === 0) return;
    for (const damageClass of unknown) this.classes.set(damageClass.id, damageClass);
    this.renderChoices();
  }

  setTeams(teams: readonly Team[]): void {
    this.teams = teams;
    this.renderChoices();
  }

  /** Builds the choices in the current language, keeping what is chosen. */
  private renderChoices(): void {
    const filters = this.read();
    const freshStart = this.severityBox.childElementCount === 0;
    this.severityBox.replaceChildren(
      ...SEVERITY_LEVELS.map((level) =>
        checkbox("severity", String(level), t(`severity.${level}`), freshStart || filters.severity.includes(level), [
          severityDot(level),
        ]),
      ),
    );
    this.statusBox.replaceChildren(
      ...DEFECT_STATUSES.map((status) => {
        const checked = freshStart ? DEFAULT_STATUSES.includes(status) : filters.status.includes(status);
        return checkbox("status", status, t(`status.${status}`), checked);
      }),
    );
    const language = currentLanguage();
    this.classSelect.replaceChildren(
      element("option", { value: "" }, [t("filters.allClasses")]),
      ...[...this.classes.values()].sort((a, b) => a.id.localeCompare(b.id)).map((damageClass) =>
        element("option", { value: damageClass.id, selected: damageClass.id === filters.class }, [
          language === "da" ? damageClass.labelDa : damageClass.labelEn,
        ]),
      ),
    );
    this.teamSelect.replaceChildren(
      element("option", { value: "" }, [t("filters.allTeams")]),
      ...this.teams.map((team) => element("option", { value: team.id, selected: team.id === filters.teamId }, [team.name])),
    );
  }

  private changed(): void {
    const filters = this.read();
    for (const listener of this.listeners) listener(filters);
  }

  private checkDefaults(): void {
    for (const input of this.severityBox.querySelectorAll("input")) input.checked = true;
    for (const input of this.statusBox.querySelectorAll("input")) {
      input.checked = DEFAULT_STATUSES.includes(input.value as DefectStatus);
    }
  }
}

function checkbox(name: string, value: string, label: string, checked: boolean, decoration: Node[] = []): HTMLLabelElement {
  return element("label", { class: "choice" }, [
    element("input", { type: "checkbox", name, value, checked }),
    ...decoration,
    element("span", {}, [label]),
  ]);
}
