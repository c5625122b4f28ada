/** A page's sign-in form, for a page a person may open before signing in (the upload page on a crew's phone). */
import { ApiError, signIn } from "./api.js";
import type { SignedIn } from "./api-types.js";
import { t } from "./i18n.js";
import { messageOf } from "./status-line.js";

/** Shows the form and resolves once the person has signed in with it; a refusal is shown and the form stays. */
export function signInWithForm(form: HTMLFormElement, errorLine: HTMLElement): Promise<SignedIn> {
  form.hidden = false;
  return new Promise((resolve) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const fields = new FormData(form);
      errorLine.textContent = "";
      signIn(String(fields.get("username") ?? ""), String(fields.get("password") ?? "")).then(
        (signedIn) => {
          form.hidden = true;
          resolve(signedIn);
        },
        (error: unknown) => {
          errorLine.textContent = refusalText(error);
        },
      );
    });
  });
}

/** The two refusals a person can act on, in the page's language; anything else with the server's own words. */
function refusalText(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return t("signIn.wrongCredentials");
  if (error instanceof ApiError && error.status === 429) return t("signIn.tooManyAttempts");
  return t("signIn.failed", { error: messageOf(error) });
}
