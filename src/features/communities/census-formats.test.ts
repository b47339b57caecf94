import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { readAreaLookup } from './area-lookup.ts';
import {
  ETHNIC_2011_TO_2021,
  ETHNIC_2021_COMPARABLE,
  classificationById,
  mapCounts,
} from './classifications.ts';
import { formatOf, readCommunityFile } from './community-files.ts';
import { checkDatasetFile } from './dataset-checks.ts';
import type { DatasetTable } from './dataset-table.ts';
import { readOnsBulkCsv, tableCodeIn } from './ons-bulk-csv.ts';
import { readWidePercentages } from './wide-percentages.ts';
import { readNumeratorJson } from './numerator-json.ts';

const read = (relative: string) => fs.readFileSync(sharedFile(relative), 'utf8');
const sum = (values: (number | null)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);

function tablesOf(text: string, options = {}): DatasetTable[] {
  const file = readCommunityFile(text, options);
  if (file.kind !== 'dataset') throw new Error(`read as ${file.kind}`);
  return file.tables;
}

describe('the census quiz file: percentages per local authority', () => {
  const text = read('data/census/lad/ons-census-quiz-lad-2021.csv');

  it('keeps the protected characteristics as percentage tables and names the topics it leaves out', () => {
    expect(formatOf(text)).toBe('percentages');
    const checked = checkDatasetFile(readWidePercentages(text));
    expect(checked.problems).toEqual([]);
    expect(checked.tables.map((table) => [table.classification.id, table.measure])).toEqual([
      ['age-8-from-15', 'percent'],
      ['ethnic-group-5', 'percent'],
      ['sex', 'percent'],
      ['religion-10', 'percent'],
    ]);
    expect(checked.notes.join(' ')).toMatch(/Left out.*Marital.*Nationality/);
    // 331 authorities, plus England, Wales, and England and Wales to compare with.
    expect(checked.areas).toHaveLength(334);
    expect(checked.tables[0]!.level).toBe('lad');
  });

  it('reads each figure exactly as the file gives it', () => {
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    const ethnicity = checkDatasetFile(readWidePercentages(text)).tables.find(
      (table) => table.classification.id === 'ethnic-group-5',
    )!;
    for (const row of rows.slice(0, 40))
      expect(
        ethnicity.figures.find((figure) => figure.areaCode === row.code && figure.category === 'asian')!
          .value,
      ).toBe(Number(row.ethnicity_asian_perc));
  });

  it('refuses percentages that are not percentages, or that add up to more than 100', () => {
    const bad = checkDatasetFile(
      readWidePercentages(
        'code,name,sex_female_perc,sex_male_perc,ethnicity_white_perc,ethnicity_asian_perc\nE06000001,Hartlepool,51,49,90,15\nE06000002,Middlesbrough,x,49,80,10\n',
      ),
    );
    expect(bad.problems).toEqual([
      { line: 2, message: 'E06000001: the percentages add up to 105, not 100' },
      { line: 3, message: 'E06000002: “sex_female_perc” is not a percentage from 0 to 100' },
    ]);
  });
});

describe('the national Output Area file with its metadata table', () => {
  const text = read('data/census/oa/ts008_sex_oa_2021_ew.csv');
  const metadata = read('data/census/oa/ts008_metadata.csv');

  it('names the coded columns from the metadata and reads all 188,880 Output Areas', () => {
    const tables = tablesOf(text, { metadata, fileName: 'ts008_sex_oa_2021_ew.csv' });
    expect(tables).toHaveLength(1);
    const [sex] = tables;
    expect(sex).toMatchObject({ tableCode: 'TS008', tableTitle: 'Sex', totalLabel: 'All persons' });
    expect(sex!.categories).toEqual(['Female', 'Male']);
    expect(sex!.rows).toHaveLength(188_880);
    const checked = checkDatasetFile(tables);
    expect(checked.problems).toEqual([]);
    expect(checked.tables[0]).toMatchObject({ level: 'oa', classification: { id: 'sex' } });
    // Independently: the file's own total column against the sum of female and male.
    const independent = text
      .split(/\r?\n/)
      .slice(1)
      .filter(Boolean)
      .reduce((total, line) => total + Number(line.split(',')[1]), 0);
    expect(sum(sex!.rows.map((row) => sum(row.values)))).toBe(independent);
  });

  it('says clearly when the coded headings come without their metadata, or the metadata does not fit', () => {
    const alone = checkDatasetFile(tablesOf(text.slice(0, 2000), { format: 'coded-with-metadata' }));
    expect(alone.problems[0]!.message).toMatch(/coded headings need their metadata file/);
    const wrong = checkDatasetFile(tablesOf(text.slice(0, 2000), { metadata: 'a,b\nc,d\n' }));
    expect(wrong.problems[0]!.message).toMatch(/no column of it names the data file’s column headings/);
  });
});

