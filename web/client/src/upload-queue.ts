/**
 * The files picked on this visit, sent one after the other (a phone's upload is the bottleneck; two at once only
 * make each slower), each video's track just before it, with a progress bar per file.
 */
import type { SignedIn } from "./api-types.js";
import { element } from "./dom.js";
import { formatBytes, type MessageKey, onLanguageChange, t } from "./i18n.js";
import { uploadResumably } from "./resumable-upload.js";
import { messageOf } from "./status-line.js";
import type { UploadPlan } from "./upload-pairing.js";

type QueueState =
  | { name: "waiting" }
  | { name: "uploading" | "interrupted"; sentBytes: number }
  | { name: "done" }
  | { name: "failed"; error: string }
  | { name: "skipped"; reason: MessageKey };

interface QueueEntry {
  file: File;
  kind: "video" | "track" | null;
  pairKey: string | null;
  state: QueueState;
  item: HTMLLIElement;
}

export class UploadQueue {
  private readonly entries: QueueEntry[] = [];
  /** the upload in progress, and those after it */
  private running: Promise<void> = Promise.resolve();

  /** `onUploaded` runs after each file the server has taken, e.g. to show it in the upload list. */
  constructor(
    private readonly list: HTMLUListElement,
    private readonly session: SignedIn,
    private readonly onUploaded: () => void,
  ) {
    onLanguageChange(() => this.entries.forEach((entry) => this.render(entry)));
  }

  add(plan: UploadPlan<File>): void {
    for (const { video, track, pairKey } of plan.pairs) {
      if (track !== null) this.enqueue(this.newEntry(track, "track", pairKey));
      this.enqueue(this.newEntry(video, "video", pairKey));
    }
    for (const track of plan.tracksWithoutVideo) this.newEntry(track, "track", null, { name: "skipped", reason: "upload.queue.noVideo" });
    for (const file of plan.unsupported) this.newEntry(file, null, null, { name: "skipped", reason: "upload.queue.unsupported" });
  }

  private newEntry(file: File, kind: QueueEntry["kind"], pairKey: string | null, state: QueueState = { name: "waiting" }): QueueEntry {
    const entry: QueueEntry = { file, kind, pairKey, state, item: element("li", { class: "queue-item" }) };
    this.entries.push(entry);
    this.list.append(entry.item);
    this.render(entry);
    return entry;
  }

  private enqueue(entry: QueueEntry): void {
    this.running = this.running.then(() => this.send(entry));
  }

  private async send(entry: QueueEntry): Promise<void> {
    this.setState(entry, { name: "uploading", sentBytes: 0 });
    try {
      await uploadResumably(entry.file, {
        username: this.session.user.username,
        csrfToken: this.session.csrfToken,
        pairKey: entry.pairKey ?? "",
        onProgress: (sentBytes) => this.setState(entry, { name: "uploading", sentBytes }),
        onInterrupted: () => this.setState(entry, { name: "interrupted", sentBytes: "sentBytes" in entry.state ? entry.state.sentBytes : 0 }),
      });
      this.setState(entry, { name: "done" });
      this.onUploaded();
    } catch (error) {
      this.setState(entry, { name: "failed", error: messageOf(error) });
    }
  }

  private setState(entry: QueueEntry, state: QueueState): void {
    entry.state = state;
    this.render(entry);
  }

  private render(entry: QueueEntry): void {
    const { file, kind, state } = entry;
    const percent = "sentBytes" in state ? Math.floor((state.sentBytes / Math.max(file.size, 1)) * 100) : state.name === "done" ? 100 : 0;
    const retry = element("button", { type: "button", class: "text-button" }, [t("upload.queue.retry")]);
    retry.addEventListener("click", () => {
      this.setState(entry, { name: "waiting" });
      this.enqueue(entry);
    });
    const item = element("li", { class: "queue-item", "data-state": state.name }, [
      element("div", { class: "queue-head" }, [
        element("span", { class: "queue-name" }, [file.name]),
        kind === null ? null : element("span", { class: "queue-kind" }, [t(`upload.kind.${kind}`)]),
      ]),
      state.name === "skipped" ? null : element("progress", { max: 100, value: percent, "aria-label": file.name }),
      element("p", { class: "queue-state" }, [stateText(state, percent, file.size)]),
      state.name === "failed" ? retry : null,
    ]);
    entry.item.replaceWith(item);
    entry.item = item;
  }
}

function stateText(state: QueueState, percent: number, sizeBytes: number): string {
  switch (state.name) {
    case "waiting":
      return t("upload.queue.waiting");
    case "uploading":
      return t("upload.queue.progress", { percent, size: formatBytes(sizeBytes) });
    case "interrupted":
      return t("upload.queue.interrupted", { percent });
    case "done":
      return t("upload.queue.done");
    case "failed":
      return t("upload.queue.failed", { error: state.error });
    case "skipped":
      return t(state.reason);
  }
}
