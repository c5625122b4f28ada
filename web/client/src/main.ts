/**
 * The foreman's map: wires the map, the filters, the list, the details panel and the lasso to the server's API.
 * The map region is aria-busy until the defects are loaded and drawn (the map's first 'idle' after they arrive), which
 * also tells tests and the benchmark that the page is ready.
 */
import type { Map as MapLibreMap, MapGeoJSONFeature, MapLayerMouseEvent } from "maplibre-gl";
import { createWorkOrder, fetchDefects, fetchTeams, type LonLatBox, previewSelection } from "./api.js";
import type { DefectCollection, DefectFeature, DefectFilters, SelectionPreview, WorkOrder } from "./api-types.js";
import { AssignDialog, type AssignRequest } from "./assign-dialog.js";
import { openBaseMap } from "./base-map.js";
import {
  addDefectLayers,
  CLUSTERS_LAYER_ID,
  clusterExpansionZoom,
  DEFECT_LAYERS_BOTTOM_ID,
  DEFECTS_LAYER_ID,
  type HighlightPoint,
  setDefects,
  setHighlights,
} from "./defect-layers.js";
import { DefectList } from "./defect-list.js";
import { DetailsPanel } from "./details-panel.js";
import { element, required } from "./dom.js";
import { type DamageClass, FiltersForm } from "./filters-form.js";
import { onLanguageChange, t } from "./i18n.js";
import { LassoTools } from "./lasso-tools.js";
import { setUpPageChrome } from "./page-chrome.js";
import { RoadLayer } from "./road-layer.js";
import { combinedSelection, combinePreviews, type SelectionShape } from "./selection-state.js";
import { SEVERITY_LEVELS } from "./severity-colours.js";
import { signedInFor } from "./session-gate.js";
import { severityDot } from "./severity-dot.js";
import { messageOf, StatusLine } from "./status-line.js";
import { boxContains, lonLatBox, widenedView } from "./view-box.js";

/** How far the map zooms in on a defect opened from the list: close enough to see it alone, out of any cluster. */
const DEFECT_ZOOM = 17;

async function start(): Promise<void> {
  setUpPageChrome(required(document, "#language-toggle", HTMLButtonElement));
  const session = await signedInFor("map");
  // the planner's map is read-only: the API would refuse the work order anyway
  required(document, "#assign-open", HTMLButtonElement).hidden = session.user.role === "planner";
  const status = new StatusLine(required(document, "#status", HTMLElement));
  const mapElement = required(document, "#map", HTMLElement);
  const map = await openBaseMap(mapElement, status, "map.basemapUnavailable");

  // the defects are requested while the style loads: the two together decide how soon the page is usable
  const filters = new FiltersForm(required(document, "#filters", HTMLFormElement));
  const firstLoad = requestDefects(map, filters.read());
  await map.once("load");
  const roads = new RoadLayer(map);
  const showRoads = () => void roads.show(widenedView(map.getBounds(), 0.5));
  map.on("moveend", showRoads);
  showRoads();
  addDefectLayers(map);
  const page = new MapPage(map, filters, mapElement, status);
  page.renderLegend();
  void page.loadTeams();
  await page.loadDefects(firstLoad);
  const linkedDefectId = Number(new URLSearchParams(location.search).get("defect"));
  if (Number.isInteger(linkedDefectId) && linkedDefectId > 0) await page.openLinkedDefect(linkedDefectId);
}

class MapPage {
  private defects: DefectFeature[] = [];
  private readonly byId = new Map<number, DefectFeature>();
  private hoveredId: number | null = null;
  private selection: SelectionPreview = { ids: [], count: 0 };
  private loading: DefectLoad | null = null;
  /** the box last loaded, and whether it holds every matching defect in it */
  private loaded: { box: LonLatBox; complete: boolean } | null = null;
  private coverage = { shown: 0, total: 0 };
  private loadError: string | null = null;
  private previewing: AbortController | null = null;
  private readonly list: DefectList;
  private readonly details: DetailsPanel;
  private readonly lasso: LassoTools;
  private readonly assignDialog: AssignDialog;
  private readonly selectionCount: HTMLElement;
  private readonly assignButton: HTMLButtonElement;
  private readonly coverageNotice: HTMLElement;

