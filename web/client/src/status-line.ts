/** A page's status line. It keeps how to say its message, so a language switch says it again in the new language. */
import { onLanguageChange } from "./i18n.js";

export class StatusLine {
  private message: (() => string) | null = null;

  constructor(private readonly element: HTMLElement) {
    onLanguageChange(() => this.render());
  }

  show(message: () => string): void {
    this.message = message;
    this.render();
  }

  clear(): void {
    this.message = null;
    this.render();
  }

  private render(): void {
    this.element.textContent = this.message === null ? "" : this.message();
  }
}

/** What a page says about a failure: the server's own message, which api.ts puts in the error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
