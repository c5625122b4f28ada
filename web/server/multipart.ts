/** The only module that talks to busboy: reads the printed work order's form, a photo included. */
import type { IncomingMessage } from "node:http";
import busboy from "busboy";
import { HttpError } from "./http-errors.js";

export interface MultipartForm {
  fields: Map<string, string>;
  /** by field name; a file input left empty is absent */
  files: Map<string, Buffer>;
}

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
}

export function isMultipart(request: IncomingMessage): boolean {
  return (request.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data");
}

export function readMultipartForm(request: IncomingMessage, limits: MultipartLimits): Promise<MultipartForm> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 10_000 },
      });
    } catch (error) {
      reject(new HttpError(400, `unreadable form: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    const fields = new Map<string, string>();
    const files = new Map<string, Buffer>();
    const fail = (error: HttpError) => {
      request.unpipe(parser);
      // drain the rest of the upload so the client sees the answer instead of a reset connection
      request.resume();
      reject(error);
    };
    parser.on("field", (name, value) => fields.set(name, value));
    parser.on("file", (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => fail(new HttpError(413, `the file in "${name}" is larger than ${limits.maxFileBytes} bytes`)));
      stream.on("end", () => {
        const content = Buffer.concat(chunks);
        if (content.length > 0) files.set(name, content);
      });
    });
    parser.on("filesLimit", () => fail(new HttpError(413, `a form takes at most ${limits.maxFiles} file(s)`)));
    parser.on("error", (error: Error) => fail(new HttpError(400, `unreadable form: ${error.message}`)));
    parser.on("close", () => resolve({ fields, files }));
    request.pipe(parser);
  });
}
