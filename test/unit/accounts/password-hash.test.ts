import { describe, expect, it } from "vitest";
import { CURRENT_SCRYPT_COST, hashPassword, hasCurrentCost, verifyPassword } from "../../../pipeline/accounts/password-hash.js";

/** cheap parameters: these tests check the format, not the cost */
const TEST_COST = { logN: 10, r: 8, p: 1 };

describe("hashPassword and verifyPassword", () => {
  it("accepts the password it hashed and nothing else", async () => {
    const stored = await hashPassword("vinter-huller-2026", TEST_COST);
    expect(await verifyPassword("vinter-huller-2026", stored)).toBe(true);
    expect(await verifyPassword("vinter-huller-2027", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts every hash, and names its parameters in it", async () => {
    const first = await hashPassword("same password", TEST_COST);
    const second = await hashPassword("same password", TEST_COST);
    expect(first).not.toBe(second);
    expect(first).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toContain("same password");
  });

  it("verifies a hash made with other parameters, and says it is due for rehashing", async () => {
    const old = await hashPassword("kept from last year", TEST_COST);
    expect(await verifyPassword("kept from last year", old)).toBe(true);
    expect(hasCurrentCost(old)).toBe(false);
    expect(hasCurrentCost(old, TEST_COST)).toBe(true);
  });

  it("uses a memory-hard cost of at least 2^15 by default", async () => {
    expect(CURRENT_SCRYPT_COST.logN).toBeGreaterThanOrEqual(15);
    const stored = await hashPassword("default cost");
    expect(stored.startsWith(`$scrypt$ln=${CURRENT_SCRYPT_COST.logN},r=${CURRENT_SCRYPT_COST.r},p=${CURRENT_SCRYPT_COST.p}$`)).toBe(true);
    expect(hasCurrentCost(stored)).toBe(true);
  });

  it("refuses stored text that is no hash of ours, or asks for an absurd cost", async () => {
    const stored = await hashPassword("pothole", TEST_COST);
    const tampered = stored.slice(0, -2) + (stored.endsWith("AA") ? "BB" : "AA");
    for (const encoded of [tampered, "pothole", "", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", stored.replace("ln=10", "ln=40")]) {
      expect(await verifyPassword("pothole", encoded), encoded).toBe(false);
    }
  });
});
