import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { classificationFor } from './classifications.ts';
import { looksLikeNomisExport, readNomisExport } from './nomis-export.ts';

describe('reading a Nomis web-query export', () => {
  it('reads the real Sussex LSOA ethnic-group file: its table, 1,029 areas, five groups and its notes', () => {
    const text = fs.readFileSync(
      sharedFile('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'),
      'utf8',
    );
    expect(looksLikeNomisExport(text)).toBe(true);
    const file = readNomisExport(text);
    expect(file.problems).toEqual([]);
    expect(file.tableCode).toBe('TS021');
    expect(file.tableTitle).toBe('Ethnic group');
    expect(file.date).toBe('2021');
    expect(file.population).toBe('All usual residents');
    expect(file.source).toMatch(/Nomis on 25 June 2024/);
    expect(file.geographyLabel).toBe('2021 super output area - lower layer');
    expect(file.totalLabel).toBe('All usual residents');
    expect(file.categories).toHaveLength(5);
    expect(classificationFor(file.categories)?.id).toBe('ethnic-group-5');
    expect(file.rows).toHaveLength(1029);
    expect(file.rows[0]).toMatchObject({
      code: 'E01016924',
      name: 'Brighton and Hove 001A',
      total: 1444,
      values: [42, 9, 46, 1325, 22],
    });
    expect(file.notes.join(' ')).toMatch(/records have been swapped/);
  });

  it('reads the same layout written differently: other title, a name with a comma, a BOM, no total column', () => {
    const text = [
      '\uFEFFTS007A - Age by five-year age bands',
      'ONS Crown Copyright Reserved [from Nomis on 1 May 2025]',
      'Date       :,2021',
      '',
      'local authority: district / unitary,Female,%,Male,%',
      '"E06000043 : Brighton and Hove, City of",142000,51,135000,49',
      'W06000015 : Cardiff,190000,51.2,181000,48.8',
      '',
      'Notes are here',
    ].join('\r\n');
    const file = readNomisExport(text);
    expect(file.problems).toEqual([]);
    expect(file.tableCode).toBe('TS007A');
    expect(file.totalLabel).toBeNull();
    expect(file.rows.map((row) => [row.code, row.name, row.total, row.values])).toEqual([
      ['E06000043', 'Brighton and Hove, City of', null, [142000, 135000]],
      ['W06000015', 'Cardiff', null, [190000, 181000]],
    ]);
    expect(classificationFor(file.categories)?.id).toBe('sex');
  });

  it('says where a file is not what it should be', () => {
    expect(readNomisExport('just,some,cells\n1,2,3').problems[0]!.message).toMatch(/No heading row/);
    expect(readNomisExport('Area,Total,%,White,%\n').problems[0]!.message).toMatch(/No area rows/);
    const bad = readNomisExport('Area,Total: All,%,White,%\nE01000001 : Somewhere 001A,10,100,x,50');
    expect(bad!.problems).toEqual([{ line: 2, message: 'E01000001: “White” is not a count' }]);
  });
});

