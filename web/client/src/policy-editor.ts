/**
 * The planner's inspection intervals, one form per road class: type the days and save (Enter works), or go back to
 * the configured interval. Each form keeps its elements across updates, so focus and messages survive a save. For
 * those who may not change them, the same rows read only.
 */
import { savePolicy } from "./api.js";
import type { InspectionPolicy, PolicyChange, PolicyInterval } from "./api-types.js";
import { element } from "./dom.js";
import { t } from "./i18n.js";
import { MAX_INTERVAL_DAYS, validateIntervalDays } from "./inspection-policy.js";
import { messageOf } from "./status-line.js";

export class PolicyEditor {
  private readonly rows = new Map<string, PolicyRow>();

  /** `onSaved` gets the policy the server holds after each change. */
  constructor(
    private readonly container: HTMLElement,
    private readonly editable: boolean,
    private readonly onSaved: (policy: InspectionPolicy) => void,
  ) {}

  show(intervals: readonly PolicyInterval[]): void {
    const shown = intervals.map((interval) => {
      let row = this.rows.get(interval.roadClass);
      if (row === undefined) {
        row = new PolicyRow(interval, this.editable, (change) => this.save(change));
        this.rows.set(interval.roadClass, row);
      } else {
        row.update(interval);
      }
      return row;
    });
    for (const [roadClass, row] of this.rows) if (!shown.includes(row)) this.rows.delete(roadClass);
    this.container.replaceChildren(...shown.map((row) => row.form));
  }

  translate(): void {
    for (const row of this.rows.values()) row.render();
  }

  private async save(change: PolicyChange): Promise<void> {
    this.onSaved(await savePolicy(change));
  }
}

/** Element ids of the rows: class names may hold any character, so the rows are numbered. */
let rowsMade = 0;

class PolicyRow {
  readonly form: HTMLFormElement;
  private readonly label = element("label", { class: "policy-class" });
  private readonly input: HTMLInputElement;
  private readonly unit = element("span", { class: "policy-unit", "aria-hidden": "true" });
  private readonly source = element("span", { class: "policy-source" });
  private readonly saveButton = element("button", { type: "submit", class: "primary" });
  private readonly resetButton = element("button", { type: "button" });
  private readonly message: HTMLParagraphElement;
  private messageText: (() => string) | null = null;
  private failed = false;

  constructor(
    private interval: PolicyInterval,
    editable: boolean,
    private readonly save: (change: PolicyChange) => Promise<void>,
  ) {
    rowsMade += 1;
    const id = `policy-${rowsMade}`;
    this.input = element("input", {
      id,
      type: "number",
      inputmode: "numeric",
      min: 1,
      max: MAX_INTERVAL_DAYS,
      step: 1,
      "aria-describedby": `${id}-message`,
    });
    this.label.htmlFor = id;
    this.message = element("p", { id: `${id}-message`, class: "policy-message", role: "status" });
    // the page says what is wrong, in its language, instead of the browser's bubble
    this.form = element("form", { class: "policy-row", novalidate: true }, [
      element("div", { class: "policy-name" }, [this.label, this.source]),
      element("span", { class: "policy-days" }, [this.input, this.unit]),
      editable && element("div", { class: "policy-buttons" }, [this.saveButton, this.resetButton]),
      this.message,
    ]);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.resetButton.addEventListener("click", () => void this.send(null));
    this.input.value = daysText(interval);
    this.input.readOnly = !editable;
    this.render();
  }

  /** What the server holds now for this class. The field keeps what the planner typed unless the interval changed. */
  update(interval: PolicyInterval): void {
    if (interval.requiredIntervalDays !== this.interval.requiredIntervalDays) this.input.value = daysText(interval);
    this.interval = interval;
    this.render();
  }

  render(): void {
    const { roadClass, source } = this.interval;
    this.label.textContent = roadClass;
    this.input.setAttribute("aria-label", t("policy.days", { roadClass }));
    this.unit.textContent = t("policy.daysUnit");
    this.input.placeholder = t("coverage.noInterval");
    this.source.textContent = t(`policy.source.${source}`);
    // every row has these buttons: their names say which class they are for
    this.saveButton.textContent = t("policy.save");
    this.saveButton.setAttribute("aria-label", t("policy.saveLabel", { roadClass }));
    this.resetButton.textContent = t("policy.reset");
    this.resetButton.setAttribute("aria-label", t("policy.resetLabel", { roadClass }));
    // only a planner's interval can go back to the configured one
    this.resetButton.disabled = source !== "planner";
    this.message.textContent = this.messageText?.() ?? "";
    this.message.classList.toggle("form-error", this.failed);
    this.input.setAttribute("aria-invalid", String(this.failed));
  }

  private async submit(): Promise<void> {
    const validation = validateIntervalDays(this.input.value);
    if (!validation.valid) {
      this.say(() => t("policy.invalid", { max: MAX_INTERVAL_DAYS }), true);
      this.input.focus();
      return;
    }
    await this.send(validation.days);
  }

  private async send(requiredIntervalDays: number | null): Promise<void> {
    this.say(() => t("policy.saving"), false);
    this.saveButton.disabled = true;
    try {
      await this.save({ roadClass: this.interval.roadClass, requiredIntervalDays });
      this.say(() => t("policy.saved"), false);
    } catch (error) {
      const reason = messageOf(error);
      this.say(() => t("policy.failed", { error: reason }), true);
    } finally {
      this.saveButton.disabled = false;
    }
  }

  private say(message: () => string, failed: boolean): void {
    this.messageText = message;
    this.failed = failed;
    this.render();
  }
}


function daysText(interval: PolicyInterval): string {
  return interval.requiredIntervalDays === null ? "" : String(interval.requiredIntervalDays);
}
