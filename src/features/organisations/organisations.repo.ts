import type { Db } from '../../db/connect.ts';
import type { Organisation } from '../../db/schema.ts';

export function createOrganisationsRepo() {
  return {
    async insert(db: Db, values: { name: string; slug: string }): Promise<Organisation> {
      return db.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
    },

    async findById(db: Db, id: string): Promise<Organisation | undefined> {
      return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findBySlug(db: Db, slug: string): Promise<Organisation | undefined> {
      return db.selectFrom('organisations').selectAll().where('slug', '=', slug).executeTakeFirst();
    },

    async list(db: Db): Promise<Organisation[]> {
      return db.selectFrom('organisations').selectAll().orderBy('name').execute();
    },

    /** Applies the change only if nobody saved since `version`; returns undefined when they did. */
    async updateIfVersion(
      db: Db,
      id: string,
      version: number,
      values: { name: string; brand_colour: string | null },
      at: Date,
    ): Promise<Organisation | undefined> {
      return db
        .updateTable('organisations')
        .set({ ...values, updated_at: at, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
    },
  };
}

export type OrganisationsRepo = ReturnType<typeof createOrganisationsRepo>;
