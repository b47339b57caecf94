import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { JsonObject } from '../../db/schema.ts';
import type { ChallengeLevel, ItemKind, TeamMember } from './challenge-report.ts';

export type Stance = 'agreed' | 'partly' | 'not_agreed';
export const STANCES: readonly Stance[] = ['agreed', 'partly', 'not_agreed'];

export interface ChallengeRow {
  id: string;
  title: string;
  frameworkName: string | null;
  level: ChallengeLevel | null;
  visitedOn: string | null;
  revisitOn: string | null;
  conclusion: string | null;
  summary: string[];
  observations: string[];
  team: TeamMember[];
  otherResponses: { about: string; response: string }[];
  sourceFileName: string | null;
  createdAt: Date;
  createdByLabel: string;
  version: number;
}

export interface FindingRow {
  id: string;
  challengeId: string;
  position: number;
  kind: ItemKind;
  area: string | null;
  number: string;
  theme: string | null;
  text: string;
  responseStance: Stance | null;
  responseText: string;
  responseFromReport: boolean;
  responseUpdatedAt: Date | null;
  responseUpdatedByLabel: string | null;
  version: number;
}

export type NewChallenge = Omit<ChallengeRow, 'id' | 'createdAt' | 'version'>;
export type NewFinding = Omit<
  FindingRow,
  'id' | 'challengeId' | 'responseUpdatedAt' | 'responseUpdatedByLabel' | 'version'
>;

const challengeColumns = [
  'id',
  'title',
  'framework_name as frameworkName',
  sql<ChallengeLevel | null>`level`.as('level'),
  sql<string | null>`to_char(visited_on, 'YYYY-MM-DD')`.as('visitedOn'),
  sql<string | null>`to_char(revisit_on, 'YYYY-MM-DD')`.as('revisitOn'),
  'conclusion',
  'summary',
  'observations',
  'team',
  'other_responses as otherResponses',
  'source_file_name as sourceFileName',
  'created_at as createdAt',
  'created_by_label as createdByLabel',
  'version',
] as const;

const findingColumns = [
  'id',
  'challenge_id as challengeId',
  'position',
  sql<ItemKind>`kind`.as('kind'),
  'area',
  'number',
  'theme',
  'text',
  sql<Stance | null>`response_stance`.as('responseStance'),
  'response_text as responseText',
  'response_from_report as responseFromReport',
  'response_updated_at as responseUpdatedAt',
  'response_updated_by_label as responseUpdatedByLabel',
  'version',
] as const;

/** Peer challenges, their findings and responses, and reports staged for import. */
export function createChallengesRepo() {
  return {
    async list(db: Db, organisationId: string): Promise<ChallengeRow[]> {
      return db
        .selectFrom('peer_challenges')
        .select(challengeColumns)
        .where('organisation_id', '=', organisationId)
        .orderBy('visited_on', (order) => order.desc().nullsLast())
        .orderBy('created_at', 'desc')
        .execute();
    },

    async challenge(db: Db, organisationId: string, id: string): Promise<ChallengeRow | undefined> {
      return db
        .selectFrom('peer_challenges')
        .select(challengeColumns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    async insertChallenge(db: Db, organisationId: string, challenge: NewChallenge): Promise<string> {
      const row = await db
        .insertInto('peer_challenges')
        .values({
          organisation_id: organisationId,
          title: challenge.title,
          framework_name: challenge.frameworkName,
          level: challenge.level,
          visited_on: challenge.visitedOn,
          revisit_on: challenge.revisitOn,
          conclusion: challenge.conclusion,
          summary: JSON.stringify(challenge.summary),
          observations: JSON.stringify(challenge.observations),
          team: JSON.stringify(challenge.team),
          other_responses: JSON.stringify(challenge.otherResponses),
          source_file_name: challenge.sourceFileName,
          created_by_label: challenge.createdByLabel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /** Changes the visit's details if nobody has since `version`; false when someone has. */
    async updateDetails(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      details: Pick<ChallengeRow, 'title' | 'level' | 'visitedOn' | 'revisitOn' | 'conclusion'>,
    ): Promise<boolean> {
      const result = await db
        .updateTable('peer_challenges')
        .set({
          title: details.title,
          level: details.level,
          visited_on: details.visitedOn,
          revisit_on: details.revisitOn,
          conclusion: details.conclusion,
          version: sql`version + 1`,
        })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertFindings(
      db: Db,
      organisationId: string,
      challengeId: string,
      findings: readonly NewFinding[],
      byLabel: string,
    ): Promise<void> {
      if (findings.length === 0) return;
      await db
        .insertInto('challenge_findings')
        .values(
          findings.map((finding) => ({
            organisation_id: organisationId,
            challenge_id: challengeId,
            position: finding.position,
            kind: finding.kind,
            area: finding.area,
            number: finding.number,
            theme: finding.theme,
            text: finding.text,
            response_stance: finding.responseStance,
            response_text: finding.responseText,
            response_from_report: finding.responseFromReport,
            response_updated_at: finding.responseText || finding.responseStance ? sql<Date>`now()` : null,
            response_updated_by_label: finding.responseText || finding.responseStance ? byLabel : null,
          })),
        )
        .execute();
    },

    async findings(db: Db, organisationId: string, challengeId?: string): Promise<FindingRow[]> {
      let query = db
        .selectFrom('challenge_findings')
        .select(findingColumns)
        .where('organisation_id', '=', organisationId);
      if (challengeId) query = query.where('challenge_id', '=', challengeId);
      return query.orderBy('challenge_id').orderBy('position').execute();
    },

    async finding(db: Db, organisationId: string, id: string): Promise<FindingRow | undefined> {
      return db
        .selectFrom('challenge_findings')
        .select(findingColumns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Records the council's response if nobody has changed the finding since `version`. */
    async respond(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      response: { stance: Stance | null; text: string },
      byLabel: string,
    ): Promise<boolean> {
      const result = await db
        .updateTable('challenge_findings')
        .set({
          response_stance: response.stance,
          response_text: response.text,
          response_from_report: false,
          response_updated_at: sql<Date>`now()`,
          response_updated_by_label: byLabel,
          version: sql`version + 1`,
        })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async stageImport(
      db: Db,
      organisationId: string,
      staged: { fileName: string; format: string; reading: JsonObject; byLabel: string },
    ): Promise<string> {
      const row = await db
        .insertInto('challenge_imports')
        .values({
          organisation_id: organisationId,
          file_name: staged.fileName,
          format: staged.format,
          reading: JSON.stringify(staged.reading),
          created_by_label: staged.byLabel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async stagedImport(db: Db, organisationId: string, id: string) {
      return db
        .selectFrom('challenge_imports')
        .select(['id', 'file_name as fileName', 'format', 'reading', 'created_at as createdAt'])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Removes a staged import; false when it was already gone (imported twice at once, say). */
    async removeImport(db: Db, organisationId: string, id: string): Promise<boolean> {
      const result = await db
        .deleteFrom('challenge_imports')
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type ChallengesRepo = ReturnType<typeof createChallengesRepo>;
