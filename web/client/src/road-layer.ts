/**
 * The road network under the defects, from our own server: with no internet (no basemap tiles) the foreman still
 * sees where the roads run. Loaded for the view like the defects, again only when the view leaves what is loaded.
 */
import type { Map as MapLibreMap } from "maplibre-gl";
import { fetchRoads, type LonLatBox } from "./api.js";
import { ViewLoadedSource } from "./view-source.js";

const ROADS_SOURCE_ID = "roads";
const ROADS_LAYER_ID = "roads";
/** The municipality's own roads, the ones its crews repair, stand out a little from the rest. */
const MUNICIPAL_ROAD_CLASS = "Off. kommunevej";

export class RoadLayer {
  private readonly source: ViewLoadedSource;

  /** Call before the defect layers are added, so the roads lie under them. */
  constructor(map: MapLibreMap) {
    this.source = new ViewLoadedSource(map, ROADS_SOURCE_ID, fetchRoads);
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
    try {
      await this.source.show(box);
    } catch (error) {
      // the defects carry on without their background; the next move tries again
      console.error("road network could not be loaded", error);
    }
  }
}
