/**
 * The planner's page: how well the road network is inspected on a chosen day, on the map and per road class; what
 * was inspected per week; where the defects are densest; the inspection intervals; and the footage kept. The summary
 * and the map are aria-busy until the chosen day's data are shown, which also tells tests that the page is ready.
 */
import type { Map as MapLibreMap } from "maplibre-gl";
import { coverageCsvUrl, fetchCoverage, fetchPolicy, fetchRetention, overdueGeoJsonUrl } from "./api.js";
import type { CoverageSummary, InspectionPolicy, RetentionOverview } from "./api-types.js";
import { openBaseMap } from "./base-map.js";
import { dayFromQuery, isIsoDay, localIsoDay } from "./calendar-day.js";
import { CoverageLayer } from "./coverage-layer.js";
import { coverageLegendItems } from "./coverage-legend.js";
import { classTable, overdueSummaryText, roadTable } from "./coverage-report.js";
import { coverageTotals } from "./coverage-totals.js";
import { element, required } from "./dom.js";
import { onLanguageChange, t } from "./i18n.js";
import { policyRows } from "./inspection-policy.js";
import { setUpPageChrome } from "./page-chrome.js";
import { PolicyEditor } from "./policy-editor.js";
import { retentionView } from "./retention-view.js";
import { signedInFor } from "./session-gate.js";
import { messageOf, StatusLine } from "./status-line.js";
import { widenedView } from "./view-box.js";
import { weeklyChart } from "./weekly-chart.js";

/**
 * Who may change the intervals and see the stored footage: foremen look on. The server checks every request again
 * (web/server/access-policy.ts); this only spares a foreman buttons that cannot work.
 */
const POLICY_EDITORS: readonly string[] = ["planner", "admin"];
const FOOTAGE_READERS: readonly string[] = ["planner", "admin"];

async function start(): Promise<void> {
  setUpPageChrome(required(document, "#language-toggle", HTMLButtonElement));
  const { role } = (await signedInFor("planner")).user;
  const status = new StatusLine(required(document, "#status", HTMLElement));
  const page = new PlannerPage(status, POLICY_EDITORS.includes(role));
  void page.loadPolicy();
  if (FOOTAGE_READERS.includes(role)) void page.loadRetention();
  else required(document, "#retention-section", HTMLElement).hidden = true;
  // the summary is computed while the map loads
  const summary = page.loadSummary();
  const map = await openBaseMap(required(document, "#map", HTMLElement), status, "planner.basemapUnavailable");
  await map.once("load");
  page.attachMap(map);
  await summary;
}

class PlannerPage {
  private at: string;
  /** null while the chosen day's summary loads, or when it failed */
  private summary: CoverageSummary | null = null;
  private summaryError: string | null = null;
  private summaryLoad: AbortController | null = null;
  private policy: InspectionPolicy | null = null;
  private policyError: string | null = null;
  private retention: RetentionOverview | null = null;
  private retentionError: string | null = null;
  private map: MapLibreMap | null = null;
  private coverageLayer: CoverageLayer | null = null;
  /** counts segment loads, so only the newest marks the map ready */
  private segmentLoads = 0;
  private segmentsFailed = false;
  private readonly atInput = required(document, "#at", HTMLInputElement);
  private readonly summarySection = required(document, "#coverage-summary", HTMLElement);
  private readonly overdueSummary = required(document, "#overdue-summary", HTMLElement);
  private readonly classTable = required(document, "#class-table", HTMLElement);
  private readonly weeklyChart = required(document, "#weekly-chart", HTMLElement);
  private readonly roadTable = required(document, "#road-table", HTMLElement);
  private readonly policyErrorLine = required(document, "#policy-error", HTMLElement);
  private readonly retentionContent = required(document, "#retention", HTMLElement);
  private readonly mapElement = required(document, "#map", HTMLElement);
  private readonly policyEditor: PolicyEditor;

  constructor(
    private readonly status: StatusLine,
    mayEditPolicy: boolean,
  ) {
    this.at = dayFromQuery(location.search, localIsoDay(new Date()));
    this.atInput.value = this.at;
    this.atInput.addEventListener("change", () => {
      // a date field being cleared or half typed asks for nothing yet
      if (isIsoDay(this.atInput.value) && this.atInput.value !== this.at) this.chooseDay(this.atInput.value);
    });
    this.policyEditor = new PolicyEditor(required(document, "#policy-editor", HTMLElement), mayEditPolicy, (policy) => this.policySaved(policy));
    this.renderDownloads();
    this.renderLegend();
    onLanguageChange(() => {
      this.renderLegend();
      this.renderSummary();
      this.renderRetention();
      this.renderPolicyError();
      // the rows keep what the planner has typed
      this.policyEditor.translate();
    });
  }

  attachMap(map: MapLibreMap): void {
    this.map = map;
    this.coverageLayer = new CoverageLayer(map, () => this.at);
    map.on("moveend", () => void this.showSegments(false));
    void this.showSegments(false);
  }

