/**
 * The road network on the planner's map: one line layer per inspection status, styled by coverage-status.ts, loaded
 * for the view and the chosen day. A click on a road says which it is and when it was last inspected.
 */
import maplibregl, { type Map as MapLibreMap, type MapLayerMouseEvent } from "maplibre-gl";
import { fetchCoverageSegments, type LonLatBox } from "./api.js";
import type { CoverageSegmentProperties, CoverageStatus } from "./api-types.js";
import { roadClassName } from "./coverage-report.js";
import { COVERAGE_DRAW_ORDER, COVERAGE_STYLES, coverageLineLayout, coverageLinePaint } from "./coverage-status.js";
import { element } from "./dom.js";
import { formatDay, t } from "./i18n.js";
import { ViewLoadedSource } from "./view-source.js";

const COVERAGE_SOURCE_ID = "coverage";

function layerId(status: CoverageStatus): string {
  return `coverage-${status}`;
}

export class CoverageLayer {
  private readonly source: ViewLoadedSource;
  private popup: maplibregl.Popup | null = null;

  /** `at` is asked at every load: the day the statuses are computed for. */
  constructor(
    private readonly map: MapLibreMap,
    at: () => string,
  ) {
    this.source = new ViewLoadedSource(map, COVERAGE_SOURCE_ID, (box, signal) => fetchCoverageSegments(box, at(), signal));
    const layerIds = COVERAGE_DRAW_ORDER.map((status) => {
      const style = COVERAGE_STYLES[status];
      map.addLayer({
        id: layerId(status),
        type: "line",
        source: COVERAGE_SOURCE_ID,
        filter: ["==", ["get", "status"], status],
        layout: coverageLineLayout(style),
        paint: coverageLinePaint(style),
      });
      return layerId(status);
    });
    map.on("click", layerIds, (event) => this.openPopup(event));
    map.on("mouseenter", layerIds, () => (map.getCanvas().style.cursor = "pointer"));
    map.on("mouseleave", layerIds, () => (map.getCanvas().style.cursor = ""));
  }

  /** Whether the map got new segments; rejects when the server fails. See ViewLoadedSource. */
  show(box: LonLatBox): Promise<boolean> {
    return this.source.show(box);
  }

  /** The day or the policy changed: every status may have. */
  reload(box: LonLatBox): Promise<boolean> {
    this.popup?.remove();
    return this.source.reload(box);
  }

  private openPopup(event: MapLayerMouseEvent): void {
    const properties = event.features?.[0]?.properties as CoverageSegmentProperties | undefined;
    if (properties === undefined) return;
    this.popup?.remove();
    this.popup = new maplibregl.Popup({ maxWidth: "300px" }).setLngLat(event.lngLat).setDOMContent(segmentFacts(properties)).addTo(this.map);
  }
}

function segmentFacts(segment: CoverageSegmentProperties): HTMLElement {
  const fact = (term: string, value: string) => [element("dt", {}, [term]), element("dd", {}, [value])];
  return element("div", { class: "segment-facts" }, [
    element("strong", {}, [segment.roadName]),
    element("dl", { class: "facts" }, [
      ...fact(t("coverage.roadClass"), roadClassName(segment.roadClass)),
      ...fact(t("coverage.inspectionStatus"), t(`coverage.status.${segment.status}`)),
      ...fact(t("coverage.lastInspected"), segment.lastInspected === null ? t("coverage.neverInspected") : formatDay(segment.lastInspected)),
      ...fact(
        t("coverage.interval"),
        segment.requiredIntervalDays === null ? t("coverage.noInterval") : t("coverage.intervalDays", { days: segment.requiredIntervalDays }),
      ),
    ]),
  ]);
}
