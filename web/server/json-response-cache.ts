/**
 * Finished JSON answers, kept while the database has not changed. Every foreman opening the map in the morning asks
 * for the same view of data that changed only overnight: the second asker gets the bytes (and their gzip) the first
 * one paid for, and a browser that already has them gets 304 Not Modified.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Request, Response } from "express";

interface CachedAnswer {
  changeToken: string;
  etag: string;
  json: Buffer;
  /** made on first demand: most API clients other than browsers do not ask for gzip */
  gzip: Buffer | null;
}

/** Enough for the views of a morning's foremen; each answer is at most a few hundred kB. */
const DEFAULT_MAX_ANSWERS = 64;

export class JsonResponseCache {
  /** in order of last use: the first key is the one to evict */
  private readonly answers = new Map<string, CachedAnswer>();

  constructor(private readonly maxAnswers = DEFAULT_MAX_ANSWERS) {}

  /**
   * Sends the cached answer for `key` when it was made at `changeToken`, otherwise makes it with `produce`, keeps it
   * and sends it. `key` must name everything the answer depends on besides the data.
   */
  async send(request: Request, response: Response, key: string, changeToken: string, produce: () => Promise<unknown>): Promise<void> {
    const answer = this.fresh(key, changeToken) ?? this.keep(key, changeToken, Buffer.from(JSON.stringify(await produce())));
    response.setHeader("ETag", answer.etag);
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("Vary", "Accept-Encoding");
    if (request.fresh) {
      response.status(304).end();
      return;
    }
    response.type("application/json");
    if (request.acceptsEncodings("gzip", "identity") === "gzip") {
      answer.gzip ??= gzipSync(answer.json);
      response.setHeader("Content-Encoding", "gzip");
      response.end(answer.gzip);
      return;
    }
    response.end(answer.json);
  }

  private fresh(key: string, changeToken: string): CachedAnswer | null {
    const answer = this.answers.get(key);
    if (answer === undefined || answer.changeToken !== changeToken) return null;
    this.answers.delete(key);
    this.answers.set(key, answer);
    return answer;
  }

  private keep(key: string, changeToken: string, json: Buffer): CachedAnswer {
    const etag = `"${createHash("sha1").update(json).digest("base64url")}"`;
    const answer: CachedAnswer = { changeToken, etag, json, gzip: null };
    this.answers.delete(key);
    this.answers.set(key, answer);
    while (this.answers.size > this.maxAnswers) this.answers.delete(this.answers.keys().next().value as string);
    return answer;
  }
}
