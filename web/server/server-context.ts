import type { AccountService } from "../../pipeline/accounts/account-service.js";
import type { AuditTrail } from "../../pipeline/accounts/audit-trail.js";
import type { CoverageService } from "../../pipeline/coverage/coverage-service.js";
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
  /** users, sessions and device tokens */
  accounts: AccountService;
  /** record who assigned, completed, changed or downloaded what: audit.record(requirePrincipal(response), action, target, details) */
  audit: AuditTrail;
  /** inspection coverage of the imported road network, and the inspection policy */
  coverage: CoverageService;
}
