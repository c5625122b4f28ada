/**
 * The foreman's decisions about work orders: which defects a drawn area sends to a crew, in which order, and what
 * a crew's report does to the work order.
 */
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { writeAnnotatedJpeg } from "../../pipeline/adapters/image.js";
import type { DefectStatus } from "../../pipeline/defects/defect.js";
import type { LatLon } from "../../pipeline/geo/geodesy.js";
import type { Anonymiser } from "../../pipeline/privacy/anonymiser.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { DefectFilters } from "../../pipeline/storage/defect-search-repository.js";
import type { MediaStore } from "../../pipeline/storage/media-store.js";
import type { WorkOrderOutcome, WorkOrderStatus } from "../../pipeline/storage/schema.js";
import type { WorkOrder } from "../../pipeline/storage/work-order-repository.js";
import { defectsInSelection } from "./defects-in-selection.js";
import { orderAlongRoute } from "./route-order.js";
import type { Selection } from "./selection.js";
import { loadWorkOrderDocument, type WorkOrderDocument } from "./work-order-document.js";
import type { WorkOrderSender } from "./work-order-sender.js";

/** Defects that still need a crew, which a drawn area picks when the foreman filters by no status. */
const UNREPAIRED_STATUSES: readonly DefectStatus[] = ["open", "assigned"];

/** More stops than a crew can visit in days; it is a lasso drawn too wide. */
const MAX_WORK_ORDER_DEFECTS = 500;

/** A request the service turns down; `kind` says whether something named does not exist or the request cannot be done. */
export class DispatchRejection extends Error {
  constructor(
    readonly kind: "not-found" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "DispatchRejection";
  }
}

export interface NewWorkOrderRequest {
  selection: Selection;
  filters: DefectFilters;
  teamId: number;
  note: string | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  createdBy: string;
}

export interface WorkOrderServiceSettings {
  storage: Storage;
  media: MediaStore;
  sender: WorkOrderSender;
  /** where routes start; null: at an end of the area */
  depot: LatLon | null;
  /** IANA zone of the municipality: the year in a work-order number is its calendar year */
  timeZone: string;
  /** obscures faces and number plates in crews' photos before they are stored; null: privacy is switched off */
  anonymiser: Anonymiser | null;
}

export class WorkOrderService {
  constructor(private readonly settings: WorkOrderServiceSettings) {}

  /** The defects a work order for this area and these filters would hold, by id. */
  async selectDefectIds(selection: Selection, filters: DefectFilters): Promise<number[]> {
    const inside = await defectsInSelection(this.settings.storage.defectSearch, selection, withUnrepairedByDefault(filters));
    return inside.map((defect) => defect.id);
  }

  /**
   * Finds the defects inside the area, orders them along a route, stores the work order, then makes the first
   * attempt to mail it; a failed attempt leaves the order stored and queued for retries.
   */
  async create(request: NewWorkOrderRequest): Promise<WorkOrder> {
    const { storage } = this.settings;
    const team = await storage.teams.get(request.teamId);
    if (team === null) throw new DispatchRejection("not-found", `team ${request.teamId} does not exist`);
    if (team.emails.length === 0) throw new DispatchRejection("invalid", `team ${team.name} has no e-mail address to send to`);
    const ids = await this.selectDefectIds(request.selection, request.filters);
    if (ids.length === 0) throw new DispatchRejection("invalid", "the selected area holds no defects that match the filters");
    if (ids.length > MAX_WORK_ORDER_DEFECTS) {
      throw new DispatchRejection(
        "invalid",
        `the selected area holds ${ids.length} defects; a work order takes at most ${MAX_WORK_ORDER_DEFECTS}: draw a smaller area`,
      );
    }
    const route = orderAlongRoute(await storage.defectSearch.getMany(ids), this.settings.depot);
    const stored = await storage.workOrders.create({
      numberPrefix: `AO-${calendarYear(Date.now(), this.settings.timeZone)}-`,
      teamId: team.id,
      note: request.note,
      dueDate: request.dueDate,
      createdBy: request.createdBy,
      defectIds: route.map((defect) => defect.id),
    });
    return (await this.settings.sender.attempt(stored.id)) ?? stored;
  }

