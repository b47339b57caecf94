import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/database.ts';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { testConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { createServices, type Services } from '../../services.ts';
import type { RuleError } from '../../platform/http-errors.ts';
import { DatasetProblemsError } from './communities.service.ts';

let database: DatabaseHandle;
let services: Services;
let org: TestOrganisation;
const actor = { userId: null, label: 'Test' };
const read = (relative: string) => fs.readFileSync(sharedFile(relative), 'utf8');
const LSOA_FILE = 'data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv';

beforeAll(async () => {
  database = await createTestDatabase();
  services = createServices(database.db, testConfig());
  org = await createTestOrganisation(database.db, services, 'communities');
});
afterAll(() => database.close());

describe('importing community data', () => {
  it('takes the Sussex authorities from their boundaries and the LSOA ethnic groups from Nomis, rolled up to each authority', async () => {
    const authorities = await services.communities.importBoundaries(
      actor,
      org.organisation.id,
      'sussex_ltla_2022.geojson',
      read('data/boundaries/sussex_ltla_2022.geojson'),
    );
    expect(authorities.areas).toBe(13);
    const preview = await services.communities.previewDataset(
      org.organisation.id,
      'ts021.csv',
      read(LSOA_FILE),
    );
    expect(preview).toMatchObject({
      format: 'nomis',
      level: 'lsoa',
      areaCount: 1029,
      newAreas: 1029,
      problems: [],
    });
    expect(preview.tables).toMatchObject([
      { tableCode: 'TS021', classification: { id: 'ethnic-group-5' }, measure: 'count', areaCount: 1029 },
    ]);
    const result = await services.communities.importDataset(
      actor,
      org.organisation.id,
      'ts021.csv',
      read(LSOA_FILE),
    );
    expect(result).toMatchObject({ datasets: [{ version: 1 }], areas: 1029, rolledUpAreas: 13 });
  });

  it('agrees, authority by authority, with ONS’s own percentages in the census quiz file within 0.1 points', async () => {
    const quiz = parse(read('data/census/lad/ons-census-quiz-lad-2021.csv'), { columns: true }) as Record<
      string,
      string
    >[];
    const authorities = (await services.communities.areas(org.organisation.id)).filter(
      (area) => area.level === 'lad',
    );
    expect(authorities).toHaveLength(13);
    for (const authority of authorities) {
      const profile = await services.communities.profile(org.organisation.id, authority.code);
      const section = profile.sections[0]!;
      const ons = quiz.find((row) => row.code === authority.code)!;
      for (const group of ['asian', 'black', 'mixed', 'white'] as const) {
        const ours = 100 * section.rows.find((row) => row.code === group)!.share!;
        expect(
          Math.abs(ours - Number(ons[`ethnicity_${group}_perc`])),
          `${authority.name} ${group}`,
        ).toBeLessThanOrEqual(0.1);
      }
    }
  });

  it('keeps roll-ups equal to an independent sum in SQL of the imported LSOA rows', async () => {
    const independent = await sql<{ lad: string; category: string; total: number }>`
      select a.parent_code as lad, f.category, sum(f.value)::int as total
        from dataset_figures f join areas a on a.organisation_id = f.organisation_id and a.code = f.area_code
       where f.organisation_id = ${org.organisation.id} and not f.rolled_up and a.level = 'lsoa'
       group by a.parent_code, f.category`.execute(database.db);
    const rolled = await sql<{ lad: string; category: string; total: number }>`
      select area_code as lad, category, value as total from dataset_figures
       where organisation_id = ${org.organisation.id} and rolled_up`.execute(database.db);
    const key = (row: { lad: string; category: string; total: number }) =>
      `${row.lad}|${row.category}|${row.total}`;
    expect(rolled.rows.map(key).sort()).toEqual(independent.rows.map(key).sort());
    expect(rolled.rows).toHaveLength(13 * 5);
  });

  it('supersedes an older release of the same table without deleting it', async () => {
    const again = await services.communities.importDataset(
      actor,
      org.organisation.id,
      'ts021-again.csv',
      read(LSOA_FILE),
    );
    expect(again.datasets.map((one) => [one.version, one.replaced])).toEqual([[2, 1]]);
    const datasets = await services.communities.datasets(org.organisation.id);
    expect(datasets.map((d) => [d.version, d.supersededBy === null])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('keeps the same table for other areas beside it, superseding only a release for some of the same areas', async () => {
    const elsewhere = await createTestOrganisation(database.db, services, 'communities-elsewhere');
    const { demoEthnicGroupFile } = await import('../../demo/demo-communities.ts');
    await services.communities.importDataset(
      actor,
      elsewhere.organisation.id,
      'demo-ts021.csv',
      demoEthnicGroupFile(),
    );
    const sussex = await services.communities.importDataset(
      actor,
      elsewhere.organisation.id,
      'ts021.csv',
      read(LSOA_FILE),
    );
    expect(sussex.datasets.map((one) => one.replaced)).toEqual([null]);
    const datasets = await services.communities.datasets(elsewhere.organisation.id);
    expect(datasets.filter((d) => d.supersededBy === null)).toHaveLength(2);
    expect(
      (await services.communities.profile(elsewhere.organisation.id, 'E01990001')).sections,
    ).toHaveLength(1);
  });

  it('refuses a file with problems, keeping nothing, and lists every problem with its line', async () => {
    const broken = [
      'TS021 - Ethnic group',
      'Date       :,2021',
      'Area,Total: All usual residents,%,White,%,Martian,%',
      'E01016924 : Brighton and Hove 001A,100,100,60,60,30,30',
      'E0X : Nowhere,10,100,5,50,5,50',
    ].join('\n');
    const before = await services.communities.datasets(org.organisation.id);
    const error = await services.communities
      .importDataset(actor, org.organisation.id, 'broken.csv', broken)
      .catch((e) => e);
    expect(error).toBeInstanceOf(DatasetProblemsError);
    expect((error as DatasetProblemsError).problems.map((p) => p.message)).toEqual([
      'The categories “White”, “Martian” are not one classification Equalis knows',
      'E01016924: the parts add up to 90, but the total says 100',
      'E0X is not a GSS area code Equalis knows',
    ]);
    expect((error as DatasetProblemsError).problems.map((p) => p.line)).toEqual([1, 4, 5]);
    expect(await services.communities.datasets(org.organisation.id)).toHaveLength(before.length);
  });

  it('imports an ONS custom dataset (sexual orientation), so a profile shows it beside ethnic group', async () => {
    const text = read('data/census/lad/sogi/ltla_sexual_ethnic_group.csv');
    const preview = await services.communities.previewDataset(org.organisation.id, 'sogi.csv', text);
    expect(preview).toMatchObject({
      format: 'ons-custom',
      level: 'lad',
      areaCount: 331,
      newAreas: 318,
      problems: [],
    });
    expect(preview.tables.map((table) => table.classification.id)).toEqual([
      'sexual-orientation-6',
      'ethnic-group-8',
    ]);
    await services.communities.importDataset(actor, org.organisation.id, 'sogi.csv', text);
    const profile = await services.communities.profile(org.organisation.id, 'E07000223');
    const sexualOrientation = profile.sections.find(
      (section) => section.classification.id === 'sexual-orientation-6',
    )!;
    expect(sexualOrientation.dataset.publisher).toBe('Office for National Statistics');
    const straight = sexualOrientation.rows.find((row) => row.code === 'straight')!.share!;
    expect(straight).toBeGreaterThan(0.85);
    expect(straight).toBeLessThan(0.95);
  });

  it('imports the census quiz file as percentages, which Equalis’s own roll-ups of the LSOA counts agree with', async () => {
    const text = read('data/census/lad/ons-census-quiz-lad-2021.csv');
    const result = await services.communities.importDataset(actor, org.organisation.id, 'quiz.csv', text);
    expect(result.datasets).toHaveLength(4);
    expect(result.rolledUpAreas).toBe(0);
    const all = await services.communities.areas(org.organisation.id);
    expect(all.filter((area) => area.level === 'lad')).toHaveLength(331);
    // The 13 Sussex authorities, which have LSOAs (and so counts) within them.
    const authorities = all.filter((area) => all.some((lsoa) => lsoa.parentCode === area.code));
    expect(authorities).toHaveLength(13);
    for (const authority of authorities) {
      const profile = await services.communities.profile(org.organisation.id, authority.code);
      const ethnic = profile.sections.filter((section) => section.classification.id === 'ethnic-group-5');
      const counted = ethnic.find((section) => section.measure === 'count')!;
      const published = ethnic.find((section) => section.measure === 'percent')!;
      expect(published.comparator?.name).toBe('England');
      for (const group of ['asian', 'black', 'mixed', 'white']) {
        const ours = counted.rows.find((row) => row.code === group)!.share!;
        const theirs = published.rows.find((row) => row.code === group)!.share!;
        expect(Math.abs(ours - theirs) * 100, `${authority.name} ${group}`).toBeLessThanOrEqual(0.1);
      }
      // The quiz file has no “Other ethnic group” column: it is shown as not in the file, not made up.
      expect(published.rows.find((row) => row.code === 'other')!.share).toBeNull();
    }
  });

  it('imports the Sussex numerator JSON as four datasets, rolled up to each authority', async () => {
    const text = read('data/census/sussex/sussex_lsoa_disability_health_care.json');
    const result = await services.communities.importDataset(actor, org.organisation.id, 'health.json', text);
    expect(result).toMatchObject({ areas: 1029, rolledUpAreas: 13 });
    // The JSON gives codes only: the LSOAs keep the names an earlier file gave them.
    const areas = await services.communities.areas(org.organisation.id);
    expect(areas.find((area) => area.code === 'E01031349')?.name).toBe('Adur 001A');
    expect(result.datasets.map((one) => one.title)).toContain(
      'Disability under the Equality Act, Census 2021',
    );
    const profile = await services.communities.profile(org.organisation.id, 'E07000223');
    const disability = profile.sections.find((section) => section.classification.id === 'disability-ea-2')!;
    const records = (
      JSON.parse(text) as { LSOA21CD: string; Topic: string; Numerator: number; Denominator: number }[]
    ).filter((record) => record.Topic === 'Disability');
    const adurLsoas = new Set(
      (await services.communities.areas(org.organisation.id))
        .filter((area) => area.parentCode === 'E07000223')
        .map((area) => area.code),
    );
    const adur = records.filter((record) => adurLsoas.has(record.LSOA21CD));
    const share = adur.reduce((s, r) => s + r.Numerator, 0) / adur.reduce((s, r) => s + r.Denominator, 0);
    expect(Math.abs(disability.rows.find((row) => row.code === 'disabled')!.share! - share)).toBeLessThan(
      0.001,
    );
  });

  it('takes an area lookup after the data, and rolls every dataset up through it again', async () => {
    const other = await createTestOrganisation(database.db, services, 'communities-lookup');
    const lines = read('data/census/oa/ts008_sex_oa_2021_ew.csv').split(/\r?\n/).slice(0, 501);
    await services.communities.importDataset(
      actor,
      other.organisation.id,
      'ts008.csv',
      lines.join('\n'),
      undefined,
      {
        metadata: read('data/census/oa/ts008_metadata.csv'),
      },
    );
    // A made-up lookup in ONS's layout: every 5 Output Areas make an LSOA, every 20 LSOAs an authority.
    const oas = lines.slice(1).map((line) => line.split(',')[0]!);
    const lsoaOf = (index: number) => `E0190${String(Math.floor(index / 5)).padStart(4, '0')}`;
    const ladOf = (index: number) => `E0699${String(Math.floor(index / 100)).padStart(4, '0')}`;
    const lookup = [
      'OA21CD,LSOA21CD,LSOA21NM,LAD22CD,LAD22NM',
      ...oas.map(
        (oa, i) => `${oa},${lsoaOf(i)},Made-up ${lsoaOf(i)},${ladOf(i)},Made-up authority ${ladOf(i)}`,
      ),
    ];
    const linked = await services.communities.importLookup(
      actor,
      other.organisation.id,
      'lookup.csv',
      lookup.join('\n'),
    );
    expect(linked).toMatchObject({ areas: 500 + 100 + 5, datasetsRolledUp: 1 });
    const rolled = await sql<{ area: string; category: string; value: number }>`
      select area_code as area, category, value from dataset_figures
       where organisation_id = ${other.organisation.id} and rolled_up and area_code like 'E0699%'`.execute(
      database.db,
    );
    // Independently: add the file's own columns up by the lookup, here in the test.
    const expected = new Map<string, number>();
    lines.slice(1).forEach((line, i) => {
      const [, , female, male] = line.split(',').map(Number);
      expected.set(`${ladOf(i)}|female`, (expected.get(`${ladOf(i)}|female`) ?? 0) + female!);
      expected.set(`${ladOf(i)}|male`, (expected.get(`${ladOf(i)}|male`) ?? 0) + male!);
    });
    expect(new Map(rolled.rows.map((row) => [`${row.area}|${row.category}`, row.value]))).toEqual(expected);
    const audit = await sql<{
      action: string;
    }>`select action from audit_events where organisation_id = ${other.organisation.id} order by occurred_at`.execute(
      database.db,
    );
    expect(audit.rows.map((row) => row.action).slice(-2)).toEqual([
      'dataset.imported',
      'areas.lookup_imported',
    ]);
  });

  it('makes a custom area from a list of LSOAs, whose figures are the sums of theirs, and keeps them on re-import', async () => {
    const members = ['E01031349', 'E01031350', 'E01031351', 'E01031352'];
    const made = await services.communities.createCustomArea(actor, org.organisation.id, {
      name: 'Estate partnership area',
      codes: `${members.slice(0, 2).join(', ')}\n${members.slice(2).join(' ')}\n${members[0]}`,
    });
    expect(made).toEqual({ code: 'C00000001', members: 4 });
    const independent = async () =>
      (
        await sql<{ category: string; total: number }>`
          select f.category, sum(f.value)::int as total from dataset_figures f join datasets d on d.id = f.dataset_id
           where f.organisation_id = ${org.organisation.id} and d.superseded_by is null and d.table_code = 'TS021'
             and f.area_code in (${sql.join(members)}) group by f.category order by f.category`.execute(
          database.db,
        )
      ).rows;
    const profile = await services.communities.profile(org.organisation.id, made.code);
    expect(profile.area).toMatchObject({ level: 'custom', parentCode: 'E07000223' });
    const ethnic = profile.sections.find((section) => section.dataset.tableCode === 'TS021')!;
    const ours = (
      await sql<{ category: string; value: number }>`
      select f.category, f.value from dataset_figures f join datasets d on d.id = f.dataset_id
       where f.organisation_id = ${org.organisation.id} and d.superseded_by is null and d.table_code = 'TS021'
         and f.area_code = ${made.code} order by f.category`.execute(database.db)
    ).rows;
    expect(ours.map((row) => [row.category, row.value])).toEqual(
      (await independent()).map((row) => [row.category, row.total]),
    );
    expect(ethnic.comparator?.name).toBe('Adur');
    // A newer release of the table is rolled up to the custom area too.
    await services.communities.importDataset(actor, org.organisation.id, 'ts021-v3.csv', read(LSOA_FILE));
    const again = await services.communities.profile(org.organisation.id, made.code);
    expect(again.sections.find((section) => section.dataset.tableCode === 'TS021')!.dataset.version).toBe(3);
    expect(
      (await services.communities.customMembers(org.organisation.id, made.code))
        .map((area) => area.code)
        .sort(),
    ).toEqual(members);
  });

  it('refuses a custom area with no name, unknown codes, or areas of several kinds', async () => {
    const make = (name: string, codes: string) =>
      services.communities
        .createCustomArea(actor, org.organisation.id, { name, codes })
        .catch((error: RuleError) => error);
    expect(await make('', 'E01031349')).toMatchObject({
      field: 'name',
      message: 'communities.custom.errors.nameRequired',
    });
    expect(await make('X', ' , ')).toMatchObject({
      field: 'codes',
      message: 'communities.custom.errors.codesRequired',
    });
    expect(await make('X', 'E01031349 E01999999')).toMatchObject({
      field: 'codes',
      message: 'communities.custom.errors.unknownCodes',
      values: { count: 1, codes: 'E01999999' },
    });
    expect(await make('X', 'E01031349 E07000223')).toMatchObject({
      message: 'communities.custom.errors.oneLevel',
    });
    expect(await make('X', 'C00000001')).toMatchObject({
      message: 'communities.custom.errors.noCustomMembers',
    });
  });

  it('keeps one organisation’s areas and figures from another', async () => {
    const other = await createTestOrganisation(database.db, services, 'communities-other');
    expect(await services.communities.areas(other.organisation.id)).toEqual([]);
    await expect(services.communities.profile(other.organisation.id, 'E07000223')).rejects.toThrow();
  });
});

describe('deleting', () => {
  it('removes a deleted dataset’s figures with it, and an organisation’s with the organisation', async () => {
    const gone = await createTestOrganisation(database.db, services, 'communities-deleted');
    await services.communities.importBoundaries(
      actor,
      gone.organisation.id,
      'ltla.geojson',
      read('data/boundaries/sussex_ltla_2022.geojson'),
    );
    await services.communities.importDataset(actor, gone.organisation.id, 'ts021.csv', read(LSOA_FILE));
    const figures = () =>
      sql<{
        n: number;
      }>`select count(*)::int as n from dataset_figures where organisation_id = ${gone.organisation.id}`
        .execute(database.db)
        .then((result) => result.rows[0]!.n);
    expect(await figures()).toBe((1029 + 13) * 5);
    await sql`delete from organisations where id = ${gone.organisation.id}`.execute(database.db);
    expect(await figures()).toBe(0);
  });
});

describe('a file someone sends', () => {
  it('is read off the main thread, and one it cannot read at all is refused with a clear message', async () => {
    const other = await createTestOrganisation(database.db, services, 'communities-hostile');
    await expect(
      services.communities.previewDataset(
        other.organisation.id,
        'notes.txt',
        'Just some notes about the census',
      ),
    ).rejects.toMatchObject({ message: 'communities.errors.unknownFormat' });
    const boundaries = await services.communities
      .importBoundaries(actor, other.organisation.id, 'deep.geojson', `${'['.repeat(200_000)}`)
      .catch((error: DatasetProblemsError) => error);
    expect((boundaries as DatasetProblemsError).problems[0]!.message).toMatch(/not a JSON file/);
    expect(await services.communities.areas(other.organisation.id)).toEqual([]);
  });
});
