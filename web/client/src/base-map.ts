/**
 * The map both pages draw on: the server's map settings, the basemap (with its offline fallback), zoom and scale
 * controls, and one notice when the basemap's tiles cannot be fetched.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import maplibregl from "maplibre-gl";
import { fetchMapConfig } from "./api.js";
import type { MapConfig } from "./api-types.js";
import { type MessageKey, t } from "./i18n.js";
import { isBasemapTileError, loadBasemapStyle } from "./map-style.js";
import type { StatusLine } from "./status-line.js";

/** Faxe Kommune, whole: where a page opens unless the server configures another view or the URL carries one. */
const DEFAULT_MAP_CONFIG: MapConfig = { basemapStyleUrl: null, center: [12.05, 55.28], zoom: 10 };

/** `basemapNotice` says what the page shows without the basemap. */
export async function openBaseMap(container: HTMLElement, status: StatusLine, basemapNotice: MessageKey): Promise<maplibregl.Map> {
  const config = await fetchMapConfig(DEFAULT_MAP_CONFIG);
  const { style } = await loadBasemapStyle(config.basemapStyleUrl);
  const map = new maplibregl.Map({
    container,
    style,
    center: config.center,
    zoom: config.zoom,
    // the view lives in the URL, so a link shows a colleague the same place
    hash: true,
    attributionControl: { compact: false },
    // lines and icons appear at once: a fade costs frames, and without a GPU each frame of a large map costs ~100 ms
    fadeDuration: 0,
  });
  map.addControl(new maplibregl.NavigationControl(), "top-right");
  map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");

  let basemapNoticeShown = false;
  map.on("error", (event) => {
    if (isBasemapTileError(event as { sourceId?: string; tile?: unknown })) {
      if (!basemapNoticeShown) status.show(() => t(basemapNotice));
      basemapNoticeShown = true;
      // MapLibre draws no frame for a failed tile: without one, 'load' and 'idle' wait for a move that may never come
      map.triggerRepaint();
      return;
    }
    console.error(event.error);
  });
  return map;
}
