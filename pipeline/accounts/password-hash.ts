/**
 * Passwords at rest: scrypt, a memory-hard function, with a random salt per password. The stored text names its
 * parameters ("$scrypt$ln=15,r=8,p=1$<salt>$<hash>", the PHC string format), so raising the cost later leaves old
 * hashes readable: they verify with their own parameters and are replaced at the next sign-in.
 */
import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

export interface ScryptCost {
  /** log2 of N, the CPU and memory cost */
  logN: number;
  /** block size */
  r: number;
  /** parallelism */
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB and about 50–100 ms per hash on a server core; OWASP's minimum for scrypt. */
export const CURRENT_SCRYPT_COST: ScryptCost = { logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** what a stored hash may ask for: far above today's cost, far below what would take the server down */
const MAX_LOG_N = 18;
const MAX_R = 16;
const MAX_P = 16;

const ENCODED = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export async function hashPassword(password: string, cost: ScryptCost = CURRENT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, HASH_BYTES, cost);
  return `$scrypt$ln=${cost.logN},r=${cost.r},p=${cost.p}$${unpadded(salt)}$${unpadded(hash)}`;
}

/** Whether the password is the one hashed; false for a stored text that is no scrypt hash this module wrote. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (parsed === null) return false;
  const hash = await derive(password, parsed.salt, parsed.hash.length, parsed.cost);
  return timingSafeEqual(hash, parsed.hash);
}

/** False when the hash was made with other parameters than today's: time to hash the password again. */
export function hasCurrentCost(encoded: string, cost: ScryptCost = CURRENT_SCRYPT_COST): boolean {
  const parsed = parseHash(encoded);
  return parsed !== null && parsed.cost.logN === cost.logN && parsed.cost.r === cost.r && parsed.cost.p === cost.p;
}

interface ParsedHash {
  cost: ScryptCost;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(encoded: string): ParsedHash | null {
  const match = ENCODED.exec(encoded);
  if (match === null) return null;
  const [logN, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (logN < 1 || logN > MAX_LOG_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return null;
  const hash = Buffer.from(match[5]!, "base64");
  if (hash.length < 16) return null;
  return { cost: { logN, r, p }, salt: Buffer.from(match[4]!, "base64"), hash };
}

function derive(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 2 * 128 * N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

function unpadded(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}
