/**
 * The one module that speaks tus from the page (tus-js-client): an upload that loses its connection asks the server
 * how far it got and carries on from there, again and again for a quarter of an hour, and one picked again after the
 * page was closed carries on from where the last visit stopped (the upload's address is kept in localStorage).
 */
import { type DetailedError, Upload } from "tus-js-client";

const TUS_ENDPOINT = "/api/uploads/tus";

/** Soon at first, for a Wi-Fi hiccup, then every minute: a van leaving the depot's Wi-Fi may be back in a while. */
const RETRY_DELAYS_MS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, ...Array<number>(12).fill(60_000)];

export interface ResumableUploadOptions {
  /** whose upload it is: part of the key a file's upload is found again by */
  username: string;
  csrfToken: string;
  /** the server pairs a video and its track by this */
  pairKey: string;
  onProgress(sentBytes: number, totalBytes: number): void;
  /** the connection failed; the upload tries again by itself */
  onInterrupted(): void;
}

/** Resolves when the server has the whole file; rejects with the server's message when it refuses it. */
export function uploadResumably(file: File, options: ResumableUploadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const upload = new Upload(file, {
      endpoint: TUS_ENDPOINT,
      metadata: { filename: file.name, filetype: file.type, pairkey: options.pairKey },
      headers: { "X-CSRF-Token": options.csrfToken },
      retryDelays: RETRY_DELAYS_MS,
      fingerprint: async () => ["roadwatch", options.username, file.name, file.size, file.lastModified].join("/"),
      removeFingerprintOnSuccess: true,
      onShouldRetry: (error) => {
        const retry = isTransient(error);
        if (retry) options.onInterrupted();
        return retry;
      },
      onProgress: (sentBytes, totalBytes) => options.onProgress(sentBytes, totalBytes),
      onSuccess: () => resolve(),
      onError: (error) => reject(new Error(serverMessage(error))),
    });
    void upload.findPreviousUploads().then(
      (previous) => {
        if (previous[0] !== undefined) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      },
      (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
    );
  });
}

/**
 * No answer (the network), a server error, or the upload busy or out of step (423, 409): try again. Unlike
 * tus-js-client's default this does not give up while the phone says it is offline: that is when it is needed.
 */
function isTransient(error: DetailedError): boolean {
  const status = error.originalResponse?.getStatus() ?? 0;
  return status === 0 || status >= 500 || status === 409 || status === 423;
}

/** The server says what is wrong with a file in the body of its answer; tus-js-client wraps it in its own words. */
function serverMessage(error: Error | DetailedError): string {
  const body = "originalResponse" in error ? error.originalResponse?.getBody().trim() : undefined;
  return body !== undefined && body !== "" ? body : error.message;
}
