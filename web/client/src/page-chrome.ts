/**
 * What every page does first: speak the language chosen on an earlier visit, fill its static text, and switch
 * language from the header's button. Call before a page adds its own language listeners, so the static text is
 * translated before they render theirs.
 */
import { currentLanguage, onLanguageChange, restoreLanguage, setLanguage, t, translateStatic } from "./i18n.js";

export function setUpPageChrome(languageToggle: HTMLButtonElement): void {
  restoreLanguage();
  translateStatic(document);
  // the button names the other language in that language
  const labelToggle = () => {
    languageToggle.textContent = t("language.switch");
    languageToggle.lang = currentLanguage() === "da" ? "en" : "da";
    languageToggle.setAttribute("aria-label", t("language.switchLabel"));
  };
  labelToggle();
  languageToggle.addEventListener("click", () => setLanguage(currentLanguage() === "da" ? "en" : "da"));
  onLanguageChange(() => {
    translateStatic(document);
    labelToggle();
  });
}
