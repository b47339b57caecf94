import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { AreaGeometry, AreaShape } from './area-shapes.ts';
import type { Level } from './geography.ts';

export interface AreaRow {
  code: string;
  name: string;
  level: Level;
  parentCode: string | null;
}

export interface DatasetRow {
  id: string;
  title: string;
  tableCode: string | null;
  publisher: string;
  sourceAddress: string | null;
  licence: string;
  attribution: string;
  referenceDate: string | null;
  geographyLevel: string;
  classification: string;
  population: string | null;
  measure: 'count' | 'percent';
  fileName: string;
  version: number;
  supersededBy: string | null;
  importedAt: Date;
  importedByLabel: string;
}

export type NewDataset = Omit<DatasetRow, 'id' | 'supersededBy' | 'importedAt' | 'version'>;

const datasetColumns = [
  'id',
  'title',
  'table_code as tableCode',
  'publisher',
  'source_address as sourceAddress',
  'licence',
  'attribution',
  'reference_date as referenceDate',
  'geography_level as geographyLevel',
  'classification',
  'population',
  'measure',
  'file_name as fileName',
  'version',
  'superseded_by as supersededBy',
  'imported_at as importedAt',
  'imported_by_label as importedByLabel',
] as const;

/** Rows to a statement when writing many: arrays of this length are cheap to send and to unnest. */
const BATCH = 20_000;

