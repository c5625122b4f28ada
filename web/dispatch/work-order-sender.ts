/**
 * Mails work orders, reliably: an order is stored before its first attempt, a failed attempt is retried after 1, 5
 * and 30 minutes, and then given up (send status failed, until someone asks again). The schedule lives in the
 * database (send status, attempts, time of the last attempt), so a restarted server carries on where it stopped.
 *
 * Nothing is sent twice for one order: each attempt is claimed in the database first, which only one sender can do,
 * and the message keeps one Message-ID across attempts. The one gap left, a crash after the mail server accepted the
 * message but before it was marked sent, sends it again with the same Message-ID, which mail clients show once.
 */
import { readFile } from "node:fs/promises";
import { describeError } from "../../pipeline/errors.js";
import type { Storage } from "../../pipeline/storage/database.js";
import type { MediaStore } from "../../pipeline/storage/media-store.js";
import type { WorkOrder } from "../../pipeline/storage/work-order-repository.js";
import type { Mailer } from "./mailer.js";
import type { ClassLabels } from "./texts.js";
import { loadWorkOrderDocument, type WorkOrderDocument } from "./work-order-document.js";
import { composeWorkOrderMail } from "./work-order-message.js";

/** Wait before the 2nd, 3rd and 4th attempt; after the last one fails, the order is given up. */
const SEND_RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000];

export interface WorkOrderSenderSettings {
  storage: Storage;
  mailer: Mailer;
  media: MediaStore;
  labels: ClassLabels;
  mailFrom: string;
  publicBaseUrl: string;
  retryDelaysMs?: readonly number[];
  /** one line per failed attempt */
  log: (line: string) => void;
}

export class WorkOrderSender {
  private readonly retryDelaysMs: readonly number[];
  /** orders this process is mailing right now: the timer must not start a second attempt while one is slow */
  private readonly inFlight = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: WorkOrderSenderSettings) {
    this.retryDelaysMs = settings.retryDelaysMs ?? SEND_RETRY_DELAYS_MS;
  }

  /** When the next automatic attempt is due; null when none will be made (sent, or given up). */
  nextAttemptAtMs(workOrder: WorkOrder): number | null {
    if (workOrder.sendStatus !== "pending") return null;
    if (workOrder.sendAttempts === 0) return workOrder.updatedAtMs;
    const delayMs = this.retryDelaysMs[workOrder.sendAttempts - 1];
    return delayMs === undefined ? workOrder.updatedAtMs : workOrder.updatedAtMs + delayMs;
  }

  /**
   * Makes one attempt now if the order is waiting to be sent and no one else is sending it; returns the order as it
   * stands afterwards (null when there is no such order).
   */
  async attempt(workOrderId: number): Promise<WorkOrder | null> {
    const { workOrders } = this.settings.storage;
    const workOrder = await workOrders.get(workOrderId);
    if (workOrder === null || workOrder.sendStatus !== "pending" || this.inFlight.has(workOrderId)) return workOrder;
    this.inFlight.add(workOrderId);
    try {
      if (!(await workOrders.claimSendAttempt(workOrderId, workOrder.sendAttempts))) return workOrders.get(workOrderId);
      const attempt = workOrder.sendAttempts + 1;
      try {
        await this.send(workOrderId);
        await workOrders.markSent(workOrderId);
      } catch (error) {
        const giveUp = attempt > this.retryDelaysMs.length;
        await workOrders.markSendFailed(workOrderId, describeError(error), giveUp);
        this.settings.log(
          `work order ${workOrder.number}: send attempt ${attempt} to ${this.settings.mailer.destination} failed ` +
            `(${describeError(error)}); ${giveUp ? "giving up" : "will retry"}`,
        );
      }
      return workOrders.get(workOrderId);
    } finally {
      this.inFlight.delete(workOrderId);
    }
  }

  /** Attempts every order whose next attempt is due at `nowMs`, one after another; returns how many were attempted. */
  async sendDue(nowMs: number = Date.now()): Promise<number> {
    const due = (await this.settings.storage.workOrders.listPendingSends()).filter((workOrder) => {
      const nextAtMs = this.nextAttemptAtMs(workOrder);
      return nextAtMs !== null && nextAtMs <= nowMs;
    });
    for (const workOrder of due) await this.attempt(workOrder.id);
    return due.length;
  }

  /** Checks for due orders every `checkIntervalMs`, starting now; the timer does not keep the process alive. */
  start(checkIntervalMs: number): void {
    if (this.timer !== null) return;
    const check = () => {
      this.round = this.round.then(() => this.sendDue()).catch((error: unknown) => {
        this.settings.log(`work-order mail queue: ${describeError(error)}`);
      });
    };
    this.timer = setInterval(check, checkIntervalMs);
    this.timer.unref();
    check();
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.round;
  }

  private async send(workOrderId: number): Promise<void> {
    const document = await loadWorkOrderDocument(this.settings.storage, workOrderId);
    if (document === null) throw new Error(`work order ${workOrderId} disappeared`);
    const message = composeWorkOrderMail(document, {
      from: this.settings.mailFrom,
      publicBaseUrl: this.settings.publicBaseUrl,
      labels: this.settings.labels,
      thumbnails: await this.thumbnails(document),
    });
    await this.settings.mailer.send(message);
  }

  /** The thumbnails that exist; a missing or unreadable file only leaves that row without a picture. */
  private async thumbnails(document: WorkOrderDocument): Promise<Map<number, Buffer>> {
    const thumbnails = new Map<number, Buffer>();
    for (const { defect } of document.stops) {
      if (defect.media.thumbnailPath === null) continue;
      try {
        thumbnails.set(defect.id, await readFile(this.settings.media.absolutePath(defect.media.thumbnailPath)));
      } catch {
        continue;
      }
    }
    return thumbnails;
  }
}
