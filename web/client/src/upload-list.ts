/** The uploads the signed-in person may see, newest first, each with how far it got in the pipeline. */
import { fetchUploads } from "./api.js";
import type { UploadEntry } from "./api-types.js";
import { element } from "./dom.js";
import { formatBytes, formatDateTime, onLanguageChange, t } from "./i18n.js";
import { messageOf, StatusLine } from "./status-line.js";

export class UploadList {
  private uploads: UploadEntry[] = [];
  private readonly status: StatusLine;

  constructor(
    private readonly list: HTMLUListElement,
    statusLine: HTMLElement,
  ) {
    this.status = new StatusLine(statusLine);
    onLanguageChange(() => this.render());
  }

  /** Asks the server again; a failure is said in the status line and the list shown so far stays. */
  async refresh(): Promise<void> {
    try {
      this.uploads = await fetchUploads();
      this.status.clear();
      this.render();
    } catch (error) {
      this.status.show(() => t("upload.list.loadFailed", { error: messageOf(error) }));
    }
  }

  private render(): void {
    if (this.uploads.length === 0) {
      this.list.replaceChildren(element("li", { class: "upload-empty" }, [t("upload.list.empty")]));
      return;
    }
    this.list.replaceChildren(...this.uploads.map(uploadItem));
  }
}

function uploadItem(upload: UploadEntry): HTMLLIElement {
  const meta = t("upload.list.meta", {
    size: formatBytes(upload.sizeBytes),
    time: formatDateTime(Date.parse(upload.startedAt)),
    by: upload.uploadedBy,
  });
  return element("li", { class: "upload-entry", "data-upload-id": upload.id }, [
    element("div", { class: "upload-entry-head" }, [
      element("span", { class: "upload-name" }, [upload.name]),
      element("span", { class: "upload-status", "data-status": upload.status }, [t(`upload.status.${upload.status}`)]),
    ]),
    element("p", { class: "upload-meta" }, [`${t(`upload.kind.${upload.kind}`)} · ${meta}`]),
    upload.reason === null ? null : element("p", { class: "upload-reason" }, [upload.reason]),
  ]);
}
