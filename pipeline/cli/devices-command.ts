import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { deviceState } from "../accounts/account-service.js";
import { AuditTrail } from "../accounts/audit-trail.js";
import type { Config } from "../config.js";
import { openStorage } from "../storage/database.js";
import { type CommandOutput, processOutput } from "./command-output.js";
import { CLI_ACTOR, teamIdByName, withAccounts } from "./users-command.js";

export interface IssueDeviceRequest {
  dataDir: string;
  name: string;
  teamName: string | null;
  /** null: the token never expires */
  expiresInDays: number | null;
}

/** Phones and dashcams that upload footage with a token of their own instead of a password. */
export function devicesCommand(config: Config): Command {
  const devices = new Command("devices").description("Issue, list and revoke the tokens phones and dashcams upload with.");
  devices
    .command("issue")
    .description("Issue a token for a device and print it once; the device sends it as 'Authorization: Bearer <token>'")
    .argument("<name>", "e.g. dashcam-7 or 'Telefon Vejhold Nord'")
    .option("--team <name>", "the team whose footage the device brings in")
    .option("--expires-days <days>", "the token stops working after this many days; default: never", positiveInteger)
    .option("--data <dir>", "data directory", config.dataDir)
    .action(async (name: string, options: { team?: string; expiresDays?: number; data: string }) => {
      const request = { dataDir: path.resolve(options.data), name, teamName: options.team ?? null, expiresInDays: options.expiresDays ?? null };
      process.exitCode = await runIssueDevice(config, request, processOutput);
    });
  devices
    .command("list")
    .description("List the devices and whether their tokens work")
    .option("--data <dir>", "data directory", config.dataDir)
    .option("--json", "print JSON")
    .action(async (options: { data: string; json?: boolean }) => {
      process.exitCode = await runListDevices(path.resolve(options.data), options.json === true, processOutput);
    });
  devices
    .command("revoke")
    .description("Revoke a device's token at once")
    .argument("<name>")
    .option("--data <dir>", "data directory", config.dataDir)
    .action(async (name: string, options: { data: string }) => {
      process.exitCode = await runRevokeDevice(config, path.resolve(options.data), name, processOutput);
    });
  return devices;
}

export async function runIssueDevice(config: Config, request: IssueDeviceRequest, output: CommandOutput): Promise<number> {
  return withAccounts(config, request.dataDir, async (storage, accounts) => {
    const teamId = request.teamName === null ? null : await teamIdByName(storage, request.teamName);
    const { device, token } = await accounts.issueDevice({ name: request.name, teamId, expiresInDays: request.expiresInDays });
    await new AuditTrail(storage.audit).record(CLI_ACTOR, "device.issued", `device:${device.id}`, { name: device.name, teamId });
    const expiry = device.expiresAtMs === null ? "never expires" : `expires ${new Date(device.expiresAtMs).toISOString()}`;
    output.stdout(`issued device ${device.id} ${device.name} (${expiry})\ntoken: ${token}\n(shown this once)\n`);
    return 0;
  });
}

export async function runListDevices(dataDir: string, json: boolean, output: CommandOutput): Promise<number> {
  const storage = await openStorage(dataDir);
  try {
    const devices = await storage.devices.list();
    if (json) output.stdout(`${JSON.stringify(devices)}\n`);
    else {
      const nowMs = Date.now();
      for (const device of devices) {
        const lastUsed = device.lastUsedAtMs === null ? "never used" : `last used ${new Date(device.lastUsedAtMs).toISOString()}`;
        output.stdout(`${device.id}\t${device.name}\t${deviceState(device, nowMs)}\t${lastUsed}\n`);
      }
    }
    return 0;
  } finally {
    await storage.close();
  }
}

export async function runRevokeDevice(config: Config, dataDir: string, name: string, output: CommandOutput): Promise<number> {
  return withAccounts(config, dataDir, async (storage, accounts) => {
    const device = await storage.devices.findByName(name.trim());
    if (device === null) {
      output.stderr(`roadwatch devices revoke: no device ${name}\n`);
      return 1;
    }
    await accounts.revokeDevice(device.id);
    await new AuditTrail(storage.audit).record(CLI_ACTOR, "device.revoked", `device:${device.id}`, { name: device.name });
    output.stdout(`revoked ${device.name}\n`);
    return 0;
  });
}

function positiveInteger(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new InvalidArgumentError("a whole number of days, at least 1");
  return days;
}
