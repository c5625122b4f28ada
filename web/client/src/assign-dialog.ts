/**
 * "Tildel": the small form that turns the selection into a work order for a team. A native modal <dialog> keeps the
 * focus inside while open and closes on Escape; the outcome (the order's number and whether its mail went out) is
 * announced in the page's status line.
 */
import type { Team } from "./api-types.js";
import { element, required } from "./dom.js";
import { t } from "./i18n.js";

export interface AssignRequest {
  teamId: number;
  note: string | null;
  dueDate: string | null;
}

export class AssignDialog {
  private readonly form: HTMLFormElement;
  private readonly teamSelect: HTMLSelectElement;
  private readonly noteInput: HTMLTextAreaElement;
  private readonly dueDateInput: HTMLInputElement;
  private readonly summary: HTMLElement;
  private readonly error: HTMLElement;
  private readonly submitButton: HTMLButtonElement;
  private teams: readonly Team[] = [];

  constructor(
    private readonly dialog: HTMLDialogElement,
    private readonly onSubmit: (request: AssignRequest) => Promise<void>,
  ) {
    this.form = required(dialog, "form", HTMLFormElement);
    this.teamSelect = required(dialog, "#assign-team", HTMLSelectElement);
    this.noteInput = required(dialog, "#assign-note", HTMLTextAreaElement);
    this.dueDateInput = required(dialog, "#assign-due-date", HTMLInputElement);
    this.summary = required(dialog, "#assign-summary", HTMLElement);
    this.error = required(dialog, "#assign-error", HTMLElement);
    this.submitButton = required(dialog, "#assign-submit", HTMLButtonElement);
    required(dialog, "#assign-cancel", HTMLButtonElement).addEventListener("click", () => dialog.close());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  setTeams(teams: readonly Team[]): void {
    this.teams = teams;
  }

  open(defectCount: number): void {
    const chosen = this.teamSelect.value;
    this.teamSelect.replaceChildren(
      element("option", { value: "" }, [t("assign.chooseTeam")]),
      ...this.teams.map((team) => element("option", { value: team.id, selected: String(team.id) === chosen }, [team.name])),
    );
    this.summary.textContent = t("assign.summary", { count: defectCount });
    this.error.textContent = "";
    this.dialog.showModal();
    this.teamSelect.focus();
  }

  private async submit(): Promise<void> {
    if (this.teamSelect.value === "") {
      this.error.textContent = t("assign.teamRequired");
      this.teamSelect.focus();
      return;
    }
    this.submitButton.disabled = true;
    try {
      await this.onSubmit({
        teamId: Number(this.teamSelect.value),
        note: this.noteInput.value.trim() === "" ? null : this.noteInput.value.trim(),
        dueDate: this.dueDateInput.value === "" ? null : this.dueDateInput.value,
      });
      this.form.reset();
      this.dialog.close();
    } catch (error) {
      this.error.textContent = t("assign.failed", { error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.submitButton.disabled = false;
    }
  }
}
