/**
 * Bearer secrets: session cookies, CSRF tokens and device tokens. Only their sha256 is stored where one would let
 * its holder in, so a copy of the database opens nothing; 32 random bytes need no salt and no slow hash.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const TOKEN_BYTES = 32;

/** 43 characters of base64url, with an optional prefix that tells a reader what kind of secret it is. */
export function newSecretToken(prefix = ""): string {
  return `${prefix}${randomBytes(TOKEN_BYTES).toString("base64url")}`;
}

/** What the database keeps of a token: hex sha256. */
export function tokenDigest(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares without leaking, through its timing, how much of a guess was right. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given, "utf8").digest();
  const b = createHash("sha256").update(expected, "utf8").digest();
  return timingSafeEqual(a, b) && given === expected;
}
