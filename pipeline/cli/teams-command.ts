import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import type { Config } from "../config.js";
import { openStorage } from "../storage/database.js";
import type { TeamLanguage } from "../storage/schema.js";
import { type CommandOutput, processOutput } from "./command-output.js";

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export interface AddTeamRequest {
  dataDir: string;
  name: string;
  emails: string[];
  language: TeamLanguage;
  /** leave an existing team of the same name as it is instead of adding a second one */
  ifMissing: boolean;
}

/** The crews that receive work orders; foremen can also manage them on the map page. */
export function teamsCommand(config: Config): Command {
  const teams = new Command("teams").description("List and add the teams that receive work orders.");
  teams
    .command("list")
    .description("List the teams")
    .option("--data <dir>", "data directory", config.dataDir)
    .option("--json", "print JSON")
    .action(async (options: { data: string; json?: boolean }) => {
      process.exitCode = await runListTeams(path.resolve(options.data), options.json === true, processOutput);
    });
  teams
    .command("add")
    .description("Add a team")
    .argument("<name>", "team name, e.g. 'Vejholdet Nord'")
    .requiredOption("--email <address...>", "where the team's work orders are mailed (one or more)", emailList)
    .option("--language <da|en>", "language of the team's mails and printed work orders", language, "da")
    .option("--if-missing", "do nothing when a team of this name exists")
    .option("--data <dir>", "data directory", config.dataDir)
    .action(async (name: string, options: { email: string[]; language: TeamLanguage; ifMissing?: boolean; data: string }) => {
      const request = { dataDir: path.resolve(options.data), name, emails: options.email, language: options.language, ifMissing: options.ifMissing === true };
      process.exitCode = await runAddTeam(request, processOutput);
    });
  return teams;
}

export async function runListTeams(dataDir: string, json: boolean, output: CommandOutput): Promise<number> {
  const storage = await openStorage(dataDir);
  try {
    const teams = await storage.teams.list();
    if (json) output.stdout(`${JSON.stringify(teams)}\n`);
    else for (const team of teams) output.stdout(`${team.id}\t${team.name}\t${team.language}\t${team.emails.join(", ")}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

export async function runAddTeam(request: AddTeamRequest, output: CommandOutput): Promise<number> {
  const storage = await openStorage(request.dataDir);
  try {
    const existing = (await storage.teams.list()).find((team) => team.name === request.name);
    if (existing !== undefined && request.ifMissing) {
      output.stdout(`team ${existing.id} '${existing.name}' exists\n`);
      return 0;
    }
    const team = await storage.teams.create({ name: request.name, emails: request.emails, language: request.language });
    output.stdout(`added team ${team.id} '${team.name}' (${team.emails.join(", ")})\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

function emailList(value: string, previous: string[] | undefined): string[] {
  if (!EMAIL.test(value)) throw new InvalidArgumentError(`'${value}' is not an e-mail address`);
  return [...(previous ?? []), value];
}

function language(value: string): TeamLanguage {
  if (value !== "da" && value !== "en") throw new InvalidArgumentError("expected da or en");
  return value;
}