export function createCommunitiesRepo() {
  return {
    async areas(db: Db, organisationId: string): Promise<AreaRow[]> {
      return db
        .selectFrom('areas')
        .select(['code', 'name', sql<Level>`level`.as('level'), 'parent_code as parentCode'])
        .where('organisation_id', '=', organisationId)
        .orderBy('level')
        .orderBy('name')
        .execute();
    },

    /**
     * Every area, unordered, for working with in code (checking a file's areas, rolling up). It
     * comes back as one JSON value rather than a row per area: at national scale (a quarter of a
     * million areas) the embedded database's cost per row returned was most of an import.
     */
    async allAreas(db: Db, organisationId: string): Promise<AreaRow[]> {
      const result = await sql<{ areas: string }>`
        select coalesce(json_agg(json_build_array(code, name, level, parent_code))::text, '[]') as areas
          from areas where organisation_id = ${organisationId}`.execute(db);
      return (JSON.parse(result.rows[0]!.areas) as [string, string, Level, string | null][]).map(
        ([code, name, level, parentCode]) => ({ code, name, level, parentCode }),
      );
    },

    async area(db: Db, organisationId: string, code: string): Promise<AreaRow | undefined> {
      return db
        .selectFrom('areas')
        .select(['code', 'name', sql<Level>`level`.as('level'), 'parent_code as parentCode'])
        .where('organisation_id', '=', organisationId)
        .where('code', '=', code)
        .executeTakeFirst();
    },

    async areasNamed(db: Db, organisationId: string, codes: string[]): Promise<AreaRow[]> {
      if (codes.length === 0) return [];
      return db
        .selectFrom('areas')
        .select(['code', 'name', sql<Level>`level`.as('level'), 'parent_code as parentCode'])
        .where('organisation_id', '=', organisationId)
        .where('code', 'in', codes)
        .execute();
    },

    /**
     * Adds areas or renames them, keeping any parent already known unless a new one is given.
     * Rows go as arrays, unnested by the database, 20,000 to a statement: a national file has
     * hundreds of thousands of areas, and one parameter per value would be most of the cost.
     */
    async upsertAreas(db: Db, organisationId: string, areas: AreaRow[]): Promise<void> {
      for (let start = 0; start < areas.length; start += BATCH) {
        const chunk = areas.slice(start, start + BATCH);
        await sql`
          insert into areas (organisation_id, code, name, level, parent_code)
          select ${organisationId}::uuid, code, name, level, parent_code
            from unnest(${chunk.map((a) => a.code)}::text[], ${chunk.map((a) => a.name)}::text[],
                        ${chunk.map((a) => a.level)}::text[], ${chunk.map((a) => a.parentCode)}::text[])
                 as given(code, name, level, parent_code)
          on conflict (organisation_id, code) do update
             set name = excluded.name, level = excluded.level,
                 parent_code = coalesce(excluded.parent_code, areas.parent_code), updated_at = now()`.execute(
          db,
        );
      }
    },

    /**
     * An area, the areas directly within it, and the areas above it (nearest first). The area and
     * its children come in one indexed query; each level above is one more (there are few).
     */
    async neighbourhood(
      db: Db,
      organisationId: string,
      code: string,
    ): Promise<{ area: AreaRow | undefined; ancestors: AreaRow[]; children: AreaRow[] }> {
      const columns = ['code', 'name', sql<Level>`level`.as('level'), 'parent_code as parentCode'] as const;
      const near = await db
        .selectFrom('areas')
        .select(columns)
        .where('organisation_id', '=', organisationId)
        .where((eb) => eb.or([eb('code', '=', code), eb('parent_code', '=', code)]))
        .orderBy('name')
        .execute();
      const area = near.find((row) => row.code === code);
      const ancestors: AreaRow[] = [];
      let next = area?.parentCode ?? null;
      const seen = new Set([code]);
      while (next && !seen.has(next) && ancestors.length < 10) {
        seen.add(next);
        const parent = await db
          .selectFrom('areas')
          .select(columns)
          .where('organisation_id', '=', organisationId)
          .where('code', '=', next)
          .executeTakeFirst();
        if (!parent) break;
        ancestors.push(parent);
        next = parent.parentCode;
      }
      return { area, ancestors, children: near.filter((row) => row.code !== code) };
    },

    async datasets(db: Db, organisationId: string): Promise<DatasetRow[]> {
      return db
        .selectFrom('datasets')
        .select(datasetColumns)
        .where('organisation_id', '=', organisationId)
        .orderBy('imported_at', 'desc')
        .execute() as Promise<DatasetRow[]>;
    },

    async dataset(db: Db, organisationId: string, id: string): Promise<DatasetRow | undefined> {
      return db
        .selectFrom('datasets')
        .select(datasetColumns)
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst() as Promise<DatasetRow | undefined>;
    },

    /** The kinds of area a dataset has figures for (given or rolled up), with how many of each. */
    async levelsOfDataset(
      db: Db,
      organisationId: string,
      datasetId: string,
    ): Promise<{ level: Level; areas: number }[]> {
      const rows = await sql<{ level: Level; areas: number }>`
        select a.level, count(distinct a.code)::int as areas
          from dataset_figures f join areas a on a.organisation_id = f.organisation_id and a.code = f.area_code
         where f.organisation_id = ${organisationId} and f.dataset_id = ${datasetId}
         group by a.level`.execute(db);
      return rows.rows;
    },

    /** A dataset's figures for every area of one kind, with the areas' names. */
    async figuresAtLevel(
      db: Db,
      organisationId: string,
      datasetId: string,
      level: Level,
    ): Promise<{ areaCode: string; areaName: string; category: string; value: number }[]> {
      return db
        .selectFrom('dataset_figures as f')
        .innerJoin('areas as a', (join) =>
          join.onRef('a.organisation_id', '=', 'f.organisation_id').onRef('a.code', '=', 'f.area_code'),
        )
        .select(['f.area_code as areaCode', 'a.name as areaName', 'f.category', 'f.value'])
        .where('f.organisation_id', '=', organisationId)
        .where('f.dataset_id', '=', datasetId)
        .where('a.level', '=', level)
        .orderBy('a.name')
        .execute();
    },

    /** The release a new one supersedes: same table, classification and level, still current. */
    async currentRelease(
      db: Db,
      organisationId: string,
      key: { tableCode: string | null; classification: string; geographyLevel: string },
      areaCodes: string[],
    ): Promise<{ id: string; version: number } | undefined> {
      // Only a release of the same table for some of the same areas is the one a new file
      // replaces: the same table for another place (a partner's district, the real Sussex
      // files beside the demo's made-up one) sits beside it.
      let query = db
        .selectFrom('datasets')
        .select(['id', 'version'])
        .where('organisation_id', '=', organisationId)
        .where('classification', '=', key.classification)
        .where('geography_level', '=', key.geographyLevel)
        .where('superseded_by', 'is', null)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('dataset_figures as f')
              .select(sql`1`.as('one'))
              .whereRef('f.dataset_id', '=', 'datasets.id')
              .where('f.organisation_id', '=', organisationId)
              .where('f.rolled_up', '=', false)
              .where('f.area_code', '=', sql<string>`any(${areaCodes}::text[])`),
          ),
        );
      query =
        key.tableCode === null
          ? query.where('table_code', 'is', null)
          : query.where('table_code', '=', key.tableCode);
      return query.forUpdate().executeTakeFirst();
    },

    async insertDataset(
      db: Db,
      organisationId: string,
      dataset: NewDataset,
      version: number,
    ): Promise<string> {
      const row = await db
        .insertInto('datasets')
        .values({
          organisation_id: organisationId,
          title: dataset.title,
          table_code: dataset.tableCode,
          publisher: dataset.publisher,
          source_address: dataset.sourceAddress,
          licence: dataset.licence,
          attribution: dataset.attribution,
          reference_date: dataset.referenceDate,
          geography_level: dataset.geographyLevel,
          classification: dataset.classification,
          population: dataset.population,
          measure: dataset.measure,
          file_name: dataset.fileName,
          version,
          imported_by_label: dataset.importedByLabel,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async supersede(db: Db, organisationId: string, oldId: string, newId: string): Promise<void> {
      await db
        .updateTable('datasets')
        .set({ superseded_by: newId })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', oldId)
        .execute();
    },

    async insertFigures(
      db: Db,
      organisationId: string,
      datasetId: string,
      figures: { areaCode: string; category: string; value: number; rolledUp: boolean }[],
    ): Promise<void> {
      for (let start = 0; start < figures.length; start += BATCH) {
        const chunk = figures.slice(start, start + BATCH);
        await sql`
          insert into dataset_figures (dataset_id, organisation_id, area_code, category, value, rolled_up)
          select ${datasetId}::uuid, ${organisationId}::uuid, area_code, category, value, rolled_up
            from unnest(${chunk.map((f) => f.areaCode)}::text[], ${chunk.map((f) => f.category)}::text[],
                        ${chunk.map((f) => f.value)}::float8[], ${chunk.map((f) => f.rolledUp)}::bool[])
                 as given(area_code, category, value, rolled_up)`.execute(db);
      }
    },

    /** Each current dataset's figures for these areas (an area and those above it). */
    async figuresFor(
      db: Db,
      organisationId: string,
      areaCodes: string[],
    ): Promise<{ datasetId: string; areaCode: string; category: string; value: number }[]> {
      if (areaCodes.length === 0) return [];
      return db
        .selectFrom('dataset_figures as f')
        .innerJoin('datasets as d', 'd.id', 'f.dataset_id')
        .select(['f.dataset_id as datasetId', 'f.area_code as areaCode', 'f.category', 'f.value'])
        .where('f.organisation_id', '=', organisationId)
        .where('d.superseded_by', 'is', null)
        .where('f.area_code', 'in', areaCodes)
        .execute();
    },

    /** A dataset's figures as imported (not its roll-ups). */
    async givenFigures(
      db: Db,
      organisationId: string,
      datasetId: string,
    ): Promise<{ areaCode: string; category: string; value: number }[]> {
      return db
        .selectFrom('dataset_figures')
        .select(['area_code as areaCode', 'category', 'value'])
        .where('organisation_id', '=', organisationId)
        .where('dataset_id', '=', datasetId)
        .where('rolled_up', '=', false)
        .execute();
    },

    async deleteRollUps(db: Db, organisationId: string, datasetId: string): Promise<void> {
      await db
        .deleteFrom('dataset_figures')
        .where('organisation_id', '=', organisationId)
        .where('dataset_id', '=', datasetId)
        .where('rolled_up', '=', true)
        .execute();
    },

    /** Each custom area's members. */
    async customMembers(db: Db, organisationId: string): Promise<Map<string, string[]>> {
      const rows = await db
        .selectFrom('custom_area_members')
        .select(['area_code as areaCode', 'member_code as memberCode'])
        .where('organisation_id', '=', organisationId)
        .execute();
      const members = new Map<string, string[]>();
      for (const row of rows)
        members.set(row.areaCode, [...(members.get(row.areaCode) ?? []), row.memberCode]);
      return members;
    },

    async addCustomMembers(
      db: Db,
      organisationId: string,
      areaCode: string,
      memberCodes: string[],
    ): Promise<void> {
      await db
        .insertInto('custom_area_members')
        .values(
          memberCodes.map((memberCode) => ({
            organisation_id: organisationId,
            area_code: areaCode,
            member_code: memberCode,
          })),
        )
        .execute();
    },

    /** Outlines from a boundary file, replacing any the areas had. */
    async upsertShapes(db: Db, organisationId: string, shapes: AreaShape[]): Promise<void> {
      for (let start = 0; start < shapes.length; start += 2_000) {
        const chunk = shapes.slice(start, start + 2_000);
        await sql`
          insert into area_shapes (organisation_id, area_code, geometry)
          select ${organisationId}, code, geometry::jsonb
            from unnest(${chunk.map((shape) => shape.code)}::text[], ${chunk.map((shape) => JSON.stringify(shape.geometry))}::text[])
              as given(code, geometry)
          on conflict (organisation_id, area_code)
          do update set geometry = excluded.geometry, imported_at = now()`.execute(db);
      }
    },

    /** Which of these areas have outlines, and when the newest was imported (to know a drawn map is still right). */
    async shapesStamp(
      db: Db,
      organisationId: string,
      codes: string[],
    ): Promise<{ count: number; newest: string | null }> {
      if (codes.length === 0) return { count: 0, newest: null };
      const result = await sql<{ count: number; newest: string | null }>`
        select count(*)::int as count, max(imported_at)::text as newest from area_shapes
         where organisation_id = ${organisationId} and area_code = any(${codes}::text[])`.execute(db);
      return result.rows[0]!;
    },

    /** The outlines of these areas, as one JSON value (a thousand rows of JSON cost more one by one). */
    async shapes(db: Db, organisationId: string, codes: string[]): Promise<AreaShape[]> {
      if (codes.length === 0) return [];
      const result = await sql<{ shapes: string }>`
        select coalesce(json_agg(json_build_array(area_code, geometry))::text, '[]') as shapes from area_shapes
         where organisation_id = ${organisationId} and area_code = any(${codes}::text[])`.execute(db);
      return (JSON.parse(result.rows[0]!.shapes) as [string, AreaGeometry][]).map(([code, geometry]) => ({
        code,
        geometry,
      }));
    },

    /**
     * A stamp that changes whenever anything a map or profile is worked out from does: datasets
     * imported or superseded, areas added or moved, outlines, custom areas, the disclosure policy.
     * One cheap query, so a page can keep what it worked out and know when to work it out again.
     */
    async dataStamp(db: Db, organisationId: string): Promise<string> {
      const result = await sql<{ stamp: string }>`
        select concat_ws('|',
          (select count(*) || ':' || count(superseded_by) || ':' || coalesce(max(imported_at)::text, '') from datasets where organisation_id = ${organisationId}),
          (select count(*) || ':' || coalesce(max(updated_at)::text, '') from areas where organisation_id = ${organisationId}),
          (select count(*) || ':' || coalesce(max(imported_at)::text, '') from area_shapes where organisation_id = ${organisationId}),
          (select count(*) from custom_area_members where organisation_id = ${organisationId}),
          (select disclosure_policy from organisations where id = ${organisationId})) as stamp`.execute(db);
      return result.rows[0]!.stamp;
    },

    /** The kinds of area that have outlines, with how many of each. */
    async shapeLevels(db: Db, organisationId: string): Promise<{ level: Level; areas: number }[]> {
      const result = await sql<{ level: Level; areas: number }>`
        select a.level, count(*)::int as areas from area_shapes s
          join areas a on a.organisation_id = s.organisation_id and a.code = s.area_code
         where s.organisation_id = ${organisationId} group by a.level`.execute(db);
      return result.rows;
    },

    /** A dataset's figures (given and rolled up) for these areas. */
    async figuresOfAreas(
      db: Db,
      organisationId: string,
      datasetId: string,
      areaCodes: string[],
    ): Promise<{ areaCode: string; category: string; value: number }[]> {
      if (areaCodes.length === 0) return [];
      return db
        .selectFrom('dataset_figures')
        .select(['area_code as areaCode', 'category', 'value'])
        .where('organisation_id', '=', organisationId)
        .where('dataset_id', '=', datasetId)
        .where('area_code', 'in', areaCodes)
        .execute();
    },

    async insertUpload(
      db: Db,
      organisationId: string,
      upload: { fileName: string; content: string; metadata: { fileName: string; content: string } | null },
    ): Promise<string> {
      const row = await db
        .insertInto('dataset_uploads')
        .values({
          organisation_id: organisationId,
          file_name: upload.fileName,
          content: upload.content,
          metadata: upload.metadata?.content ?? null,
          metadata_file_name: upload.metadata?.fileName ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async upload(
      db: Db,
      organisationId: string,
      id: string,
    ): Promise<
      | {
          fileName: string;
          content: string;
          metadata: string | null;
          metadataFileName: string | null;
          importedAt: Date | null;
        }
      | undefined
    > {
      return db
        .selectFrom('dataset_uploads')
        .select([
          'file_name as fileName',
          'content',
          'metadata',
          'metadata_file_name as metadataFileName',
          'imported_at as importedAt',
        ])
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .executeTakeFirst();
    },

    /** Marks an upload imported; false if it already was (a second click, or another tab). */
    async markImported(db: Db, organisationId: string, id: string, at: Date): Promise<boolean> {
      const result = await db
        .updateTable('dataset_uploads')
        .set({ imported_at: at })
        .where('organisation_id', '=', organisationId)
        .where('id', '=', id)
        .where('imported_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async disclosurePolicy(db: Db, organisationId: string): Promise<string> {
      const row = await db
        .selectFrom('organisations')
        .select('disclosure_policy')
        .where('id', '=', organisationId)
        .executeTakeFirstOrThrow();
      return row.disclosure_policy;
    },
  };
}

export type CommunitiesRepo = ReturnType<typeof createCommunitiesRepo>;
