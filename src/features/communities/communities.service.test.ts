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
      tableCode: 'TS021',
      level: 'lsoa',
      areaCount: 1029,
      newAreas: 1029,
      problems: [],
    });
    expect(preview.classification?.id).toBe('ethnic-group-5');
    const result = await services.communities.importDataset(
      actor,
      org.organisation.id,
      'ts021.csv',
      read(LSOA_FILE),
    );
    expect(result).toMatchObject({ version: 1, areas: 1029, rolledUpAreas: 13 });
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
    expect(again.version).toBe(2);
    const datasets = await services.communities.datasets(org.organisation.id);
    expect(datasets.map((d) => [d.version, d.supersededBy === null])).toEqual([
      [2, true],
      [1, false],
    ]);
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
      format: 'ONS custom dataset',
      level: 'lad',
      areaCount: 331,
      newAreas: 318,
      problems: [],
    });
    await services.communities.importDataset(actor, org.organisation.id, 'sogi.csv', text);
    const profile = await services.communities.profile(org.organisation.id, 'E07000223');
    const sexualOrientation = profile.sections.find(
      (section) => section.classification.id === 'sexual-orientation-6',
    )!;
    expect(sexualOrientation.dataset.publisher).toBe('Not stated in the file');
    const straight = sexualOrientation.rows.find((row) => row.code === 'straight')!.share!;
    expect(straight).toBeGreaterThan(0.85);
    expect(straight).toBeLessThan(0.95);
  });

  it('keeps one organisation’s areas and figures from another', async () => {
    const other = await createTestOrganisation(database.db, services, 'communities-other');
    expect(await services.communities.areas(other.organisation.id)).toEqual([]);
    await expect(services.communities.profile(other.organisation.id, 'E07000223')).rejects.toThrow();
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