describe('the ONS bulk download layout', () => {
  // Built from ONS's documented layout for census2021-ts021-ltla.csv: date, geography, geography
  // code, then "Ethnic group: …" columns, the broad groups and, under each, the detailed ones.
  const detailed = classificationById('ethnic-group-20')!.categories;
  const broad = classificationById('ethnic-group-5')!.categories;
  function bulkFile(rows: { code: string; name: string; counts: number[] }[]): string {
    const headings = [
      'date',
      'geography',
      'geography code',
      'Ethnic group: Total: All usual residents',
      ...broad.map((group) => `Ethnic group: ${group.label}`),
      ...detailed.map((group) => `Ethnic group: ${group.label}`),
    ];
    const lines = rows.map((row) => {
      const byBroad = broad.map((group) =>
        detailed.reduce(
          (total, one, index) => total + (one.code.startsWith(`${group.code}_`) ? row.counts[index]! : 0),
          0,
        ),
      );
      return [2021, `"${row.name}"`, row.code, sum(row.counts), ...byBroad, ...row.counts].join(',');
    });
    return [headings.map((h) => `"${h}"`).join(','), ...lines].join('\n');
  }

  it('gives a table of the broad groups and one of the detailed groups, from the same counts', () => {
    const counts = detailed.map((_, index) => 10 + index * 3);
    const text = bulkFile([
      { code: 'E06000001', name: 'Hartlepool', counts },
      { code: 'E06000002', name: 'Middlesbrough, Teesside', counts: counts.map((n) => n * 2) },
    ]);
    expect(formatOf(text)).toBe('ons-bulk');
    expect(tableCodeIn('census2021-ts021-ltla.csv')).toBe('TS021');
    const checked = checkDatasetFile(readOnsBulkCsv(text, { fileName: 'census2021-ts021-ltla.csv' }));
    expect(checked.problems).toEqual([]);
    expect(checked.tables.map((table) => table.classification.id)).toEqual([
      'ethnic-group-5',
      'ethnic-group-20',
    ]);
    expect(
      checked.tables.every((table) => table.table.tableCode === 'TS021' && table.table.date === '2021'),
    ).toBe(true);
    expect(checked.areas.map((area) => area.name)).toEqual(['Hartlepool', 'Middlesbrough, Teesside']);
    const total = (id: string) =>
      sum(
        checked.tables.find((table) => table.classification.id === id)!.figures.map((figure) => figure.value),
      );
    expect(total('ethnic-group-5')).toBe(total('ethnic-group-20'));
  });

  it('finds a total that does not match its parts, and a cell that is not a count', () => {
    const counts = detailed.map(() => 5);
    const text = bulkFile([{ code: 'E06000001', name: 'Hartlepool', counts }])
      .replace(',95,', ',99,')
      .concat('\n2021,Nowhere,E06000009,1,x');
    const problems = checkDatasetFile(readOnsBulkCsv(text)).problems.map((problem) => problem.message);
    expect(problems).toContain('E06000001: the parts add up to 95, but the total says 99');
    expect(problems.some((message) => /^E06000009: .* not a count$/.test(message))).toBe(true);
  });
});

