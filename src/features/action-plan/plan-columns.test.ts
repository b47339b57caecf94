import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldOfHeading, normaliseHeading, readColumns, type PlanField } from './plan-columns.ts';

const fieldsOf = (headings: string[], rows: string[][] = [], choices = new Map()) =>
  readColumns(headings, rows, choices).map((reading) => reading.field);

describe('reading a plan’s columns', () => {
  it.each<[string, PlanField]>([
    ['Action', 'action'],
    ['What we will do', 'action'],
    ['Actions required', 'action'],
    ['By when', 'target'],
    ['By when?', 'target'],
    ['Completion Date', 'target'],
    ['Target completion date (month/year)', 'target'],
    ['Responsible officer', 'leads'],
    ['Lead Officer/s', 'leads'],
    ['Responsable oficer', 'leads'],
    ['Ref.', 'reference'],
    ['Parent ref', 'parent'],
    ['Theme', 'area'],
    ['Equality objective', 'area'],
    ['Protected characteristics', 'strands'],
    ['EFLG', 'criteria'],
    ['RAG', 'status'],
    ['Progress update', 'progress'],
  ])('%j is %s', (heading, field) => {
    expect(fieldOfHeading(heading)?.field).toBe(field);
  });

  it('reads the seed plan’s header, the blank reference heading by its cells', () => {
    const fields = fieldsOf(
      ['', 'Action', 'Completion Date', 'Lead Officer/s', 'EFLG', 'Strand'],
      [
        [
          '1.1',
          'Discuss with Directorates how Equality Scorecards may need to change',
          'September 2010',
          'Jane Harris',
          '1.10 2.10',
          'All',
        ],
        ['', '• Consult with Directorates', 'March 2011', 'Jane Harris', '', ''],
        [
          '1.2',
          'Develop guidance for officers on the use of equality data',
          'Annually',
          'Stephen Barker',
          '1.2',
          'R A',
        ],
      ],
    );
    expect(fields).toEqual(['reference', 'action', 'target', 'leads', 'criteria', 'strands']);
  });

  it('judges unnamed columns by their cells: references, dates, strands, long text', () => {
    const fields = fieldsOf(
      ['Col1', 'Col2', 'Col3', 'Col4'],
      [
        ['2.1', 'Publish equality information every January on the council website', 'January 2011', 'R D'],
        ['2.2', 'Train every manager in the public sector equality duty within a year', '30/09/2010', 'All'],
      ],
    );
    expect(fields).toEqual(['reference', 'action', 'target', 'strands']);
  });

  it('the person’s choices win, and each field is read from one column only', () => {
    const choices = new Map([
      [normaliseHeading('Notes'), 'action' as const],
      [normaliseHeading('Action'), 'ignore' as const],
    ]);
    expect(fieldsOf(['Ref', 'Action', 'Notes'], [], choices)).toEqual(['reference', null, 'action']);
    expect(fieldsOf(['Ref', 'Target date', 'Deadline'])).toEqual(['reference', 'target', null]);
  });

  it('never reads two columns as the same field, whatever the headings', () => {
    const heading = fc.constantFrom(
      'Action',
      'Ref',
      'By when',
      'Lead',
      'Strand',
      'Theme',
      'Notes',
      '',
      'Col',
      'Status',
    );
    fc.assert(
      fc.property(fc.array(heading, { maxLength: 12 }), (headings) => {
        const fields = fieldsOf(headings).filter((field) => field !== null);
        expect(new Set(fields).size).toBe(fields.length);
      }),
    );
  });
});
