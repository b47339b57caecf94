import type { Db } from '../../db/connect.ts';

export interface StoredDefinition {
  frameworkId: string;
  frameworkVersion: string;
  definition: unknown;
  importedByLabel: string;
  createdAt: Date;
}

export function createFrameworksRepo() {
  return {
    list: (db: Db, organisationId: string): Promise<StoredDefinition[]> =>
      db
        .selectFrom('framework_definitions')
        .select([
          'framework_id as frameworkId',
          'framework_version as frameworkVersion',
          'definition',
          'imported_by_label as importedByLabel',
          'created_at as createdAt',
        ])
        .where('organisation_id', '=', organisationId)
        .orderBy('framework_id')
        .orderBy('framework_version')
        .execute(),

    async insert(
      db: Db,
      organisationId: string,
      values: { frameworkId: string; version: string; definition: unknown; importedByLabel: string },
    ): Promise<void> {
      await db
        .insertInto('framework_definitions')
        .values({
          organisation_id: organisationId,
          framework_id: values.frameworkId,
          framework_version: values.version,
          definition: JSON.stringify(values.definition),
          imported_by_label: values.importedByLabel,
        })
        .execute();
    },

    /** How many assessments were started against each definition key. */
    async assessmentCounts(db: Db, organisationId: string): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('assessments')
        .select(['framework_key as key', (eb) => eb.fn.countAll<number>().as('count')])
        .where('organisation_id', '=', organisationId)
        .groupBy('framework_key')
        .execute();
      return new Map(rows.map((row) => [row.key, Number(row.count)]));
    },
  };
}

export type FrameworksRepo = ReturnType<typeof createFrameworksRepo>;
