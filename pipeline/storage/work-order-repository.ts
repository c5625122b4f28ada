import { type Kysely, type Selectable, sql } from "kysely";
import { atomically, inChunks } from "./batch.js";
import { fromTimestampText, toTimestampText } from "./dialect.js";
import type {
  RoadwatchDatabase,
  WorkOrderOutcome,
  WorkOrdersTable,
  WorkOrderStatus,
  WorkOrderSendStatus,
} from "./schema.js";

export interface NewWorkOrder {
  /** the number is this prefix and the next free sequence number, e.g. "AO-2026-" gives AO-2026-0001 */
  numberPrefix: string;
  teamId: number;
  note: string | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
  createdBy: string;
  /** in the order the crew visits them */
  defectIds: readonly number[];
}

export interface WorkOrder {
  id: number;
  number: string;
  teamId: number;
  note: string | null;
  dueDate: string | null;
  status: WorkOrderStatus;
  createdBy: string;
  createdAtMs: number;
  /** the last change, send attempts included: the retry schedule counts from it */
  updatedAtMs: number;
  sendStatus: WorkOrderSendStatus;
  sendAttempts: number;
  lastSendError: string | null;
}

export interface WorkOrderLine {
  defectId: number;
  /** 1 for the first stop */
  position: number;
  outcome: WorkOrderOutcome | null;
}

export interface WorkOrderListQuery {
  teamId?: number;
  statuses?: readonly WorkOrderStatus[];
  limit: number;
  offset: number;
}

/** A work order a defect is on, and what the crew found. */
export interface DefectAssignment {
  workOrderId: number;
  number: string;
  teamId: number;
  status: WorkOrderStatus;
  outcome: WorkOrderOutcome | null;
}

const SEQUENCE_DIGITS = 4;

/**
 * Work orders, their defects, and what they do to those defects: assigning marks open defects assigned, and a crew's
 * outcome sets the defect's status, each in the same transaction as the work order's own change.
 */
