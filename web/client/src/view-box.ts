/** The box of the map a page asks the server about: the view widened on every side, so small pans need no new request. */
import type { LngLatBounds } from "maplibre-gl";
import type { LonLatBox } from "./api.js";

/** The view's bounds, kept within the Web Mercator world. */
export function lonLatBox(bounds: LngLatBounds): LonLatBox {
  return widenedView(bounds, 0);
}

/** The view widened by `fraction` of its size on every side, kept within the Web Mercator world. */
export function widenedView(bounds: LngLatBounds, fraction: number): LonLatBox {
  const width = bounds.getEast() - bounds.getWest();
  const height = bounds.getNorth() - bounds.getSouth();
  return {
    west: Math.max(-180, bounds.getWest() - width * fraction),
    east: Math.min(180, bounds.getEast() + width * fraction),
    south: Math.max(-85, bounds.getSouth() - height * fraction),
    north: Math.min(85, bounds.getNorth() + height * fraction),
  };
}

export function boxContains(outer: LonLatBox, inner: LonLatBox): boolean {
  return inner.west >= outer.west && inner.east <= outer.east && inner.south >= outer.south && inner.north <= outer.north;
}
