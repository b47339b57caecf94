import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blocksFromText } from './plan-blocks.ts';
import { allActions, parsePlan } from './plan-parser.ts';
import { sharedFile, SEED_PLAN } from '../../../test/helpers/shared-data.ts';

// The real Somerset County Council plan from ../shared/seeds, read where it lives (never copied).
const SEED = sharedFile(SEED_PLAN);

describe('parsing the Somerset corporate equalities action plan (seed 002)', () => {
  const plan = parsePlan(blocksFromText(fs.readFileSync(SEED, 'utf8')));
  const actions = allActions(plan);
  const byRef = (reference: string) => actions.find((action) => action.reference === reference);
  const children = (reference: string) => actions.filter((action) => action.parentReference === reference);

  it('finds the plan, its version and its five areas with their descriptions', () => {
    expect(plan.title).toBe('The Corporate Equalities Action Plan 2008 – 2011');
    expect(plan.versionLabel).toBe('2010 update');
    expect(plan.areas.map((area) => area.title)).toEqual([
      'Knowing your community and equality mapping',
      'Place shaping, leadership, partnership and organisational commitment',
      'Community Engagement and Satisfaction',
      'Responsive services and customer care',
      'A Modern, diverse workforce',
    ]);
    expect(plan.areas[0]!.description).toMatch(/^Local and national data is used/);
    expect(plan.areas[3]!.criteriaHeading).toBe('ELG');
    expect(plan.areas[0]!.criteriaHeading).toBe('EFLG');
  });

  it('reads it without a single problem', () => {
    expect(plan.problems).toEqual([]);
  });

  it('groups sub-actions under their reference: 1.1 has two, 4.1 four, 5.6 three', () => {
    expect(children('1.1').map((a) => a.reference)).toEqual(['1.1a', '1.1b']);
    expect(children('4.1')).toHaveLength(4);
    expect(children('5.6')).toHaveLength(3);
    expect(children('2.3')).toHaveLength(2);
    expect(children('5.4')).toHaveLength(3);
    expect(children('1.2')).toHaveLength(0);
    expect(byRef('1.1b')!.text).toBe(
      'Make recommendations as to how the new Council system (SAP) will record information about our customers and employees.',
    );
  });

  it('reads completion targets: month, range, On-going and Completed', () => {
    expect(byRef('1.1a')!.target).toMatchObject({ kind: 'date', end: '2010-09-30', text: 'September 2010' });
    expect(byRef('1.1b')!.target).toMatchObject({ kind: 'completed' });
    expect(byRef('1.3')!.target).toMatchObject({ kind: 'ongoing' });
    expect(byRef('2.2')!.target).toMatchObject({ kind: 'range', start: '2010-04-01', end: '2011-04-30' });
  });

  it('splits strands and lead officers, and keeps framework references exactly', () => {
    expect(byRef('3.5')!.strands).toEqual([
      'race',
      'age',
      'sexual_orientation',
      'disability',
      'religion_belief',
    ]);
    expect(byRef('5.10')!.strands).toEqual(['sex']);
    expect(byRef('1.2')!.leads.map((lead) => lead.name)).toEqual([
      'Jane Harris',
      'Stephen Barker',
      'Tom Rutland',
    ]);
    expect(byRef('2.3a')!.criteria).toEqual(['3.5', '3.8', '1.10', '2.10', '3.10']);
    expect(byRef('4.8')!.criteria).toEqual(['1.21', '2.23', '3.25']);
  });

  it('keeps a bulleted list inside one action when text comes first (3.5), and finds written links (3.8)', () => {
    expect(children('3.5')).toHaveLength(0);
    expect(byRef('3.5')!.text).toMatch(
      /^Develop more open and trusting relationships[\s\S]*feed into service improvement/,
    );
    expect(byRef('3.8')!.linkedTo).toBe('Community Cohesion Action 1.4');
  });

  it('accounts for every row of the plan (counted independently from the raw text)', () => {
    const lines = fs.readFileSync(SEED, 'utf8').split(/\r?\n/);
    const numberedRows = lines.filter((line) => /^\d+\.\d+\t/.test(line)).length;
    const bulletRows = lines.filter((line) => /^(\d+\.\d+)?\t<ul/.test(line)).length;
    expect(actions.filter((action) => action.parentReference === null)).toHaveLength(numberedRows);
    expect(actions.filter((action) => action.parentReference !== null)).toHaveLength(bulletRows);
    expect([numberedRows, bulletRows]).toEqual([34, 14]);
  });
});

describe('problems are reported with their line, never dropped', () => {
  const header = '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand';
  it('flags an unreadable date, an unknown strand and a duplicate reference', () => {
    const text = [
      'Area one',
      header,
      '1.1\tDo a thing\tSoonish\tJo Bloggs\t1.1\tR',
      '1.2\tAnother\tMay 2011\tJo Bloggs\t1.1\tXQ',
      '1.1\tAgain\tJune 2011\tJo\t\tAll',
    ].join('\n');
    const plan = parsePlan(blocksFromText(text));
    expect(plan.problems).toEqual([
      {
        line: 3,
        where: 'line 3',
        reference: '1.1',
        message: expect.stringContaining('cannot read the completion date "Soonish"'),
      },
      { line: 4, where: 'line 4', reference: '1.2', message: 'unknown equality strand "XQ"' },
      { line: 5, where: 'line 5', reference: '1.1', message: 'the reference 1.1 is used more than once' },
    ]);
    expect(allActions(plan)).toHaveLength(3);
  });

  it('flags rows before any table heading', () => {
    const plan = parsePlan(blocksFromText('1.1\tOrphan\tMay 2011'));
    expect(plan.problems[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining('before any table heading'),
    });
  });
});

describe('optional columns', () => {
  it('reads partner organisations from a Partners column', () => {
    const text = [
      'Area',
      '\tAction\tCompletion Date\tLead Officer/s\tPartners\tEFLG\tStrand',
      '1.1\tShare data\tMay 2027\tJo Bloggs\tCounty Council; Police / NHS\t1.3\tAll',
    ].join('\n');
    const [action] = allActions(parsePlan(blocksFromText(text)));
    expect(action?.partners).toEqual(['County Council', 'Police', 'NHS']);
    expect(action?.criteria).toEqual(['1.3']);
  });
});
