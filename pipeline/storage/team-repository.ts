import type { Kysely, Selectable } from "kysely";
import { fromJsonText, toJsonText } from "./dialect.js";
import type { RoadwatchDatabase, TeamLanguage, TeamsTable } from "./schema.js";

export interface NewTeam {
  name: string;
  /** where the team's work orders are mailed */
  emails: string[];
  /** of the team's work orders: mail and printed page */
  language: TeamLanguage;
}

export interface Team extends NewTeam {
  id: number;
}

/** The crews work orders go to. */
export class TeamRepository {
  constructor(private readonly db: Kysely<RoadwatchDatabase>) {}

  async create(team: NewTeam): Promise<Team> {
    const row = await this.db
      .insertInto("teams")
      .values({ name: team.name, emails: toJsonText(team.emails), language: team.language })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTeam(row);
  }

  async get(id: number): Promise<Team | null> {
    const row = await this.db.selectFrom("teams").selectAll().where("id", "=", id).executeTakeFirst();
    return row === undefined ? null : toTeam(row);
  }

  /** By name. */
  async list(): Promise<Team[]> {
    const rows = await this.db.selectFrom("teams").selectAll().orderBy("name").orderBy("id").execute();
    return rows.map(toTeam);
  }

  /** Changes the given fields; null when there is no such team. */
  async update(id: number, changes: Partial<NewTeam>): Promise<Team | null> {
    const columns = {
      name: changes.name,
      emails: changes.emails === undefined ? undefined : toJsonText(changes.emails),
      language: changes.language,
    };
    if (Object.values(columns).every((value) => value === undefined)) return this.get(id);
    const row = await this.db.updateTable("teams").set(columns).where("id", "=", id).returningAll().executeTakeFirst();
    return row === undefined ? null : toTeam(row);
  }
}

function toTeam(row: Selectable<TeamsTable>): Team {
  return { id: row.id, name: row.name, emails: fromJsonText<string[]>(row.emails), language: row.language };
}
