import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';

export interface CatalogueEntry {
  id: string;
  title: string;
  service: string;
  owner: string;
  characteristics: string[];
  geography: string | null;
  frequency: string | null;
  location: string | null;
  legalBasis: string | null;
  retention: string | null;
  version: number;
  updatedAt: Date;
}

export type CatalogueValues = Omit<CatalogueEntry, 'id' | 'version' | 'updatedAt'>;

const columns = [
  'id',
  'title',
  'service',
  'owner',
  'characteristics',
  'geography',
  'frequency',
  'location',
  'legal_basis as legalBasis',
  'retention',
  'version',
  'updated_at as updatedAt',
] as const;

function row(values: CatalogueValues) {
  return {
    title: values.title,
    service: values.service,
    owner: values.owner,
    characteristics: values.characteristics,
    geography: values.geography,
    frequency: values.frequency,
    location: values.location,
    legal_basis: values.legalBasis,
    retention: values.retention,
  };
}

export function createDataCatalogueRepo() {
  return {
    list: (db: Db, organisationId: string): Promise<CatalogueEntry[]> =>
      db
        .selectFrom('data_catalogue')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .orderBy('service')
        .orderBy('title')
        .execute(),

    find: (db: Db, organisationId: string, id: string): Promise<CatalogueEntry | undefined> =>
      db
        .selectFrom('data_catalogue')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst(),

    async insert(db: Db, organisationId: string, values: CatalogueValues): Promise<string> {
      const inserted = await db
        .insertInto('data_catalogue')
        .values({ organisation_id: organisationId, ...row(values) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return inserted.id;
    },

    /** Saves only if nobody else has since (optimistic locking); false when the version moved on. */
    async updateIfVersion(
      db: Db,
      organisationId: string,
      id: string,
      version: number,
      values: CatalogueValues,
    ): Promise<boolean> {
      const result = await db
        .updateTable('data_catalogue')
        .set({ ...row(values), version: sql`version + 1`, updated_at: sql`now()` })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type DataCatalogueRepo = ReturnType<typeof createDataCatalogueRepo>;
