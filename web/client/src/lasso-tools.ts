/**
 * Drawing the selection with terra-draw: freehand, polygon and circle. terra-draw only draws; each finished shape moves
 * into SelectionState (which owns undo) and onto this module's own layer, so undo and clear never fight terra-draw's store.
 * Shift while drawing, or the "add" toggle for touch screens that have no Shift, adds the shape to the selection.
 */
import type { GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";
import {
  TerraDraw,
  TerraDrawCircleMode,
  TerraDrawFreehandMode,
  TerraDrawPolygonMode,
  type GeoJSONStoreFeatures,
} from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import { required } from "./dom.js";
import { t } from "./i18n.js";
import { circleFromRing, SelectionState, type SelectionShape } from "./selection-state.js";
import { SELECTION_COLOUR } from "./severity-colours.js";

const SHAPES_SOURCE_ID = "selection-shapes";
const DRAWING_TOOLS = ["freehand", "polygon", "circle"] as const;
type DrawingTool = (typeof DRAWING_TOOLS)[number];
type Tool = "static" | DrawingTool;

const drawingStyles = { fillColor: SELECTION_COLOUR, fillOpacity: 0.12, outlineColor: SELECTION_COLOUR, outlineWidth: 2 } as const;

export class LassoTools {
  private readonly draw: TerraDraw;
  private readonly state = new SelectionState();
  private readonly toolButtons: Map<Tool, HTMLButtonElement>;
  private readonly addToggle: HTMLButtonElement;
  private readonly undoButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly hint: HTMLElement;
  private shiftHeld = false;

  /** The drawn shapes lie under `belowLayerId`, so they never veil the defects they hold. */
  constructor(
    private readonly map: MapLibreMap,
    toolbar: HTMLElement,
    belowLayerId: string,
    private readonly onChange: (shapes: readonly SelectionShape[]) => void,
  ) {
    this.toolButtons = new Map(
      (["static", ...DRAWING_TOOLS] as const).map((tool) => [tool, required(toolbar, `[data-tool="${tool}"]`, HTMLButtonElement)]),
    );
    this.addToggle = required(toolbar, "#tool-add", HTMLButtonElement);
    this.undoButton = required(toolbar, "#tool-undo", HTMLButtonElement);
    this.clearButton = required(toolbar, "#tool-clear", HTMLButtonElement);
    this.hint = required(toolbar, "#tool-hint", HTMLElement);

    map.addSource(SHAPES_SOURCE_ID, { type: "geojson", data: { type: "FeatureCollection", features: [] } });
    map.addLayer(
      { id: "selection-fill", type: "fill", source: SHAPES_SOURCE_ID, paint: { "fill-color": SELECTION_COLOUR, "fill-opacity": 0.08 } },
      belowLayerId,
    );
    map.addLayer(
      {
        id: "selection-outline",
        type: "line",
        source: SHAPES_SOURCE_ID,
        paint: { "line-color": SELECTION_COLOUR, "line-width": 2.5, "line-dasharray": [3, 1.5] },
      },
      belowLayerId,
    );

    // terra-draw has a "static" mode of its own: drawing off, the map pans
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawFreehandMode({ drawInteraction: "click-move-or-drag", styles: drawingStyles }),
        new TerraDrawPolygonMode({ styles: drawingStyles }),
        new TerraDrawCircleMode({ drawInteraction: "click-move-or-drag", styles: drawingStyles }),
      ],
    });
    this.draw.start();
    this.draw.on("finish", (id, context) => this.finished(id, context.mode));

    for (const [tool, button] of this.toolButtons) button.addEventListener("click", () => this.use(tool));
    this.addToggle.addEventListener("click", () =>
      this.addToggle.setAttribute("aria-pressed", String(this.addToggle.getAttribute("aria-pressed") !== "true")),
    );
    this.undoButton.addEventListener("click", () => this.undo());
    this.clearButton.addEventListener("click", () => this.clear());
    // Shift is read from the pointer events of the drawing itself, and from the keyboard for a Shift pressed between clicks
    const container = map.getCanvasContainer();
    for (const type of ["pointerdown", "pointerup"] as const) {
      container.addEventListener(type, (event) => (this.shiftHeld = event.shiftKey), { capture: true });
    }
    window.addEventListener("keydown", (event) => event.key === "Shift" && (this.shiftHeld = true));
    window.addEventListener("keyup", (event) => event.key === "Shift" && (this.shiftHeld = false));
    window.addEventListener("blur", () => (this.shiftHeld = false));
    this.use("static");
  }

  get shapes(): readonly SelectionShape[] {
    return this.state.shapes;
  }

  /** True while a shape is half drawn: Escape then belongs to terra-draw, which cancels the shape. */
  get drawing(): boolean {
    return this.draw.getModeState() === "drawing";
  }

  /** True while a drawing tool is chosen: a click on the map then draws, and opens nothing. */
  get active(): boolean {
    return this.draw.getMode() !== "static";
  }

  use(tool: Tool): void {
    this.draw.setMode(tool);
    for (const [name, button] of this.toolButtons) button.setAttribute("aria-pressed", String(name === tool));
    this.hint.textContent = tool === "static" ? "" : t(`tools.hint.${tool}`);
  }

  undo(): void {
    if (this.state.undo()) this.changed();
  }

  clear(): void {
    this.state.clear();
    this.changed();
  }

  /** Hint and button labels that depend on the language. */
  translate(): void {
    const tool = this.draw.getMode();
    this.hint.textContent = isDrawingTool(tool) ? t(`tools.hint.${tool}`) : "";
  }

  private finished(id: string | number, mode: string): void {
    const feature = this.draw.getSnapshotFeature(id);
    // removing inside terra-draw's own finish handler would pull the feature from under it
    setTimeout(() => this.draw.removeFeatures([id]));
    if (feature === undefined) return;
    const shape = toShape(feature, mode);
    if (shape === null) return;
    this.state.add(shape, this.shiftHeld || this.addToggle.getAttribute("aria-pressed") === "true");
    this.changed();
  }

  private changed(): void {
    const shapes = this.state.shapes;
    this.map.getSource<GeoJSONSource>(SHAPES_SOURCE_ID)?.setData({
      type: "FeatureCollection",
      features: shapes.map((shape) => ({
        type: "Feature",
        geometry: { type: "Polygon", coordinates: [shape.outline] },
        properties: {},
      })),
    });
    this.undoButton.disabled = !this.state.canUndo;
    this.clearButton.disabled = shapes.length === 0;
    this.onChange(shapes);
  }
}

function isDrawingTool(mode: string): mode is DrawingTool {
  return (DRAWING_TOOLS as readonly string[]).includes(mode);
}

function toShape(feature: GeoJSONStoreFeatures, mode: string): SelectionShape | null {
  if (feature.geometry.type !== "Polygon") return null;
  const outline = feature.geometry.coordinates[0]?.map(([lon, lat]) => [lon, lat] as [number, number]);
  if (outline === undefined || outline.length < 4) return null;
  if (mode === "circle") {
    const radiusKilometers = feature.properties.radiusKilometers;
    if (typeof radiusKilometers !== "number") return null;
    return { selection: circleFromRing(outline, radiusKilometers * 1000), outline };
  }
  return { selection: { type: "Polygon", coordinates: [outline] }, outline };
}