  async setStatus(workOrderId: number, status: WorkOrderStatus): Promise<WorkOrder> {
    const updated = await this.settings.storage.workOrders.setStatus(workOrderId, status);
    if (updated === null) throw new DispatchRejection("not-found", `work order ${workOrderId} does not exist`);
    return updated;
  }

  /** Asks for another round of attempts for an order that was given up. */
  async resend(workOrderId: number): Promise<WorkOrder> {
    const { workOrders } = this.settings.storage;
    const workOrder = await workOrders.get(workOrderId);
    if (workOrder === null) throw new DispatchRejection("not-found", `work order ${workOrderId} does not exist`);
    if (workOrder.sendStatus === "sent") throw new DispatchRejection("invalid", `work order ${workOrder.number} was already sent`);
    await workOrders.requeueFailedSend(workOrderId);
    return (await this.settings.sender.attempt(workOrderId)) ?? workOrder;
  }

  /**
   * Records what the crew found at one defect, with their photo when they took one, and moves the work order along:
   * in progress with the first report, done when every defect has one.
   */
  async recordOutcome(workOrderId: number, defectId: number, outcome: WorkOrderOutcome, photo: Buffer | null): Promise<WorkOrder> {
    const { workOrders } = this.settings.storage;
    const workOrder = await workOrders.get(workOrderId);
    if (workOrder === null) throw new DispatchRejection("not-found", `work order ${workOrderId} does not exist`);
    const lines = await workOrders.lines(workOrderId);
    if (!lines.some((line) => line.defectId === defectId)) {
      throw new DispatchRejection("not-found", `defect ${defectId} is not on work order ${workOrder.number}`);
    }
    // the photo first: a report whose photo cannot be read is turned down whole, so the crew can try again
    if (photo !== null) await this.storeOutcomePhoto(workOrderId, defectId, photo);
    await workOrders.recordOutcome(workOrderId, defectId, outcome);
    const everyDefectReported = lines.every((line) => line.outcome !== null || line.defectId === defectId);
    if (everyDefectReported) return this.setStatus(workOrderId, "done");
    if (workOrder.status === "sent") return this.setStatus(workOrderId, "in_progress");
    return workOrder;
  }

  /** The work order with its stops, and the relative path of each outcome photo the crew sent. */
  async document(workOrderId: number): Promise<{ document: WorkOrderDocument; outcomePhotos: Map<number, string> }> {
    const document = await loadWorkOrderDocument(this.settings.storage, workOrderId);
    if (document === null) throw new DispatchRejection("not-found", `work order ${workOrderId} does not exist`);
    const outcomePhotos = new Map<number, string>();
    for (const { defect } of document.stops) {
      const relativePath = outcomePhotoPath(workOrderId, defect.id);
      if (await exists(this.settings.media.absolutePath(relativePath))) outcomePhotos.set(defect.id, relativePath);
    }
    return { document, outcomePhotos };
  }

  /**
   * Re-encoded as JPEG: whatever the phone sent, the store keeps a plain image without its metadata, its faces and
   * number plates obscured in memory before the first byte is written.
   */
  private async storeOutcomePhoto(workOrderId: number, defectId: number, photo: Buffer): Promise<void> {
    const target = this.settings.media.absolutePath(outcomePhotoPath(workOrderId, defectId));
    const { anonymiser } = this.settings;
    const image = anonymiser === null ? photo : (await anonymiser.anonymisePhoto(photo)).image;
    await mkdir(path.dirname(target), { recursive: true });
    await writeAnnotatedJpeg(image, [], target);
  }
}

/** Relative to the data directory, beside the other media, named by ids. */
function outcomePhotoPath(workOrderId: number, defectId: number): string {
  return path.join("media", "work-orders", String(workOrderId), `${defectId}.jpg`);
}

function withUnrepairedByDefault(filters: DefectFilters): DefectFilters {
  return filters.statuses === undefined ? { ...filters, statuses: UNREPAIRED_STATUSES } : filters;
}

function calendarYear(timeMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(timeMs);
}

async function exists(filePath: string): Promise<boolean> {
  try {
    await access(filePath);
    return true;
  } catch {
    return false;
  }
}