  constructor(
    private readonly map: MapLibreMap,
    private readonly filters: FiltersForm,
    private readonly mapElement: HTMLElement,
    private readonly status: StatusLine,
  ) {
    filters.onChange(() => {
      void this.loadDefects();
      // the selection holds the defects in the area that match the filters: count them again
      void this.preview(this.lasso.shapes);
    });
    const listElement = required(document, "#defect-list", HTMLUListElement);
    this.list = new DefectList(listElement, required(document, "#list-summary", HTMLElement), {
      onOpen: (defect) => this.openDefect(defect, true),
      onHover: (defect) => this.hover(defect?.id ?? null),
    });
    this.details = new DetailsPanel(required(document, "#details", HTMLElement), () => this.renderHighlights());
    const toolbar = required(document, "#toolbar", HTMLElement);
    this.lasso = new LassoTools(map, toolbar, DEFECT_LAYERS_BOTTOM_ID, (shapes) => void this.preview(shapes));
    this.assignDialog = new AssignDialog(required(document, "#assign-dialog", HTMLDialogElement), (request) => this.assign(request));
    this.selectionCount = required(document, "#selection-count", HTMLElement);
    this.assignButton = required(document, "#assign-open", HTMLButtonElement);
    this.coverageNotice = required(document, "#coverage", HTMLElement);
    this.assignButton.addEventListener("click", () => this.assignDialog.open(this.selection.count));
    onLanguageChange(() => {
      this.renderLegend();
      this.lasso.translate();
      this.renderSelection();
      this.renderCoverage();
    });

    map.on("moveend", () => this.moved());
    map.on("click", DEFECTS_LAYER_ID, (event) => {
      const defect = this.defectUnder(event);
      if (defect !== undefined && !this.lasso.active) this.openDefect(defect, false);
    });
    map.on("click", CLUSTERS_LAYER_ID, (event) => void this.zoomIntoCluster(event.features?.[0]));
    map.on("mousemove", DEFECTS_LAYER_ID, (event) => this.hover(this.defectUnder(event)?.id ?? null));
    map.on("mouseleave", DEFECTS_LAYER_ID, () => this.hover(null));
    for (const layer of [DEFECTS_LAYER_ID, CLUSTERS_LAYER_ID]) {
      map.on("mouseenter", layer, () => (map.getCanvas().style.cursor = "pointer"));
      map.on("mouseleave", layer, () => (map.getCanvas().style.cursor = ""));
    }
    document.addEventListener("keydown", (event) => {
      // a half-drawn shape takes Escape first: terra-draw cancels it
      if (event.key === "Escape" && !this.lasso.drawing) this.details.close();
    });
    this.renderSelection();
  }

  async loadTeams(): Promise<void> {
    try {
      const teams = await fetchTeams();
      this.filters.setTeams(teams);
      this.assignDialog.setTeams(teams);
    } catch (error) {
      console.error("teams could not be loaded", error);
    }
  }

  /**
   * Shows the defects of one load. The server sends the most severe MAX_DEFECTS_PER_REQUEST of those around the view;
   * when there are more, the notice says so and every move loads again, until the view is small enough to hold them all.
   */
  async loadDefects(load: DefectLoad = requestDefects(this.map, this.filters.read())): Promise<void> {
    this.loading?.controller.abort();
    this.loading = load;
    this.mapElement.setAttribute("aria-busy", "true");
    let collection: DefectCollection;
    try {
      collection = await load.response;
    } catch (error) {
      if (load.controller.signal.aborted) return;
      this.loadError = messageOf(error);
      this.renderCoverage();
      return;
    }
    this.loadError = null;
    this.loaded = { box: load.box, complete: collection.numberMatched <= collection.features.length };
    this.defects = collection.features;
    this.byId.clear();
    for (const defect of this.defects) this.byId.set(defect.id, defect);
    this.filters.addClasses(damageClasses(this.defects));
    this.coverage = { shown: collection.features.length, total: collection.numberMatched };
    this.renderCoverage();
    setDefects(this.map, this.defects);
    this.showDefectsInView();
    this.renderHighlights();
    this.map.once("idle", () => {
      if (this.loading === load) this.mapElement.setAttribute("aria-busy", "false");
    });
  }

  /** After a move: the list follows the view, and the defects are loaded again when the view left what is loaded. */
  private moved(): void {
    this.showDefectsInView();
    const covered = this.loaded !== null && this.loaded.complete && boxContains(this.loaded.box, lonLatBox(this.map.getBounds()));
    if (!covered) void this.loadDefects();
  }

  /** Says when the map shows less than all: the defects could not be loaded, or only the most severe are. */
  private renderCoverage(): void {
    const { shown, total } = this.coverage;
    if (this.loadError !== null) this.coverageNotice.textContent = t("map.loadFailed", { error: this.loadError });
    else this.coverageNotice.textContent = shown < total ? t("map.truncated", { shown, total }) : "";
  }

  /** A work-order mail links to /?defect=ID: open it and go there, even when the filters hide it. */
  async openLinkedDefect(id: number): Promise<void> {
    const details = await this.details.open(id);
    if (details !== null) this.map.jumpTo({ center: [details.lon, details.lat], zoom: Math.max(this.map.getZoom(), DEFECT_ZOOM) });
    this.renderHighlights();
  }

  renderLegend(): void {
    required(document, "#legend-severities", HTMLUListElement).replaceChildren(
      ...SEVERITY_LEVELS.map((level) =>
        element("li", {}, [severityDot(level), t(`severity.${level}`)]),
      ),
    );
  }

  private showDefectsInView(): void {
    const bounds = this.map.getBounds();
    this.list.show(this.defects.filter((defect) => bounds.contains(defect.geometry.coordinates as [number, number])));
  }

  private defectUnder(event: MapLayerMouseEvent): DefectFeature | undefined {
    const id = event.features?.[0]?.properties.id;
    return typeof id === "number" ? this.byId.get(id) : undefined;
  }

