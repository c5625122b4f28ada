/**
 * Who is signed in, for every page: the server's session, or else the page's sign-in form until someone signs in;
 * then on to where the person's role works (landing.ts). The header gets a sign-out button.
 */
import { fetchSession, signOut } from "./api.js";
import type { SignedIn } from "./api-types.js";
import { element, required } from "./dom.js";
import { onLanguageChange, t } from "./i18n.js";
import { landingAddress, type PageName } from "./landing.js";
import { signInWithForm } from "./sign-in-form.js";

/** Resolves with the session once someone is signed in who may stay on `page`; otherwise the browser moves on and it never does. */
export async function signedInFor(page: PageName): Promise<SignedIn> {
  const earlier = await fetchSession();
  const session = earlier ?? (await signInWithForm(required(document, "#sign-in", HTMLFormElement)));
  const next = new URLSearchParams(location.search).get("next");
  const destination = landingAddress({ page, role: session.user.role, justSignedIn: earlier === null, next });
  if (destination !== null) {
    location.replace(destination);
    return new Promise(() => undefined);
  }
  addSignOutButton(required(document, ".app-header", HTMLElement), session);
  return session;
}

function addSignOutButton(header: HTMLElement, session: SignedIn): void {
  const button = element("button", { type: "button", id: "sign-out", class: "text-button" });
  const label = () => {
    button.textContent = t("signIn.signOut");
    button.title = t("signIn.signedInAs", { name: session.user.displayName ?? session.user.username });
  };
  label();
  onLanguageChange(label);
  button.addEventListener("click", () => {
    void signOut().finally(() => location.reload());
  });
  header.insertBefore(button, header.querySelector("#language-toggle"));
}
