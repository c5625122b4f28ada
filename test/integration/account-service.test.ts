/** AccountService over a real database with a clock the test turns: when sessions and device tokens stop working. */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountRejection, AccountService } from "../../pipeline/accounts/account-service.js";
import { hashPassword } from "../../pipeline/accounts/password-hash.js";
import { tokenDigest } from "../../pipeline/accounts/secret-token.js";
import { openStorage, type Storage } from "../../pipeline/storage/database.js";

const MINUTE_MS = 60 * 1000;
const PASSWORD = "grus og asfalt i lange baner";

let dataDir: string;
let storage: Storage;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-accounts-"));
  storage = await openStorage(dataDir);
});

afterEach(async () => {
  await storage.close();
  await rm(dataDir, { recursive: true, force: true });
});

function accountsWithClock(startMs = Date.parse("2026-05-04T06:00:00Z")) {
  const clock = { nowMs: startMs };
  const accounts = new AccountService({ storage, sessionIdleMs: 30 * MINUTE_MS, sessionMaxMs: 8 * 60 * MINUTE_MS, loginMaxFailures: 5, now: () => clock.nowMs });
  return { clock, accounts };
}

async function signedIn(accounts: AccountService, username: string): Promise<string> {
  const result = await accounts.signInWithPassword({ username, password: PASSWORD }, "10.0.0.1", null);
  if (result.outcome !== "signed-in") throw new Error(`${username} was not signed in: ${result.outcome}`);
  return result.session.token;
}

describe("sessions", () => {
  it("end after the idle time without a request, and last while requests keep coming", async () => {
    const { clock, accounts } = accountsWithClock();
    await accounts.addUser({ username: "jens", displayName: null, role: "foreman", teamId: null, password: PASSWORD });
    const token = await signedIn(accounts, "jens");

    for (let request = 0; request < 6; request++) {
      clock.nowMs += 29 * MINUTE_MS;
      expect((await accounts.resolveSession(token))?.principal, `request ${request}`).toMatchObject({ kind: "user", username: "jens", role: "foreman" });
    }
    clock.nowMs += 30 * MINUTE_MS;
    expect(await accounts.resolveSession(token)).toBeNull();
    // and it is gone from the database, not just refused
    clock.nowMs -= 30 * MINUTE_MS;
    expect(await accounts.resolveSession(token)).toBeNull();
  });

  it("end at the absolute limit however busy they are", async () => {
    const { clock, accounts } = accountsWithClock();
    await accounts.addUser({ username: "jens", displayName: null, role: "crew", teamId: (await storage.teams.create({ name: "Nord", emails: ["n@faxe.dk"], language: "da" })).id, password: PASSWORD });
    const token = await signedIn(accounts, "jens");
    for (let elapsedMinutes = 20; elapsedMinutes < 8 * 60; elapsedMinutes += 20) {
      clock.nowMs += 20 * MINUTE_MS;
      expect(await accounts.resolveSession(token), `${elapsedMinutes} min`).not.toBeNull();
    }
    clock.nowMs += 20 * MINUTE_MS;
    expect(await accounts.resolveSession(token)).toBeNull();
  });

  it("are stored by the digest of their token, never the token", async () => {
    const { accounts } = accountsWithClock();
    await accounts.addUser({ username: "jens", displayName: null, role: "admin", teamId: null, password: PASSWORD });
    const token = await signedIn(accounts, "jens");
    expect(await storage.sessions.get(token)).toBeNull();
    expect(await storage.sessions.get(tokenDigest(token))).toMatchObject({ tokenDigest: tokenDigest(token) });
  });
});

describe("signing in", () => {
  it("replaces a password hash of an older cost at the next sign-in, and still signs in with it", async () => {
    const { accounts } = accountsWithClock();
    const old = await hashPassword(PASSWORD, { logN: 10, r: 8, p: 1 });
    const user = await storage.users.create({ username: "gammel", displayName: null, role: "planner", teamId: null, passwordHash: old });
    await signedIn(accounts, "gammel");
    const renewed = await storage.users.passwordHash(user.id);
    expect(renewed).not.toBe(old);
    expect(renewed).toMatch(/^\$scrypt\$ln=15,/);
    await signedIn(accounts, "gammel");
  });

  it("refuses an account without a local password, as one from another identity provider would be", async () => {
    const { accounts } = accountsWithClock();
    await storage.users.create({ username: "entra.user", displayName: null, role: "planner", teamId: null, passwordHash: null });
    expect(await accounts.signInWithPassword({ username: "entra.user", password: "" }, "10.0.0.1", null)).toEqual({ outcome: "refused" });
  });
});

describe("device tokens", () => {
  it("work until their expiry or their revocation", async () => {
    const { clock, accounts } = accountsWithClock();
    const { device, token } = await accounts.issueDevice({ name: "dashcam-7", teamId: null, expiresInDays: 30 });
    clock.nowMs += 29 * 24 * 60 * MINUTE_MS;
    expect((await accounts.authenticateDevice(token))?.id).toBe(device.id);
    clock.nowMs += 24 * 60 * MINUTE_MS;
    expect(await accounts.authenticateDevice(token)).toBeNull();

    const forever = await accounts.issueDevice({ name: "phone-1", teamId: null, expiresInDays: null });
    expect(await accounts.authenticateDevice(forever.token)).not.toBeNull();
    await accounts.revokeDevice(forever.device.id);
    expect(await accounts.authenticateDevice(forever.token)).toBeNull();
  });

  it("are refused for a name taken, a team unknown or an expiry that is no number of days", async () => {
    const { accounts } = accountsWithClock();
    await accounts.issueDevice({ name: "dashcam-7", teamId: null, expiresInDays: null });
    const attempts = [
      accounts.issueDevice({ name: "dashcam-7", teamId: null, expiresInDays: null }),
      accounts.issueDevice({ name: "dashcam-8", teamId: 42, expiresInDays: null }),
      accounts.issueDevice({ name: "dashcam-9", teamId: null, expiresInDays: 0.5 }),
      accounts.issueDevice({ name: "../etc", teamId: null, expiresInDays: null }),
    ];
    const kinds = await Promise.all(attempts.map((attempt) => attempt.then(() => "issued", (error: AccountRejection) => error.kind)));
    expect(kinds).toEqual(["conflict", "not-found", "invalid", "invalid"]);
  });
});
