/** Errors the API answers with a 4xx status and a JSON body { error, details }. */
import type { z } from "zod";

export interface ErrorDetail {
  /** where in the request, e.g. "query.bbox" or "body.selection.coordinates.0" */
  path: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export type RequestPart = "query" | "body" | "path" | "form";

/** The parsed value, or an HttpError 400 naming every problem and where it is. */
export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, part: RequestPart): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join("."),
    message: issue.message,
  }));
  const summary = details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  throw new HttpError(400, `invalid request: ${summary}`, details);
}
