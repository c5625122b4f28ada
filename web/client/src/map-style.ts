/**
 * The basemap. By default OpenStreetMap's raster tiles over a plain background layer of the same land colour: without
 * network the tiles fail one by one, MapLibre reports each, and the defects still draw on the background. A configured
 * style URL (a municipality's own tile server) replaces the default when it can be fetched; the defect layers are
 * added on top of either.
 */
import type { StyleSpecification } from "maplibre-gl";
import { MAP_BACKGROUND_COLOUR } from "./severity-colours.js";

export const OSM_ATTRIBUTION = '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap-bidragydere</a>';

const BASEMAP_SOURCE_ID = "basemap";

export function defaultBasemapStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {
      [BASEMAP_SOURCE_ID]: {
        type: "raster",
        tiles: ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"],
        tileSize: 256,
        maxzoom: 19,
        attribution: OSM_ATTRIBUTION,
      },
    },
    layers: [
      { id: "background", type: "background", paint: { "background-color": MAP_BACKGROUND_COLOUR } },
      { id: "basemap", type: "raster", source: BASEMAP_SOURCE_ID },
    ],
  };
}

/**
 * The configured style, or the default one when none is configured or it cannot be fetched (no network): a style that
 * fails to load would leave MapLibre without any style, and the defects without a map to draw on.
 */
export async function loadBasemapStyle(styleUrl: string | null): Promise<{ style: StyleSpecification; fellBack: boolean }> {
  if (styleUrl === null) return { style: defaultBasemapStyle(), fellBack: false };
  try {
    const response = await fetch(styleUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const style = (await response.json()) as StyleSpecification;
    if (style.version !== 8 || !Array.isArray(style.layers)) throw new Error("not a MapLibre style");
    return { style, fellBack: false };
  } catch (error) {
    console.warn(`basemap style ${styleUrl} unavailable, using the built-in one:`, error);
    return { style: defaultBasemapStyle(), fellBack: true };
  }
}

/** Whether a map error event is a basemap tile that did not load: worth one notice, never a broken page. */
export function isBasemapTileError(event: { sourceId?: string; tile?: unknown }): boolean {
  return event.sourceId === BASEMAP_SOURCE_ID && event.tile !== undefined;
}
