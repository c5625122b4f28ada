/**
 * The defects on the map: one clustered GeoJSON source, drawn as icons painted on a canvas when MapLibre first asks for
 * them (styleimagemissing). Icons instead of text labels because text needs a glyph server, and the map must work
 * offline; the icon carries the severity digit, the cluster icon its count, both in the severity colour.
 */
import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap, MapStyleImageMissingEvent } from "maplibre-gl";
import type { DefectFeature, SeverityLevel } from "./api-types.js";
import {
  HIGHLIGHT_COLOUR,
  SELECTION_COLOUR,
  SEVERITY_COLOURS,
  SEVERITY_DIGIT_COLOUR,
  SEVERITY_LEVELS,
} from "./severity-colours.js";

export const DEFECTS_SOURCE_ID = "defects";
export const DEFECTS_LAYER_ID = "defects";
export const CLUSTERS_LAYER_ID = "defect-clusters";
const HIGHLIGHT_SOURCE_ID = "defect-highlight";
/** The lowest of the defect layers: what should lie under the defects (a drawn selection) goes below it. */
export const DEFECT_LAYERS_BOTTOM_ID = "defect-highlight";

/** Above this zoom every defect shows on its own: street level, where a foreman picks single defects. */
const CLUSTER_MAX_ZOOM = 14;

const DEFECT_ICON_PREFIX = "defect-";
const CLUSTER_ICON_PREFIX = "cluster-";

/** What a highlight ring means: the pointer is on it (or its list entry), its details are open, or it is selected. */
export type HighlightKind = "hover" | "open" | "selected";

export interface HighlightPoint {
  id: number;
  lon: number;
  lat: number;
  kind: HighlightKind;
}

export function addDefectLayers(map: MapLibreMap): void {
  const addIcon = (imageId: string) => {
    const image = iconFor(imageId);
    if (image !== null && !map.hasImage(imageId)) map.addImage(imageId, image, { pixelRatio: devicePixelRatio });
  };
  // the three defect icons are known up front; a cluster's depends on its count, drawn when first asked for
  for (const level of SEVERITY_LEVELS) addIcon(`${DEFECT_ICON_PREFIX}${level}`);
  map.on("styleimagemissing", (event: MapStyleImageMissingEvent) => addIcon(event.id));
  map.addSource(DEFECTS_SOURCE_ID, {
    type: "geojson",
    data: { type: "FeatureCollection", features: [] },
    cluster: true,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterRadius: 48,
    clusterProperties: { maxSeverity: ["max", ["get", "severity"]] },
  });
  map.addSource(HIGHLIGHT_SOURCE_ID, { type: "geojson", data: { type: "FeatureCollection", features: [] } });

  const isSelected: ExpressionSpecification = ["==", ["get", "kind"], "selected"];
  map.addLayer({
    id: DEFECT_LAYERS_BOTTOM_ID,
    type: "circle",
    source: HIGHLIGHT_SOURCE_ID,
    paint: {
      "circle-radius": ["case", isSelected, 14, 17],
      "circle-opacity": 0,
      "circle-stroke-width": ["case", isSelected, 3, 4],
      "circle-stroke-color": ["case", isSelected, SELECTION_COLOUR, HIGHLIGHT_COLOUR],
    },
  });
  map.addLayer({
    id: CLUSTERS_LAYER_ID,
    type: "symbol",
    source: DEFECTS_SOURCE_ID,
    filter: ["has", "point_count"],
    layout: {
      "icon-image": ["concat", CLUSTER_ICON_PREFIX, ["get", "maxSeverity"], "-", ["get", "point_count_abbreviated"]],
      "icon-allow-overlap": true,
      "icon-ignore-placement": true,
      "symbol-sort-key": ["get", "maxSeverity"],
    },
  });
  map.addLayer({
    id: DEFECTS_LAYER_ID,
    type: "symbol",
    source: DEFECTS_SOURCE_ID,
    filter: ["!", ["has", "point_count"]],
    layout: {
      "icon-image": ["concat", DEFECT_ICON_PREFIX, ["get", "severity"]],
      // every defect must show: hiding one that overlaps another would hide work
      "icon-allow-overlap": true,
      "icon-ignore-placement": true,
      // the worst defects are drawn last, on top
      "symbol-sort-key": ["get", "severity"],
    },
  });
}

/**
 * Hands the map only what it draws and what a click needs back: the id and the severity. Every other property would
 * be copied to MapLibre's worker and cut into each tile for nothing; the page keeps the full defects itself.
 */
export function setDefects(map: MapLibreMap, defects: readonly DefectFeature[]): void {
  map.getSource<GeoJSONSource>(DEFECTS_SOURCE_ID)?.setData({
    type: "FeatureCollection",
    features: defects.map(({ id, geometry, properties }) => ({
      type: "Feature",
      id,
      geometry,
      properties: { id, severity: properties.severity },
    })),
  });
}

export function setHighlights(map: MapLibreMap, points: readonly HighlightPoint[]): void {
  map.getSource<GeoJSONSource>(HIGHLIGHT_SOURCE_ID)?.setData({
    type: "FeatureCollection",
    features: points.map(({ id, lon, lat, kind }) => ({
      type: "Feature",
      id,
      geometry: { type: "Point", coordinates: [lon, lat] },
      properties: { kind },
    })),
  });
}

/** The zoom at which a cluster falls apart, to zoom the map there when it is clicked. */
export function clusterExpansionZoom(map: MapLibreMap, clusterId: number): Promise<number> {
  const source = map.getSource<GeoJSONSource>(DEFECTS_SOURCE_ID);
  if (source === undefined) return Promise.resolve(map.getZoom() + 2);
  return source.getClusterExpansionZoom(clusterId);
}

function iconFor(imageId: string): ImageData | null {
  if (imageId.startsWith(DEFECT_ICON_PREFIX)) {
    const severity = severityOf(imageId.slice(DEFECT_ICON_PREFIX.length));
    return severity === null ? null : drawBadge(severity, String(severity), 22 + 2 * severity);
  }
  if (imageId.startsWith(CLUSTER_ICON_PREFIX)) {
    const [severityText, count] = splitOnce(imageId.slice(CLUSTER_ICON_PREFIX.length), "-");
    const severity = severityOf(severityText);
    return severity === null || count === "" ? null : drawBadge(severity, count, 30 + 4 * Math.min(count.length, 4));
  }
  return null;
}

function severityOf(text: string): SeverityLevel | null {
  return text === "1" || text === "2" || text === "3" ? (Number(text) as SeverityLevel) : null;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

/** A filled circle in the severity colour with a white ring (it keeps touching icons apart) and white bold text. */
function drawBadge(severity: SeverityLevel, text: string, diameterCssPixels: number): ImageData {
  const size = Math.ceil(diameterCssPixels * devicePixelRatio);
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d");
  if (context === null) throw new Error("this browser cannot draw on a canvas");
  const ring = 2 * devicePixelRatio;
  const radius = size / 2;
  context.beginPath();
  context.arc(radius, radius, radius - ring / 2, 0, 2 * Math.PI);
  context.fillStyle = SEVERITY_COLOURS[severity];
  context.fill();
  context.lineWidth = ring;
  context.strokeStyle = SEVERITY_DIGIT_COLOUR;
  context.stroke();
  context.fillStyle = SEVERITY_DIGIT_COLOUR;
  context.font = `bold ${Math.round(13 * devicePixelRatio)}px system-ui, sans-serif`;
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.fillText(text, radius, radius + devicePixelRatio);
  return context.getImageData(0, 0, size, size);
}
