import path from "node:path";
import { Command, Option } from "commander";
import { AccountService, accountSettings, generatePassword } from "../accounts/account-service.js";
import { AuditTrail } from "../accounts/audit-trail.js";
import { normalizeUsername } from "../accounts/identity-provider.js";
import { type Role, ROLES } from "../accounts/roles.js";
import type { Config } from "../config.js";
import { openStorage, type Storage } from "../storage/database.js";
import { type CommandOutput, processOutput } from "./command-output.js";
import { promptNewPassword, readPasswordFromStdin } from "./password-input.js";

/** How the audit log names what was done from the command line: whoever can run it owns the data directory. */
export const CLI_ACTOR = "cli";

export type PasswordSource = { kind: "generate" } | { kind: "read"; read: () => Promise<string> };

export interface AddUserRequest {
  dataDir: string;
  username: string;
  role: Role;
  /** the team's name, as `roadwatch teams list` shows it; a crew needs one */
  teamName: string | null;
  displayName: string | null;
  /** asked for only when the account is added */
  password: PasswordSource;
  /** leave an existing account of this username as it is */
  ifMissing: boolean;
}

/** People who sign in to the web page; the first admin comes from here, later ones from the admin's page too. */
export function usersCommand(config: Config): Command {
  const users = new Command("users").description("Add, list and disable the accounts that sign in to the web page.");
  users
    .command("add")
    .description("Add an account; the password is asked for, read from stdin, or generated and shown once")
    .argument("<username>", "e.g. jens.hansen or jens.hansen@faxe.dk")
    .addOption(new Option("--role <role>", "what the account may do").choices(ROLES).makeOptionMandatory())
    .option("--team <name>", "the account's team (a crew's work orders and uploads are its team's)")
    .option("--display-name <name>", "the name work orders show, e.g. 'Jens Hansen'")
    .option("--password-stdin", "read the password from stdin instead of asking")
    .option("--generate-password", "make a random password and print it once")
    .option("--if-missing", "do nothing when the username exists")
    .option("--data <dir>", "data directory", config.dataDir)
    .action(async (username: string, options: AddUserOptions) => {
      const request: AddUserRequest = {
        dataDir: path.resolve(options.data),
        username,
        role: options.role,
        teamName: options.team ?? null,
        displayName: options.displayName ?? null,
        password: passwordSource(options, username),
        ifMissing: options.ifMissing === true,
      };
      process.exitCode = await runAddUser(config, request, processOutput);
    });
  users
    .command("list")
    .description("List the accounts")
    .option("--data <dir>", "data directory", config.dataDir)
    .option("--json", "print JSON")
    .action(async (options: { data: string; json?: boolean }) => {
      process.exitCode = await runListUsers(path.resolve(options.data), options.json === true, processOutput);
    });
  users
    .command("disable")
    .description("Disable an account and end its sessions; its name stays in the audit log")
    .argument("<username>")
    .option("--data <dir>", "data directory", config.dataDir)
    .action(async (username: string, options: { data: string }) => {
      process.exitCode = await runDisableUser(config, path.resolve(options.data), username, processOutput);
    });
  return users;
}

interface AddUserOptions {
  role: Role;
  team?: string;
  displayName?: string;
  passwordStdin?: boolean;
  generatePassword?: boolean;
  ifMissing?: boolean;
  data: string;
}

function passwordSource(options: AddUserOptions, username: string): PasswordSource {
  if (options.passwordStdin === true && options.generatePassword === true) {
    throw new Error("give --password-stdin or --generate-password, not both");
  }
  if (options.generatePassword === true) return { kind: "generate" };
  return { kind: "read", read: options.passwordStdin === true ? readPasswordFromStdin : () => promptNewPassword(username) };
}

export async function runAddUser(config: Config, request: AddUserRequest, output: CommandOutput): Promise<number> {
  return withAccounts(config, request.dataDir, async (storage, accounts) => {
    const existing = await storage.users.findByUsername(normalizeUsername(request.username));
    if (existing !== null && request.ifMissing) {
      output.stdout(`user ${existing.username} exists\n`);
      return 0;
    }
    const teamId = request.teamName === null ? null : await teamIdByName(storage, request.teamName);
    const password = request.password.kind === "generate" ? generatePassword() : await request.password.read();
    const user = await accounts.addUser({ username: request.username, displayName: request.displayName, role: request.role, teamId, password });
    await new AuditTrail(storage.audit).record(CLI_ACTOR, "user.created", `user:${user.id}`, { username: user.username, role: user.role, teamId });
    output.stdout(`added user ${user.id} ${user.username} (${user.role}${request.teamName === null ? "" : `, ${request.teamName}`})\n`);
    if (request.password.kind === "generate") output.stdout(`password for ${user.username}: ${password}\n(shown this once: write it down)\n`);
    return 0;
  });
}

export async function runListUsers(dataDir: string, json: boolean, output: CommandOutput): Promise<number> {
  const storage = await openStorage(dataDir);
  try {
    const [users, teams] = await Promise.all([storage.users.list(), storage.teams.list()]);
    const teamName = (teamId: number | null) => teams.find((team) => team.id === teamId)?.name ?? "";
    if (json) output.stdout(`${JSON.stringify(users.map((user) => ({ ...user, teamName: teamName(user.teamId) || null })))}\n`);
    else {
      for (const user of users) {
        const state = user.disabledAtMs === null ? "active" : "disabled";
        output.stdout(`${user.id}\t${user.username}\t${user.role}\t${teamName(user.teamId)}\t${state}\t${user.displayName ?? ""}\n`);
      }
    }
    return 0;
  } finally {
    await storage.close();
  }
}

export async function runDisableUser(config: Config, dataDir: string, username: string, output: CommandOutput): Promise<number> {
  return withAccounts(config, dataDir, async (storage, accounts) => {
    const user = await storage.users.findByUsername(normalizeUsername(username));
    if (user === null) {
      output.stderr(`roadwatch users disable: no user ${username}\n`);
      return 1;
    }
    await accounts.disableUser(user.id);
    await new AuditTrail(storage.audit).record(CLI_ACTOR, "user.disabled", `user:${user.id}`, { username: user.username });
    output.stdout(`disabled ${user.username}; its sessions ended\n`);
    return 0;
  });
}

/** Opens the data directory's accounts for one command and closes them after. */
export async function withAccounts(
  config: Config,
  dataDir: string,
  work: (storage: Storage, accounts: AccountService) => Promise<number>,
): Promise<number> {
  const storage = await openStorage(dataDir);
  try {
    return await work(storage, new AccountService({ storage, ...accountSettings(config) }));
  } finally {
    await storage.close();
  }
}

export async function teamIdByName(storage: Storage, name: string): Promise<number> {
  const team = (await storage.teams.list()).find((candidate) => candidate.name === name);
  if (team === undefined) throw new Error(`no team named '${name}': see roadwatch teams list`);
  return team.id;
}
