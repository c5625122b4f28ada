import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountService, accountSettings } from "../../pipeline/accounts/account-service.js";
import { runIssueDevice, runListDevices, runRevokeDevice } from "../../pipeline/cli/devices-command.js";
import { type AddUserRequest, runAddUser, runDisableUser, runListUsers } from "../../pipeline/cli/users-command.js";
import { loadConfig } from "../../pipeline/config.js";
import { openStorage } from "../../pipeline/storage/database.js";
import { withStorage } from "../support/storage.js";

const config = loadConfig({});
let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-users-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function capture() {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, output: { stdout: (text: string) => void stdout.push(text), stderr: (text: string) => void stderr.push(text) } };
}

function request(changes: Partial<AddUserRequest>): AddUserRequest {
  return { dataDir, username: "admin", role: "admin", teamName: null, displayName: null, password: { kind: "generate" }, ifMissing: false, ...changes };
}

/** Whether the password signs the user in, as the web page would. */
async function signsIn(username: string, password: string): Promise<boolean> {
  return withStorage(dataDir, async (storage) => {
    const accounts = new AccountService({ storage, ...accountSettings(config) });
    return (await accounts.signInWithPassword({ username, password }, "127.0.0.1", null)).outcome === "signed-in";
  });
}

describe("roadwatch users", () => {
  it("adds the first admin with a generated password printed once, and leaves it alone with --if-missing", async () => {
    const first = capture();
    expect(await runAddUser(config, request({ ifMissing: true }), first.output)).toBe(0);
    const password = /password for admin: (\S+)/.exec(first.stdout.join(""))![1]!;
    expect(password).toMatch(/^[A-Za-z0-9]{22}$/);
    expect(await signsIn("admin", password)).toBe(true);

    const second = capture();
    expect(await runAddUser(config, request({ ifMissing: true }), second.output)).toBe(0);
    expect(second.stdout.join("")).toBe("user admin exists\n");
    expect(await signsIn("admin", password)).toBe(true);
  });

  it("adds a crew to a team named on the command line with a password read from where it is asked, and lists it", async () => {
    await withStorage(dataDir, (storage) => storage.teams.create({ name: "Vejholdet Nord", emails: ["nord@faxe.dk"], language: "da" }));
    const read = { kind: "read" as const, read: async () => "typed at the terminal" };
    const added = capture();
    await runAddUser(config, request({ username: "Jens", role: "crew", teamName: "Vejholdet Nord", displayName: "Jens Hansen", password: read }), added.output);
    expect(added.stdout.join("")).toBe("added user 1 jens (crew, Vejholdet Nord)\n");
    expect(await signsIn("jens", "typed at the terminal")).toBe(true);

    const listing = capture();
    await runListUsers(dataDir, false, listing.output);
    expect(listing.stdout.join("")).toBe("1\tjens\tcrew\tVejholdet Nord\tactive\tJens Hansen\n");
    await expect(runAddUser(config, request({ username: "mette", role: "crew", teamName: null }), capture().output)).rejects.toThrow("a crew account needs a team");
    await expect(runAddUser(config, request({ username: "mette", role: "crew", teamName: "Syd" }), capture().output)).rejects.toThrow("no team named 'Syd'");
  });

  it("disables a user, ends its sessions and says who did it in the audit log", async () => {
    const added = capture();
    await runAddUser(config, request({ username: "mette", role: "foreman" }), added.output);
    const password = /password for mette: (\S+)/.exec(added.stdout.join(""))![1]!;
    const disabled = capture();
    expect(await runDisableUser(config, dataDir, "Mette", disabled.output)).toBe(0);
    expect(await signsIn("mette", password)).toBe(false);
    const missing = capture();
    expect(await runDisableUser(config, dataDir, "nobody", missing.output)).toBe(1);
    expect(missing.stderr.join("")).toContain("no user nobody");

    const audit = await withStorage(dataDir, (storage) => storage.audit.list({ limit: 10, offset: 0 }));
    expect(audit.entries.map((entry) => [entry.actor, entry.action])).toEqual([
      ["cli", "user.disabled"],
      ["cli", "user.created"],
    ]);
  });
});

describe("roadwatch devices", () => {
  it("issues a token once, lists the device, and revokes it", async () => {
    const issued = capture();
    expect(await runIssueDevice(config, { dataDir, name: "dashcam-7", teamName: null, expiresInDays: 90 }, issued.output)).toBe(0);
    const token = /token: (rwd_\S+)/.exec(issued.stdout.join(""))![1]!;
    const storage = await openStorage(dataDir);
    try {
      const accounts = new AccountService({ storage, ...accountSettings(config) });
      expect((await accounts.authenticateDevice(token))?.name).toBe("dashcam-7");
      const listing = capture();
      await runListDevices(dataDir, false, listing.output);
      expect(listing.stdout.join("")).toMatch(/^1\tdashcam-7\tactive\tlast used \d{4}-/);

      expect(await runRevokeDevice(config, dataDir, "dashcam-7", capture().output)).toBe(0);
      expect(await accounts.authenticateDevice(token)).toBeNull();
      expect(await runRevokeDevice(config, dataDir, "dashcam-8", capture().output)).toBe(1);
    } finally {
      await storage.close();
    }
  });
});
