import type { LatLon } from "../../pipeline/geo/geodesy.js";
import type { RoadNetwork } from "../../pipeline/roads/road-network.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { MediaStore } from "../../pipeline/storage/media-store.js";
import type { ClassLabels } from "../dispatch/texts.js";
import type { WorkOrderSender } from "../dispatch/work-order-sender.js";
import type { WorkOrderService } from "../dispatch/work-order-service.js";

/** What the route modules share. */
export interface ServerContext {
  storage: Storage;
  media: MediaStore;
  labels: ClassLabels;
  workOrders: WorkOrderService;
  sender: WorkOrderSender;
  /** where work-order routes start */
  depot: LatLon | null;
  /** the municipality's roads; null: no defect is placed on a road */
  roads: RoadNetwork | null;
}