  async loadSummary(): Promise<void> {
    this.summaryLoad?.abort();
    const controller = new AbortController();
    this.summaryLoad = controller;
    this.summarySection.setAttribute("aria-busy", "true");
    // figures for another day must not pass for the chosen one
    this.summary = null;
    this.summaryError = null;
    this.renderSummary();
    try {
      this.summary = await fetchCoverage(this.at, controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.summaryError = messageOf(error);
    }
    this.renderSummary();
    this.renderPolicy();
    this.summarySection.setAttribute("aria-busy", "false");
  }

  async loadPolicy(): Promise<void> {
    try {
      this.policy = await fetchPolicy();
      this.policyError = null;
    } catch (error) {
      this.policyError = messageOf(error);
    }
    this.renderPolicy();
  }

  async loadRetention(): Promise<void> {
    try {
      this.retention = await fetchRetention();
      this.retentionError = null;
    } catch (error) {
      this.retentionError = messageOf(error);
    }
    this.renderRetention();
  }

  private chooseDay(at: string): void {
    this.at = at;
    const address = new URL(location.href);
    address.searchParams.set("at", at);
    // the map keeps its view in the hash, which stays
    history.replaceState(history.state, "", address);
    this.renderDownloads();
    void this.loadSummary();
    void this.showSegments(true);
  }

  /** A changed interval changes the statuses: the summary and the map are computed again. */
  private policySaved(policy: InspectionPolicy): void {
    this.policy = policy;
    this.renderPolicy();
    void this.loadSummary();
    void this.showSegments(true);
  }

  /** `reload`: the day or the policy changed, so the loaded segments are out of date too. */
  private async showSegments(reload: boolean): Promise<void> {
    if (this.map === null || this.coverageLayer === null) return;
    const map = this.map;
    const box = widenedView(map.getBounds(), 0.5);
    this.segmentLoads += 1;
    const load = this.segmentLoads;
    const ready = () => {
      if (load === this.segmentLoads) this.mapElement.setAttribute("aria-busy", "false");
    };
    this.mapElement.setAttribute("aria-busy", "true");
    try {
      const drawn = await (reload ? this.coverageLayer.reload(box) : this.coverageLayer.show(box));
      if (drawn && this.segmentsFailed) {
        // the failure said before no longer holds
        this.segmentsFailed = false;
        this.status.clear();
      }
      if (drawn) map.once("idle", ready);
      else ready();
    } catch (error) {
      const reason = messageOf(error);
      this.segmentsFailed = true;
      this.status.show(() => t("planner.segmentsFailed", { error: reason }));
      ready();
    }
  }

  private renderDownloads(): void {
    required(document, "#download-csv", HTMLAnchorElement).href = coverageCsvUrl(this.at);
    required(document, "#download-overdue", HTMLAnchorElement).href = overdueGeoJsonUrl(this.at);
  }

  private renderLegend(): void {
    required(document, "#coverage-legend", HTMLUListElement).replaceChildren(...coverageLegendItems());
  }

  private renderSummary(): void {
    const summary = this.summary;
    this.overdueSummary.classList.toggle("form-error", this.summaryError !== null);
    if (summary === null) {
      for (const container of [this.classTable, this.weeklyChart, this.roadTable]) container.replaceChildren();
      const error = this.summaryError;
      this.overdueSummary.textContent = error === null ? t("planner.loading") : t("planner.loadFailed", { error });
      return;
    }
    const totals = coverageTotals(summary.classes);
    this.overdueSummary.textContent = summary.classes.length === 0 ? t("coverage.noRoads") : overdueSummaryText(totals);
    this.classTable.replaceChildren(...(summary.classes.length === 0 ? [] : [classTable(summary.classes, totals)]));
    this.weeklyChart.replaceChildren(weeklyChart(summary.weekly));
    this.roadTable.replaceChildren(roadTable(summary.roads));
  }

  private renderPolicy(): void {
    this.renderPolicyError();
    if (this.policy !== null) this.policyEditor.show(policyRows(this.policy.intervals, this.summary?.classes ?? []));
  }

  private renderPolicyError(): void {
    const error = this.policyError;
    this.policyErrorLine.textContent = error === null ? "" : t("policy.loadFailed", { error });
  }

  private renderRetention(): void {
    if (this.retentionError !== null) {
      this.retentionContent.replaceChildren(element("p", { class: "form-error" }, [t("retention.loadFailed", { error: this.retentionError })]));
    } else if (this.retention !== null) {
      this.retentionContent.replaceChildren(...retentionView(this.retention));
    }
  }
}

start().catch((error: unknown) => {
  const reason = messageOf(error);
  new StatusLine(required(document, "#status", HTMLElement)).show(() => t("planner.loadFailed", { error: reason }));
  throw error;
});