  private openDefect(defect: DefectFeature, flyThere: boolean): void {
    if (flyThere) {
      this.map.flyTo({ center: defect.geometry.coordinates as [number, number], zoom: Math.max(this.map.getZoom(), DEFECT_ZOOM) });
    }
    void this.details.open(defect.id).then(() => this.renderHighlights());
    this.renderHighlights();
  }

  private async zoomIntoCluster(cluster: MapGeoJSONFeature | undefined): Promise<void> {
    if (cluster === undefined || cluster.geometry.type !== "Point" || this.lasso.active) return;
    const zoom = await clusterExpansionZoom(this.map, cluster.properties.cluster_id as number);
    this.map.easeTo({ center: cluster.geometry.coordinates as [number, number], zoom });
  }

  private hover(id: number | null): void {
    if (id === this.hoveredId) return;
    this.hoveredId = id;
    this.list.mark(id);
    this.renderHighlights();
  }

  private renderHighlights(): void {
    const points: HighlightPoint[] = [];
    const ring = (id: number | null, kind: HighlightPoint["kind"]) => {
      const defect = id === null ? undefined : this.byId.get(id);
      if (defect === undefined) return;
      const [lon, lat] = defect.geometry.coordinates as [number, number];
      points.push({ id: defect.id, lon, lat, kind });
    };
    for (const id of this.selection.ids) ring(id, "selected");
    ring(this.details.openDefectId, "open");
    ring(this.hoveredId, "hover");
    setHighlights(this.map, points);
  }

  /** Asks the server which defects each shape holds, under the current filters; the selection is their union. */
  private async preview(shapes: readonly SelectionShape[]): Promise<void> {
    this.previewing?.abort();
    const previewing = new AbortController();
    this.previewing = previewing;
    if (shapes.length === 0) {
      this.selection = { ids: [], count: 0 };
      this.renderSelection();
      this.renderHighlights();
      return;
    }
    this.selectionCount.textContent = t("selection.counting");
    this.assignButton.disabled = true;
    try {
      const filters = this.filters.read();
      const previews = await Promise.all(shapes.map((shape) => previewSelection(shape.selection, filters, previewing.signal)));
      this.selection = combinePreviews(previews);
      this.renderSelection();
      this.renderHighlights();
    } catch (error) {
      if (!previewing.signal.aborted) this.selectionCount.textContent = t("selection.failed", { error: messageOf(error) });
    }
  }

  private renderSelection(): void {
    const { count } = this.selection;
    this.selectionCount.textContent = count === 0 ? t("selection.none") : t("selection.count", { count });
    this.assignButton.disabled = count === 0;
  }

  /** The server finds the defects in the area again: the page's preview is only what the foreman was shown. */
  private async assign(request: AssignRequest): Promise<void> {
    const selection = combinedSelection(this.lasso.shapes);
    if (selection === null) return;
    this.status.show(() => t("assign.sending"));
    let order: WorkOrder;
    try {
      order = await createWorkOrder({ ...request, selection, filters: this.filters.read() });
    } catch (error) {
      // the dialog stays open and says why
      this.status.clear();
      throw error;
    }
    this.status.show(() =>
      t("assign.created", { number: order.number, count: order.defectCount, sendStatus: t(`sendStatus.${order.sendStatus}`) }),
    );
    this.lasso.clear();
    await this.loadDefects();
  }
}

/** The damage classes among the defects, for the class filter, in the server's own names. */
function damageClasses(defects: readonly DefectFeature[]): DamageClass[] {
  const byId = new Map<string, DamageClass>();
  for (const { properties } of defects) {
    const { class: id, labelDa, labelEn } = properties;
    if (!byId.has(id)) byId.set(id, { id, labelDa, labelEn });
  }
  return [...byId.values()];
}

/** One request for the defects around the view, in flight. */
interface DefectLoad {
  box: LonLatBox;
  controller: AbortController;
  response: Promise<DefectCollection>;
}

/** Asks for the defects in the view widened by half its size on every side, so small pans need no new request. */
function requestDefects(map: MapLibreMap, filters: DefectFilters): DefectLoad {
  const controller = new AbortController();
  const box = widenedView(map.getBounds(), 0.5);
  const response = matchesNothing(filters) ? Promise.resolve(emptyCollection()) : fetchDefects(filters, box, controller.signal);
  // handled where the load is awaited; until then a failure must not count as an unhandled rejection
  response.catch(() => undefined);
  return { box, controller, response };
}

/** No severity or no status ticked: nothing to show. The server reads an empty list as no filter at all. */
function matchesNothing(filters: DefectFilters): boolean {
  return filters.severity.length === 0 || filters.status.length === 0;
}

function emptyCollection(): DefectCollection {
  return { type: "FeatureCollection", features: [], numberMatched: 0, numberReturned: 0 };
}

start().catch((error: unknown) => {
  new StatusLine(required(document, "#status", HTMLElement)).show(() => t("map.loadFailed", { error: messageOf(error) }));
  throw error;
});
