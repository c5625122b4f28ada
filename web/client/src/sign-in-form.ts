/** A page's sign-in form, for a page a person may open before signing in (the upload page on a crew's phone). */
import { ApiError, signIn } from "./api.js";
import type { SignedIn } from "./api-types.js";
import { element } from "./dom.js";
import { type MessageKey, t } from "./i18n.js";
import { messageOf } from "./status-line.js";

/**
 * Fills the page's empty sign-in form (its place in the page decides what it hides while it shows), shows it, and
 * resolves once the person has signed in with it; a refusal is shown and the form stays.
 */
export function signInWithForm(form: HTMLFormElement): Promise<SignedIn> {
  const errorLine = element("p", { id: "sign-in-error", class: "form-error", role: "alert" });
  form.replaceChildren(
    translated("h2", "signIn.heading"),
    element("label", { class: "field" }, [
      translated("span", "signIn.username"),
      element("input", { name: "username", autocomplete: "username", autocapitalize: "none", spellcheck: "false", required: true }),
    ]),
    element("label", { class: "field" }, [
      translated("span", "signIn.password"),
      element("input", { name: "password", type: "password", autocomplete: "current-password", required: true }),
    ]),
    errorLine,
    translated("button", "signIn.submit", { type: "submit", class: "primary" }),
  );
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

/** Text in the current language that follows a switch of language (see translateStatic). */
function translated(tag: "h2" | "span" | "button", key: MessageKey, attributes: Record<string, string> = {}): HTMLElement {
  return element(tag, { ...attributes, "data-i18n": key }, [t(key)]);
}
