/** A work order with its team and its defects in route order: what the mail, the attachments and the printed page show. */
import type { Defect } from "../../pipeline/storage/defect-repository.js";
import type { Repositories } from "../../pipeline/storage/database.js";
import type { WorkOrderOutcome } from "../../pipeline/storage/schema.js";
import type { Team } from "../../pipeline/storage/team-repository.js";
import type { WorkOrder } from "../../pipeline/storage/work-order-repository.js";

export interface WorkOrderStop {
  /** 1 for the first stop */
  position: number;
  defect: Defect;
  outcome: WorkOrderOutcome | null;
}

export interface WorkOrderDocument {
  workOrder: WorkOrder;
  team: Team;
  stops: readonly WorkOrderStop[];
}

/** Null when there is no such work order. */
export async function loadWorkOrderDocument(
  repositories: Pick<Repositories, "workOrders" | "teams" | "defectSearch">,
  workOrderId: number,
): Promise<WorkOrderDocument | null> {
  const workOrder = await repositories.workOrders.get(workOrderId);
  if (workOrder === null) return null;
  const team = await repositories.teams.get(workOrder.teamId);
  if (team === null) throw new Error(`work order ${workOrder.number} names team ${workOrder.teamId}, which does not exist`);
  const lines = await repositories.workOrders.lines(workOrderId);
  const defects = new Map((await repositories.defectSearch.getMany(lines.map((line) => line.defectId))).map((d) => [d.id, d]));
  const stops = lines.map((line) => {
    const defect = defects.get(line.defectId);
    // work_order_defects references defects, so the database keeps this from happening
    if (defect === undefined) throw new Error(`work order ${workOrder.number} lists defect ${line.defectId}, which does not exist`);
    return { position: line.position, defect, outcome: line.outcome };
  });
  return { workOrder, team, stops };
}
