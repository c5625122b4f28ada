import type { DefectFilters, DefectLocation, DefectSearchRepository } from "../../pipeline/storage/defect-search-repository.js";
import { type Selection, selectionBounds, selectionContains } from "./selection.js";

/**
 * The defects inside the drawn shape, by id: the database narrows to the shape's box on its (lat, lon) index, and
 * only those candidates get the exact test, which keeps a 2 km circle over 100,000 defects to milliseconds.
 */
export async function defectsInSelection(
  search: DefectSearchRepository,
  selection: Selection,
  filters: DefectFilters,
): Promise<DefectLocation[]> {
  const candidates = await search.locate(selectionBounds(selection), filters);
  const contains = selectionContains(selection);
  return candidates.filter((candidate) => contains(candidate));
}
