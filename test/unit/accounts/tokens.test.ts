import { describe, expect, it } from "vitest";
import { deviceState, generatePassword, validatePassword } from "../../../pipeline/accounts/account-service.js";
import { newSecretToken, secretsEqual, tokenDigest } from "../../../pipeline/accounts/secret-token.js";
import type { Device } from "../../../pipeline/storage/device-repository.js";

describe("generated first passwords", () => {
  it("are 22 letters and digits without look-alikes, never starting with a dash, and differ every time", () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(passwords.size).toBe(200);
    for (const password of passwords) expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{22}$/);
    expect(validatePassword(generatePassword()).valid).toBe(true);
  });
});

describe("secret tokens", () => {
  it("are 32 random bytes of base64url, with the prefix asked for", () => {
    const tokens = new Set(Array.from({ length: 100 }, () => newSecretToken()));
    expect(tokens.size).toBe(100);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newSecretToken("rwd_")).toMatch(/^rwd_[A-Za-z0-9_-]{43}$/);
  });

  it("are stored as their sha256, which does not reveal them", () => {
    const token = newSecretToken();
    expect(tokenDigest(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenDigest(token)).toBe(tokenDigest(token));
    expect(tokenDigest(token)).not.toBe(tokenDigest(newSecretToken()));
    expect(tokenDigest(token)).not.toContain(token);
  });

  it("compare equal only when equal, whatever their lengths", () => {
    const token = newSecretToken();
    expect(secretsEqual(token, token)).toBe(true);
    expect(secretsEqual(token.slice(0, -1), token)).toBe(false);
    expect(secretsEqual(`${token}x`, token)).toBe(false);
    expect(secretsEqual("", token)).toBe(false);
  });
});

describe("deviceState", () => {
  const device: Device = { id: 1, name: "dashcam-7", teamId: null, createdAtMs: 0, expiresAtMs: null, revokedAtMs: null, lastUsedAtMs: null };

  it("is active without an expiry or until it, expired from it, revoked once revoked", () => {
    expect(deviceState(device, 5_000)).toBe("active");
    expect(deviceState({ ...device, expiresAtMs: 5_000 }, 4_999)).toBe("active");
    expect(deviceState({ ...device, expiresAtMs: 5_000 }, 5_000)).toBe("expired");
    expect(deviceState({ ...device, expiresAtMs: 5_000, revokedAtMs: 1_000 }, 9_000)).toBe("revoked");
    expect(deviceState({ ...device, revokedAtMs: 1_000 }, 500)).toBe("revoked");
  });
});

describe("validatePassword", () => {
  it("asks for length, not character classes", () => {
    expect(validatePassword("kort")).toEqual({ valid: false, reason: "a password has at least 10 characters" });
    expect(validatePassword("helt almindelige ord")).toEqual({ valid: true });
    expect(validatePassword("x".repeat(1001)).valid).toBe(false);
  });
});