describe('reading an ONS custom dataset (long format)', () => {
  it('reads the real sexual orientation × ethnic group file as sexual orientation by local authority, leaving out “does not apply”', async () => {
    const { readOnsLongFormat, looksLikeOnsLongFormat } = await import('./ons-long-format.ts');
    const text = fs.readFileSync(sharedFile('data/census/lad/sogi/ltla_sexual_ethnic_group.csv'), 'utf8');
    expect(looksLikeOnsLongFormat(text)).toBe(true);
    expect(looksLikeNomisExport(text)).toBe(false);
    const [file, ethnicGroup] = readOnsLongFormat(text);
    expect(file!.problems).toEqual([]);
    expect(file!.tableTitle).toBe('Sexual orientation');
    // The other variable is a table of the same people (aged 16 and over) by ethnic group.
    expect(ethnicGroup!.tableTitle).toBe('Ethnic group');
    expect(classificationFor(ethnicGroup!.categories)?.id).toBe('ethnic-group-8');
    const total = (values: (number | null)[]) => values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    expect(ethnicGroup!.rows.map((row) => total(row.values))).toEqual(
      file!.rows.map((row) => total(row.values)),
    );
    expect(file!.rows).toHaveLength(331);
    expect(classificationFor(file!.categories)?.id).toBe('sexual-orientation-6');
    expect(file!.categories).not.toContain('Does not apply');
    // Adur's straight count, added up here from the raw rows, independently of the reader.
    const adurStraight = text
      .split(/\r?\n/)
      .filter((line) => line.startsWith('E07000223,') && line.split(',')[2] === '1')
      .reduce((sum, line) => sum + Number(line.split(',').at(-1)), 0);
    const adur = file!.rows.find((row) => row.code === 'E07000223')!;
    expect(adur.values[file!.categories.indexOf('Straight or Heterosexual')]).toBe(adurStraight);
  });

  it('reads gender identity from the gender identity × sexual orientation file', async () => {
    const { readOnsLongFormat } = await import('./ons-long-format.ts');
    const [file] = readOnsLongFormat(
      fs.readFileSync(
        sharedFile('data/census/lad/sogi/ltla_gender_identity_x_sexual_orientation.csv'),
        'utf8',
      ),
    );
    expect(classificationFor(file!.categories)?.id).toBe('gender-identity-7');
    expect(file!.rows).toHaveLength(331);
  });

  it('leaves out and notes the people a question does not apply to', async () => {
    const { readOnsLongFormat } = await import('./ons-long-format.ts');
    const [file] = readOnsLongFormat(
      'Area Code,Area,Sexual orientation Code,Sexual orientation,Observation\nE07000223,Adur,-8,Does not apply,1200\nE07000223,Adur,1,Straight or Heterosexual,40000\n',
    );
    expect(file!.rows[0]!.values).toEqual([40000]);
    expect(file!.notes).toEqual([
      '1,200 people to whom a question does not apply (code -8) are left out of the counts.',
    ]);
  });

  it('says where a long file is wrong', async () => {
    const { readOnsLongFormat } = await import('./ons-long-format.ts');
    expect(readOnsLongFormat('a,b,Observation\n')[0]!.problems[0]!.message).toMatch(/heading row/);
    const [bad] = readOnsLongFormat(
      'Area Code,Area,Sex Code,Sex,Observation\nE07000223,Adur,1,Female,lots\n',
    );
    expect(bad!.problems).toEqual([{ line: 2, message: 'E07000223: the observation “lots” is not a count' }]);
  });
});

describe('files that are broken or hostile', () => {
  const real = () =>
    fs.readFileSync(sharedFile('data/census/lsoa/sussex_ts021_ethnic_group_lsoa_nomis.csv'), 'utf8');

  it('says where a truncated file stops, and where an unclosed quotation mark breaks it', async () => {
    const text = real();
    const truncated = readNomisExport(text.slice(0, Math.floor(text.length / 2)));
    expect(truncated.problems).toHaveLength(1);
    expect(truncated.problems[0]!.message).toMatch(/^E0\d{7}: .* (is|are) not a count$/);
    const unclosed = readNomisExport(text.replace('"', ''));
    expect(unclosed.problems).toEqual([
      {
        line: 7,
        message: 'The file stops being readable as CSV here (often a quotation mark that is never closed)',
      },
    ]);
    const { readOnsLongFormat } = await import('./ons-long-format.ts');
    expect(readOnsLongFormat('A Code,A,B Code,B,Observation\n"E1,x')[0]!.problems[0]!.line).toBe(2);
  });

  it('answers a large file of nonsense with a problem, not an error', () => {
    const nonsense = readNomisExport(`${'x,'.repeat(50)}\n`.repeat(100_000));
    expect(nonsense.problems[0]!.message).toMatch(/No heading row/);
  });
});
