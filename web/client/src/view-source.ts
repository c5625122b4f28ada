/**
 * A GeoJSON source of lines the server sends for a box around the view. A move loads again only when the view leaves
 * the loaded box; a newer request aborts the one in flight, so a slow answer never overwrites a newer one.
 */
import type { FeatureCollection } from "geojson";
import type { GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";
import type { LonLatBox } from "./api.js";
import { boxContains } from "./view-box.js";

export type FetchBox = (box: LonLatBox, signal: AbortSignal) => Promise<FeatureCollection>;

export class ViewLoadedSource {
  private loaded: LonLatBox | null = null;
  private loading: AbortController | null = null;

  constructor(
    private readonly map: MapLibreMap,
    readonly sourceId: string,
    private readonly fetchBox: FetchBox,
  ) {
    map.addSource(sourceId, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
  }

  /**
   * Loads `box` unless it lies within what is loaded. Resolves to whether the source got new data (false: it had
   * them, or a newer load superseded this one); rejects when the server fails.
   */
  async show(box: LonLatBox): Promise<boolean> {
    if (this.loaded !== null && boxContains(this.loaded, box)) return false;
    return this.reload(box);
  }

  /** Loads `box` even when it is loaded: what the server would send for it has changed. */
  async reload(box: LonLatBox): Promise<boolean> {
    // what is loaded is out of date from now on: a move before the answer comes must load again, not keep it
    this.loaded = null;
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    let collection: FeatureCollection;
    try {
      collection = await this.fetchBox(box, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return false;
      throw error;
    }
    if (controller.signal.aborted) return false;
    (this.map.getSource(this.sourceId) as GeoJSONSource).setData(collection);
    this.loaded = box;
    return true;
  }
}
