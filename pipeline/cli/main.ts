#!/usr/bin/env node
import { Command } from "commander";
import { loadConfig } from "../config.js";
import { describeError } from "../errors.js";
import { coverageCommand } from "./coverage-command.js";
import { detectCommand } from "./detect-command.js";
import { devicesCommand } from "./devices-command.js";
import { evalCommand } from "./eval-command.js";
import { framesCommand } from "./frames-command.js";
import { processCommand } from "./process-command.js";
import { roadsCommand } from "./roads-command.js";
import { serveCommand } from "./serve-command.js";
import { teamsCommand } from "./teams-command.js";
import { usersCommand } from "./users-command.js";

async function main(argv: string[]): Promise<void> {
  const config = loadConfig();
  const program = new Command("roadwatch")
    .description("Road-damage inspection from vehicle video: frames, detection, defects, map.")
    .showHelpAfterError();
  program.addCommand(framesCommand(config));
  program.addCommand(detectCommand(config));
  program.addCommand(evalCommand(config));
  program.addCommand(processCommand(config));
  program.addCommand(serveCommand(config));
  program.addCommand(teamsCommand(config));
  program.addCommand(usersCommand(config));
  program.addCommand(devicesCommand(config));
  program.addCommand(roadsCommand(config));
  program.addCommand(coverageCommand(config));
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  process.stderr.write(`roadwatch: ${describeError(error)}\n`);
  process.exitCode = 1;
});
