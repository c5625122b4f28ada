/**
 * The upload page, for a crew's phone: sign in, pick the day's videos and GPS tracks, watch them go up (carrying on
 * by themselves after a dropped connection), and see what the nightly run made of them.
 */
import { required } from "./dom.js";
import { onLanguageChange, t } from "./i18n.js";
import { setUpPageChrome } from "./page-chrome.js";
import { signedInFor } from "./session-gate.js";
import { UploadList } from "./upload-list.js";
import { planUploads } from "./upload-pairing.js";
import { UploadQueue } from "./upload-queue.js";

/** Soon enough to see an upload arrive and, after the nightly run, be processed; the list is small. */
const LIST_REFRESH_MS = 15_000;

async function start(): Promise<void> {
  setUpPageChrome(required(document, "#language-toggle", HTMLButtonElement));
  const session = await signedInFor("upload");

  const signedInAs = required(document, "#signed-in-as", HTMLElement);
  const sayWho = () => (signedInAs.textContent = t("signIn.signedInAs", { name: session.user.displayName ?? session.user.username }));
  sayWho();
  onLanguageChange(sayWho);
  required(document, "#uploader", HTMLElement).hidden = false;

  const list = new UploadList(required(document, "#upload-list", HTMLUListElement), required(document, "#list-status", HTMLElement));
  const queue = new UploadQueue(required(document, "#upload-queue", HTMLUListElement), session, () => void list.refresh());
  const input = required(document, "#file-input", HTMLInputElement);
  input.addEventListener("change", () => {
    queue.add(planUploads([...(input.files ?? [])]));
    // the same files may be picked again, e.g. after one failed
    input.value = "";
  });
  await list.refresh();
  setInterval(() => void list.refresh(), LIST_REFRESH_MS);
  // a phone's browser sleeps in the background: the next morning, the page shows the night's results at once
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void list.refresh();
  });
}

void start();
