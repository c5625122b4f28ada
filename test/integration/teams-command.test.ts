import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runAddTeam, runListTeams } from "../../pipeline/cli/teams-command.js";

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "roadwatch-teams-"));
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function capture(): { stdout: string[]; output: { stdout(text: string): void; stderr(text: string): void } } {
  const stdout: string[] = [];
  return { stdout, output: { stdout: (text) => void stdout.push(text), stderr: () => undefined } };
}

describe("roadwatch teams", () => {
  it("adds a team once with --if-missing and lists it", async () => {
    const request = { dataDir, name: "Vejholdet Nord", emails: ["nord@faxe.dk", "formand@faxe.dk"], language: "da" as const, ifMissing: true };
    expect(await runAddTeam(request, capture().output)).toBe(0);
    const second = capture();
    expect(await runAddTeam(request, second.output)).toBe(0);
    expect(second.stdout.join("")).toMatch(/exists/);

    const listing = capture();
    expect(await runListTeams(dataDir, true, listing.output)).toBe(0);
    expect(JSON.parse(listing.stdout.join(""))).toEqual([
      { id: 1, name: "Vejholdet Nord", emails: ["nord@faxe.dk", "formand@faxe.dk"], language: "da" },
    ]);
  });

  it("adds a second team of the same name without --if-missing", async () => {
    const request = { dataDir, name: "Asfalt", emails: ["a@faxe.dk"], language: "en" as const, ifMissing: false };
    await runAddTeam(request, capture().output);
    await runAddTeam(request, capture().output);
    const listing = capture();
    await runListTeams(dataDir, true, listing.output);
    expect(JSON.parse(listing.stdout.join(""))).toHaveLength(2);
  });
});
