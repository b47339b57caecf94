import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedFile } from '../../../test/helpers/shared-data.ts';
import { readBoundaryFile } from './boundaries.ts';
import { categoryFor, classificationById } from './classifications.ts';
import { ancestorsOf, authorityNamedIn, levelOfCode } from './geography.ts';
import { rollUp } from './roll-up.ts';

describe('geography', () => {
  it('knows the level of a GSS code', () => {
    expect(levelOfCode('E00000001')).toBe('oa');
    expect(levelOfCode('E01016924')).toBe('lsoa');
    expect(levelOfCode('W02000001')).toBe('msoa');
    expect(levelOfCode('E07000223')).toBe('lad');
    expect(levelOfCode('E12000008')).toBe('region');
    expect(levelOfCode('E92000001')).toBe('country');
    expect(levelOfCode('E1234')).toBeNull();
    expect(levelOfCode('X01000001')).toBeNull();
  });

  it('reads the local authority from a small area’s name', () => {
    expect(authorityNamedIn('Brighton and Hove 026A')).toBe('Brighton and Hove');
    expect(authorityNamedIn('Mid Sussex 012')).toBe('Mid Sussex');
    expect(authorityNamedIn('Somewhere')).toBeNull();
    expect(
      ancestorsOf(
        'a',
        new Map([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
        ]),
      ),
    ).toEqual(['b', 'c']);
  });
});

describe('boundary files', () => {
  it('reads areas from the real GeoJSON and TopoJSON files, whatever their property names', () => {
    const lsoa = readBoundaryFile(
      fs.readFileSync(sharedFile('data/boundaries/sussex_lsoa_2021.geojson'), 'utf8'),
    );
    expect(lsoa.problems).toEqual([]);
    expect(lsoa.areas).toHaveLength(1029);
    expect(lsoa.areas.every((area) => area.level === 'lsoa')).toBe(true);
    const lad = readBoundaryFile(
      fs.readFileSync(sharedFile('data/boundaries/sussex_ltla_2022.geojson'), 'utf8'),
    );
    expect(lad.areas).toContainEqual({ code: 'E07000223', name: 'Adur', level: 'lad' });
    const topo = readBoundaryFile(
      fs.readFileSync(sharedFile('data/boundaries/lad-2021-ew.topojson'), 'utf8'),
    );
    expect(topo.areas).toHaveLength(331);
  });

  it('says what is wrong with a file that is not a boundary file', () => {
    expect(readBoundaryFile('nope').problems[0]!.message).toMatch(/not a JSON file/);
    expect(readBoundaryFile('{"type":"Feature"}').problems[0]!.message).toMatch(/neither/);
    expect(
      readBoundaryFile('{"type":"FeatureCollection","features":[{"properties":{"id":1}}]}').problems[0]!
        .message,
    ).toMatch(/GSS code/);
  });
});

describe('classifications', () => {
  it('matches a file’s labels to categories whatever their punctuation', () => {
    const ethnic = classificationById('ethnic-group-5')!;
    expect(categoryFor(ethnic, 'Asian, Asian British or Asian Welsh')?.code).toBe('asian');
    expect(categoryFor(ethnic, 'Mixed or multiple ethnic groups: Total')?.code).toBe('mixed');
    expect(categoryFor(ethnic, 'Martian')).toBeNull();
  });
});

describe('rolling figures up', () => {
  it('adds each area’s counts into every area above it, and nothing twice', () => {
    const parents = new Map<string, string | null>([
      ['l1', 'lad1'],
      ['l2', 'lad1'],
      ['l3', 'lad2'],
      ['lad1', 'region'],
      ['lad2', 'region'],
    ]);
    const rolled = rollUp(
      [
        { areaCode: 'l1', category: 'x', value: 3 },
        { areaCode: 'l2', category: 'x', value: 4 },
        { areaCode: 'l3', category: 'x', value: 5 },
        { areaCode: 'l3', category: 'y', value: 1 },
      ],
      parents,
    );
    expect(rolled).toEqual(
      expect.arrayContaining([
        { areaCode: 'lad1', category: 'x', value: 7 },
        { areaCode: 'lad2', category: 'x', value: 5 },
        { areaCode: 'region', category: 'x', value: 12 },
        { areaCode: 'region', category: 'y', value: 1 },
      ]),
    );
    expect(rolled).toHaveLength(5);
  });

  it('keeps every total: the top area’s sum is the sum of what was given, on random trees', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1000 })), {
          maxLength: 60,
        }),
        (rows) => {
          const parents = new Map<string, string | null>([
            ['lad0', 'top'],
            ['lad1', 'top'],
            ['lad2', 'top'],
            ['lad3', 'top'],
            ['lad4', 'top'],
          ]);
          rows.forEach((_, i) => parents.set(`s${i}`, `lad${rows[i]![0]}`));
          const figures = rows.map(([, value], i) => ({ areaCode: `s${i}`, category: 'all', value }));
          const top = rollUp(figures, parents).find((figure) => figure.areaCode === 'top');
          expect(top?.value ?? 0).toBe(rows.reduce((sum, [, value]) => sum + value, 0));
        },
      ),
    );
  });
});
