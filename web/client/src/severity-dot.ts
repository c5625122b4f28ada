/** A defect's severity as the map draws it, for lists and panels: the digit on the severity colour. */
import type { SeverityLevel } from "./api-types.js";
import { element } from "./dom.js";
import { SEVERITY_COLOURS } from "./severity-colours.js";

/** Hidden from screen readers: the text beside it names the severity. */
export function severityDot(level: SeverityLevel): HTMLSpanElement {
  return element("span", { class: "severity-dot", style: `background:${SEVERITY_COLOURS[level]}`, "aria-hidden": "true" }, [
    String(level),
  ]);
}
