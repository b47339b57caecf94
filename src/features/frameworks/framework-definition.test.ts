import { describe, expect, it } from 'vitest';
import { BUILT_IN_FRAMEWORKS, findBuiltIn } from './built-in-frameworks.ts';
import { diffDefinitions } from './framework-diff.ts';
import { validateDefinition, type FrameworkDefinition } from './framework-definition.ts';

const eflg2021 = findBuiltIn('eflg-2021@2021')!;
const copy = (definition: FrameworkDefinition): FrameworkDefinition => structuredClone(definition);

describe('built-in frameworks', () => {
  it('ships EFLG 2009, the 2012 revision, EFLG 2021 and NHS EDS 2022, each valid', () => {
    expect(BUILT_IN_FRAMEWORKS.map((definition) => `${definition.id}@${definition.version}`).sort()).toEqual([
      'eflg-2009@2009',
      'eflg-2012@2012',
      'eflg-2021@2021',
      'nhs-eds-2022@2022',
    ]);
    for (const definition of BUILT_IN_FRAMEWORKS) {
      expect(validateDefinition(JSON.parse(JSON.stringify(definition)))).toEqual({ ok: true, definition });
      expect(definition.wording).toBe('own-words');
    }
  });

  it('has the areas the publishers name', () => {
    expect(findBuiltIn('eflg-2009@2009')!.areas.map((area) => area.name)).toEqual([
      'Knowing your communities and equality mapping',
      'Place shaping, leadership, partnership and organisational commitment',
      'Community engagement and satisfaction',
      'Responsive services and customer care',
      'A modern and diverse workforce',
    ]);
    expect(findBuiltIn('eflg-2012@2012')!.areas.map((area) => area.name)).toEqual([
      'Knowing your communities',
      'Leadership, partnership and organisational commitment',
      'Involving your communities',
      'Responsive services and customer care',
      'A skilled and committed workforce',
    ]);
    expect(eflg2021.areas.map((area) => area.name)).toEqual([
      'Understanding and working with your communities',
      'Leadership, partnership and organisational commitment',
      'Responsive services and customer care',
      'Diverse and engaged workforce',
    ]);
    // Every EFLG 2021 sub-area has a criterion at each of the three levels.
    for (const sub of eflg2021.areas.flatMap((area) => area.areas ?? []))
      expect(eflg2021.criteria.filter((c) => c.area === sub.id).map((c) => c.level)).toEqual([
        'developing',
        'achieving',
        'excellent',
      ]);
    const eds = findBuiltIn('nhs-eds-2022@2022')!;
    expect(eds.criteria.map((criterion) => criterion.ref).join(' ')).toBe('1A 1B 1C 1D 2A 2B 2C 2D 3A 3B 3C');
    expect(eds.levels.map((level) => `${level.score} ${level.name}`)).toEqual([
      '0 Undeveloped',
      '1 Developing',
      '2 Achieving',
      '3 Excelling',
    ]);
  });
});

describe('validating a definition file', () => {
  it('names each broken reference, duplicate and missing field', () => {
    const broken = copy(eflg2021) as unknown as Record<string, unknown> & FrameworkDefinition;
    broken.criteria[1]!.ref = broken.criteria[0]!.ref;
    broken.criteria[2]!.area = '9.9';
    broken.criteria[3]!.level = 'outstanding';
    broken.criteria[4]!.area = '1';
    const result = validateDefinition(broken);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        'criteria: the reference "1.1.1" is used twice',
        'criteria[2] (1.1.3): area "9.9" is not an area',
        'criteria[3] (1.2.1): level "outstanding" is not one of developing, achieving, excellent',
        'criteria[4] (1.2.2): area "1" is not an area without sub-areas; use one of its sub-areas',
      ]),
    );
    const missing = validateDefinition({ ...copy(eflg2021), name: undefined, format: 'other' });
    expect(missing.ok ? [] : missing.problems).toEqual(
      expect.arrayContaining(['format: must be "equalis-framework/1"', expect.stringMatching(/^name: /)]),
    );
  });

  it('checks that score bands cover every possible total once', () => {
    const eds = copy(findBuiltIn('nhs-eds-2022@2022')!);
    if (eds.rules.kind !== 'score-total') throw new Error('expected a scored framework');
    eds.rules.bands[1]!.max = 20;
    const result = validateDefinition(eds);
    expect(result.ok ? [] : result.problems).toEqual([
      'rules.bands: totals must be covered without gaps or overlaps; expected a band starting at 21, found 22',
    ]);
  });
});

describe('comparing two definitions', () => {
  it('finds nothing between a definition and itself', () => {
    expect(diffDefinitions(eflg2021, copy(eflg2021))).toEqual([]);
  });

  it('lists added, removed and reworded criteria, renamed areas and changed rules', () => {
    const official = copy(eflg2021);
    official.criteria[0]!.text = 'Official wording';
    official.criteria.pop();
    official.criteria.push({ ref: '4.5.4', area: '4.5', level: 'excellent', text: 'A new one' });
    official.areas[1]!.name = 'Leadership and organisational commitment';
    official.rules = { kind: 'all-criteria-met', evidence: 'required', overall: 'lowest-area' };
    const changes = diffDefinitions(eflg2021, official);
    expect(changes.map((c) => `${c.change} ${c.part} ${c.key}`)).toEqual([
      'changed area 2',
      'changed criterion 1.1.1',
      'removed criterion 4.5.3',
      'added criterion 4.5.4',
      'changed rules rules',
    ]);
    expect(changes[1]!.after).toMatch(/^Official wording/);
  });
});
