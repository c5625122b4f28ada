/** The planner's tables: a header row, one row per item with its first cell naming it, numbers aligned right. */
import { element } from "./dom.js";

export interface Column {
  label: string;
  /** right-aligned, so digits line up */
  numeric?: boolean;
}

/** `rows` and `footer` hold the cells' text, one per column; the first cell of each row heads it. */
export function dataTable(columns: readonly Column[], rows: readonly (readonly string[])[], footer: readonly string[] | null = null): HTMLTableElement {
  const cells = (texts: readonly string[]) =>
    texts.map((text, index) =>
      index === 0
        ? element("th", { scope: "row" }, [text])
        : element("td", { class: columns[index]?.numeric === true ? "number" : null }, [text]),
    );
  return element("table", { class: "data-table" }, [
    element("thead", {}, [
      element("tr", {}, columns.map((column) => element("th", { scope: "col", class: column.numeric === true ? "number" : null }, [column.label]))),
    ]),
    element("tbody", {}, rows.map((row) => element("tr", {}, cells(row)))),
    footer === null ? null : element("tfoot", {}, [element("tr", {}, cells(footer))]),
  ]);
}