export class WorkOrderRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  /** Stores the order with send status pending; the send is a separate, later step. */
  async create(order: NewWorkOrder): Promise<WorkOrder> {
    if (order.defectIds.length === 0) throw new Error("a work order needs at least one defect");
    return atomically(this.db, async (db) => {
      const now = toTimestampText(Date.now());
      const row = await db
        .insertInto("work_orders")
        .values({
          number: await nextNumber(db, order.numberPrefix),
          team_id: order.teamId,
          note: order.note,
          due_date: order.dueDate,
          status: "sent",
          created_by: order.createdBy,
          created_at: now,
          updated_at: now,
          send_status: "pending",
          send_attempts: 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const lines = order.defectIds.map((defectId, index) => ({ work_order_id: row.id, defect_id: defectId, position: index + 1 }));
      for (const chunk of inChunks(lines)) await db.insertInto("work_order_defects").values(chunk).execute();
      for (const chunk of inChunks(order.defectIds)) {
        await db
          .updateTable("defects")
          .set({ status: "assigned", updated_at: now })
          .where("id", "in", chunk)
          .where("status", "=", "open")
          .execute();
      }
      return toWorkOrder(row);
    });
  }

  async get(id: number): Promise<WorkOrder | null> {
    const row = await this.db.selectFrom("work_orders").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toWorkOrder(row);
  }

  /** In route order. */
  async lines(workOrderId: number): Promise<WorkOrderLine[]> {
    const rows = await this.db
      .selectFrom("work_order_defects")
      .select(["defect_id", "position", "outcome"])
      .where("work_order_id", "=", workOrderId)
      .orderBy("position")
      .execute();
    return rows.map((row) => ({ defectId: row.defect_id, position: row.position, outcome: row.outcome }));
  }

  /** Newest first, with how many match in all. */
  async list(query: WorkOrderListQuery): Promise<{ workOrders: WorkOrder[]; total: number }> {
    let filtered = this.db.selectFrom("work_orders");
    if (query.teamId !== undefined) filtered = filtered.where("team_id", "=", query.teamId);
    if (query.statuses !== undefined) {
      if (query.statuses.length === 0) return { workOrders: [], total: 0 };
      filtered = filtered.where("status", "in", query.statuses);
    }
    const rows = await filtered.selectAll().orderBy("id", "desc").limit(query.limit).offset(query.offset).execute();
    const { total } = await filtered.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow();
    return { workOrders: rows.map(toWorkOrder), total: Number(total) };
  }

  /** How many defects each of the work orders holds. */
  async defectCounts(workOrderIds: readonly number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    for (const chunk of inChunks(workOrderIds)) {
      const rows = await this.db
        .selectFrom("work_order_defects")
        .select(["work_order_id", (eb) => eb.fn.countAll<number>().as("count")])
        .where("work_order_id", "in", chunk)
        .groupBy("work_order_id")
        .execute();
      for (const row of rows) counts.set(row.work_order_id, Number(row.count));
    }
    return counts;
  }

  async listForDefect(defectId: number): Promise<DefectAssignment[]> {
    const rows = await this.db
      .selectFrom("work_order_defects")
      .innerJoin("work_orders", "work_orders.id", "work_order_defects.work_order_id")
      .select(["work_orders.id", "work_orders.number", "work_orders.team_id", "work_orders.status", "work_order_defects.outcome"])
      .where("work_order_defects.defect_id", "=", defectId)
      .orderBy("work_orders.id")
      .execute();
    return rows.map((row) => ({ workOrderId: row.id, number: row.number, teamId: row.team_id, status: row.status, outcome: row.outcome }));
  }

  /** Null when there is no such work order. */
  async setStatus(id: number, status: WorkOrderStatus): Promise<WorkOrder | null> {
    const row = await this.db
      .updateTable("work_orders")
      .set({ status, updated_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirst();
    return row === undefined ? null : toWorkOrder(row);
  }

  /**
   * Records what the crew found and gives the defect that status; false when the defect is not on the work order.
   * A second report for the same defect replaces the first.
   */
  async recordOutcome(workOrderId: number, defectId: number, outcome: WorkOrderOutcome): Promise<boolean> {
    return atomically(this.db, async (db) => {
      const line = await db
        .updateTable("work_order_defects")
        .set({ outcome })
        .where("work_order_id", "=", workOrderId)
        .where("defect_id", "=", defectId)
        .executeTakeFirst();
      if (line.numUpdatedRows === 0n) return false;
      await db
        .updateTable("defects")
        .set({ status: outcome, updated_at: toTimestampText(Date.now()) })
        .where("id", "=", defectId)
        .execute();
      return true;
    });
  }

  /**
   * Takes the next send attempt for the caller: true when the order was still unsent with `attemptsSeen` attempts,
   * which only one caller can find, so two senders never mail the same order together.
   */
  async claimSendAttempt(id: number, attemptsSeen: number): Promise<boolean> {
    const result = await this.db
      .updateTable("work_orders")
      .set((eb) => ({ send_attempts: eb("send_attempts", "+", 1), updated_at: toTimestampText(Date.now()) }))
      .where("id", "=", id)
      .where("send_status", "=", "pending")
      .where("send_attempts", "=", attemptsSeen)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async markSent(id: number): Promise<void> {
    await this.db
      .updateTable("work_orders")
      .set({ send_status: "sent", last_send_error: null, updated_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .execute();
  }

  /** `giveUp`: no more automatic attempts (send status failed); otherwise it stays pending for the next one. */
  async markSendFailed(id: number, error: string, giveUp: boolean): Promise<void> {
    await this.db
      .updateTable("work_orders")
      .set({ send_status: giveUp ? "failed" : "pending", last_send_error: error, updated_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .execute();
  }

  /** Puts an order that was given up on back in the queue with a fresh count of attempts; false unless it had failed. */
  async requeueFailedSend(id: number): Promise<boolean> {
    const result = await this.db
      .updateTable("work_orders")
      .set({ send_status: "pending", send_attempts: 0, updated_at: toTimestampText(Date.now()) })
      .where("id", "=", id)
      .where("send_status", "=", "failed")
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  /** Orders still to be mailed, oldest first. */
  async listPendingSends(): Promise<WorkOrder[]> {
    const rows = await this.db
      .selectFrom("work_orders")
      .selectAll()
      .where("send_status", "=", "pending")
      .orderBy("id")
      .execute();
    return rows.map(toWorkOrder);
  }
}

async function nextNumber(db: Kysely<RoadwatchDatabase>, prefix: string): Promise<string> {
  const { highest } = await db
    .selectFrom("work_orders")
    .select(sql<number | null>`max(cast(substr(number, ${prefix.length + 1}) as integer))`.as("highest"))
    .where(sql<boolean>`substr(number, 1, ${prefix.length}) = ${prefix}`)
    .executeTakeFirstOrThrow();
  return `${prefix}${String((highest ?? 0) + 1).padStart(SEQUENCE_DIGITS, "0")}`;
}

function toWorkOrder(row: Selectable<WorkOrdersTable>): WorkOrder {
  return {
    id: row.id,
    number: row.number,
    teamId: row.team_id,
    note: row.note,
    dueDate: row.due_date,
    status: row.status,
    createdBy: row.created_by,
    createdAtMs: fromTimestampText(row.created_at),
    updatedAtMs: fromTimestampText(row.updated_at),
    sendStatus: row.send_status,
    sendAttempts: row.send_attempts,
    lastSendError: row.last_send_error,
  };
}
