/**
 * The road network under the defects, from our own server: with no internet (no basemap tiles) the foreman still
 * sees where the roads run. Loaded for the view like the defects, again only when the view leaves what is loaded.
 */
import type { Map as MapLibreMap, GeoJSONSource } from "maplibre-gl";
import { fetchRoads, type LonLatBox } from "./api.js";

const ROADS_SOURCE_ID = "roads";
const ROADS_LAYER_ID = "roads";
/** The municipality's own roads, the ones its crews repair, stand out a little from the rest. */
const MUNICIPAL_ROAD_CLASS = "Off. kommunevej";

export class RoadLayer {
  private loaded: LonLatBox | null = null;
  private loading: AbortController | null = null;

  /** Call before the defect layers are added, so the roads lie under them. */
  constructor(private readonly map: MapLibreMap) {
    map.addSource(ROADS_SOURCE_ID, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer({
      id: ROADS_LAYER_ID,
      type: "line",
      source: ROADS_SOURCE_ID,
      layout: { "line-cap": "round", "line-join": "round" },
      paint: {
        "line-color": ["case", ["==", ["get", "roadClass"], MUNICIPAL_ROAD_CLASS], "#6b6b6b", "#a8a8a8"],
        "line-width": ["interpolate", ["linear"], ["zoom"], 10, 0.6, 16, 2.5],
      },
    });
  }

  async show(box: LonLatBox): Promise<void> {
    const loaded = this.loaded;
    if (loaded !== null && box.west >= loaded.west && box.east <= loaded.east && box.south >= loaded.south && box.north <= loaded.north) return;
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    try {
      const roads = await fetchRoads(box, controller.signal);
      (this.map.getSource(ROADS_SOURCE_ID) as GeoJSONSource).setData(roads);
      this.loaded = box;
    } catch (error) {
      // the defects carry on without their background; the next move tries again
      if (!controller.signal.aborted) console.error("road network could not be loaded", error);
    }
  }
}