describe('long JSON of numerators and denominators (the Sussex disability, health and care file)', () => {
  const text = read('data/census/sussex/sussex_lsoa_disability_health_care.json');

  it('gives a table per topic, working out “not disabled” from the denominator', () => {
    expect(formatOf(text)).toBe('numerator-json');
    const checked = checkDatasetFile(readNumeratorJson(text));
    expect(checked.problems).toEqual([]);
    expect(checked.tables.map((table) => [table.classification.id, table.derivedCategory])).toEqual([
      ['disability-ea-2', 'not_disabled'],
      ['general-health-3', null],
      ['unpaid-care-3', null],
      ['household-disability-2', null],
    ]);
    expect(checked.areas).toHaveLength(1029);
    const records = JSON.parse(text) as {
      LSOA21CD: string;
      Topic: string;
      Numerator: number;
      Denominator: number;
    }[];
    const first = records.find((record) => record.Topic === 'Disability')!;
    const disability = checked.tables[0]!.figures.filter((figure) => figure.areaCode === first.LSOA21CD);
    expect(disability).toEqual([
      { areaCode: first.LSOA21CD, category: 'disabled', value: first.Numerator },
      { areaCode: first.LSOA21CD, category: 'not_disabled', value: first.Denominator - first.Numerator },
    ]);
    // "Provides some care" is the sum of the two amounts of care, so it is not counted twice.
    const care = checked.tables[2]!.figures.filter((figure) => figure.areaCode === 'E01016924');
    expect(sum(care.map((figure) => figure.value))).toBe(
      records.find((record) => record.LSOA21CD === 'E01016924' && record.Topic === 'Unpaid care')!
        .Denominator,
    );
  });

  it('locates records that are wrong', () => {
    const broken = JSON.stringify([
      { LSOA21CD: 'E01016924', Topic: 'Health', Category: 'Fair health', Numerator: 'ten', Denominator: 100 },
      {
        LSOA21CD: 'E01016924',
        Topic: 'Health',
        Category: 'Good or very good health',
        Numerator: 200,
        Denominator: 100,
      },
    ]);
    expect(readNumeratorJson(broken)[0]!.problems.map((problem) => problem.message)).toEqual([
      'Record 1 (E01016924): the numerator “ten” is not a count',
      'Record 2 (E01016924): the denominator “100” is not a count at least the numerator',
    ]);
    expect(readNumeratorJson('[{"Numerator": 1,')[0]!.problems[0]!.message).toMatch(/not readable as JSON/);
  });
});

describe('area lookups', () => {
  it('reads codes at several levels in any order, with their names, into parent links', () => {
    const lookup = readAreaLookup(
      [
        'LAD22CD,LAD22NM,OA21CD,LSOA21CD,LSOA21NM,WD22CD,WD22NM',
        'E07000223,Adur,E00085001,E01031349,Adur 001A,E05007562,Buckingham',
        'E07000223,Adur,E00085002,E01031349,Adur 001A,E05007562,Buckingham',
      ].join('\n'),
    );
    expect(lookup.problems).toEqual([]);
    expect(lookup.levels.sort()).toEqual(['lad', 'lsoa', 'oa', 'ward']);
    expect(lookup.areas).toEqual(
      expect.arrayContaining([
        { code: 'E00085001', name: 'E00085001', level: 'oa', parentCode: 'E01031349' },
        { code: 'E01031349', name: 'Adur 001A', level: 'lsoa', parentCode: 'E07000223' },
        { code: 'E05007562', name: 'Buckingham', level: 'ward', parentCode: 'E07000223' },
        { code: 'E07000223', name: 'Adur', level: 'lad', parentCode: null },
      ]),
    );
  });

  it('finds an area put in two places, and a code in the wrong column', () => {
    const lookup = readAreaLookup(
      ['OA21CD,LSOA21CD', 'E00085001,E01031349', 'E00085001,E01031350', 'E00085003,E07000223'].join('\n'),
    );
    expect(lookup.problems.map((problem) => problem.line)).toEqual([3, 4]);
    expect(lookup.problems[0]!.message).toBe('E00085001 is in E01031349 on line 2 but in E01031350 here');
  });
});

describe('comparing ethnic groups across censuses', () => {
  it('maps 2011’s groups onto 2021’s, with Roma folded into Other White', () => {
    const census2021 = new Map([
      ['white_roma', 40],
      ['white_other', 160],
      ['asian_indian', 100],
    ]);
    expect(mapCounts(census2021, ETHNIC_2021_COMPARABLE)).toEqual(
      new Map([
        ['white_other', 200],
        ['asian_indian', 100],
      ]),
    );
    expect(ETHNIC_2011_TO_2021.has('white_roma')).toBe(false);
    expect(ETHNIC_2011_TO_2021.size).toBe(18);
    expect(() => mapCounts(new Map([['martian', 1]]), ETHNIC_2011_TO_2021)).toThrow(/No mapping/);
  });
});
