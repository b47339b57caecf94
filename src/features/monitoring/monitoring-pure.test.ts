import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DISCLOSURE_PRESETS } from '../../stats/disclosure.ts';
import { compareWithPopulation, comparisonGroups, crossKey, crossTable } from './comparison.ts';
import { readMonitoringFile, readMonitoringWorkbook } from './monitoring-file.ts';
import { answerFor, NOT_ANSWERED, PREFER_NOT, QUESTION_BANK, questionById } from './question-bank.ts';

const ethnic = questionById('ethnic-group')!;
const disability = questionById('disability')!;
const sex = questionById('sex')!;
const none = { id: 'none', suppressUpTo: 0, suppressZero: false, secondary: false, roundTo: 1 };

describe('the question bank', () => {
  it('reads the answers files write, in their words, and blanks as not answered', () => {
    expect(answerFor(ethnic, 'Indian')).toBe('asian_indian');
    expect(answerFor(ethnic, 'white: english, welsh, scottish, northern irish or british')).toBe(
      'white_british',
    );
    expect(answerFor(ethnic, 'White British')).toBe('white_british');
    expect(answerFor(disability, 'Y')).toBe('yes');
    expect(answerFor(disability, ' prefer not to say ')).toBe(PREFER_NOT);
    expect(answerFor(sex, '')).toBe(NOT_ANSWERED);
    expect(answerFor(sex, 'Sometimes')).toBeUndefined();
  });

  it('gives every question prefer-not-to-say, and maps every compared answer onto its census classification', () => {
    for (const question of QUESTION_BANK) {
      expect(answerFor(question, 'Prefer not to say'), question.id).toBe(PREFER_NOT);
      if (question.classification)
        for (const answer of question.answers)
          expect(answer.census?.length, `${question.id} ${answer.code}`).toBeGreaterThan(0);
    }
    // The 19 ethnic groups are compared as the five broad ones the census always has.
    expect(comparisonGroups(ethnic).map((group) => group.key)).toEqual([
      'asian',
      'black',
      'mixed',
      'white',
      'other',
    ]);
  });
});

describe('reading a monitoring file', () => {
  it('finds the questions by heading in any order, leaves other columns out, and counts answers and pairs', () => {
    const file = readMonitoringFile(
      [
        'Customer ref,Disabled,Name,Ethnic origin,Sex',
        'A1,Yes,Ann,Indian,Female',
        'A2,No,Bob,White British,Male',
        'A3,,Cat,Prefer not to say,F',
        'A4,N,Dan,Caribbean,M',
      ].join('\n'),
    );
    expect(file.problems).toEqual([]);
    expect(file.layout).toBe('people');
    expect(file.questions).toEqual(['ethnic-group', 'disability', 'sex']);
    expect(file.ignoredColumns).toEqual(['Customer ref', 'Name']);
    expect(file.people).toBe(4);
    expect(Object.fromEntries(file.counts.get('disability')!)).toEqual({ yes: 1, no: 2, [NOT_ANSWERED]: 1 });
    expect(file.crosses.get('ethnic-group|sex')!.get(crossKey('asian_indian', 'female'))).toBe(1);
    expect(file.crosses.get('disability|sex')!.get(crossKey(NOT_ANSWERED, 'female'))).toBe(1);
  });

  it('names every cell it cannot read, by line and column, and keeps no counts from such a file', () => {
    const file = readMonitoringFile('Ethnicity,Sex\nIndian,Female\nMartian,Male\nWhite,Sometimes\n');
    expect(file.problems).toEqual([
      { line: 3, message: '“Martian” is not an answer to “What is your ethnic group?” (column “Ethnicity”)' },
      { line: 4, message: '“Sometimes” is not an answer to “What is your sex?” (column “Sex”)' },
    ]);
    expect(readMonitoringFile('Name,Postcode\nAnn,BN1\n').problems[0]!.message).toMatch(
      /No column is a monitoring question/,
    );
    expect(readMonitoringFile('Ethnicity,Ethnic group\nIndian,Indian\n').problems[0]!.message).toMatch(
      /Two columns/,
    );
    expect(readMonitoringFile('').problems).toHaveLength(1);
  });

  it('reads an Excel workbook’s first sheet the same way, naming problems by the sheet’s row', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Visitors');
    sheet.addRow(['Visit date', 'Ethnicity', 'Disabled']);
    sheet.addRow([new Date('2026-04-01'), 'Indian', 'Yes']);
    sheet.addRow([]);
    sheet.addRow([new Date('2026-04-02'), 'Martian', 'No']);
    const file = readMonitoringWorkbook(new Uint8Array(await book.xlsx.writeBuffer()));
    expect(file.questions).toEqual(['ethnic-group', 'disability']);
    expect(file.ignoredColumns).toEqual(['Visit date']);
    expect(file.problems).toEqual([
      { line: 4, message: '“Martian” is not an answer to “What is your ethnic group?” (column “Ethnicity”)' },
    ]);
    expect(readMonitoringWorkbook(new Uint8Array(Buffer.from('PK not really a zip'))).problems[0]!.line).toBe(
      1,
    );
  });

  it('reads a file of counts, question by question', () => {
    const file = readMonitoringFile(
      'Question,Answer,Count\nEthnicity,Indian,12\nEthnicity,White British,"1,200"\ndisability,Yes,40\ndisability,Prefer not to say,3\n',
    );
    expect(file.problems).toEqual([]);
    expect(file.layout).toBe('counts');
    expect(file.questions).toEqual(['ethnic-group', 'disability']);
    expect(file.counts.get('ethnic-group')!.get('white_british')).toBe(1200);
    expect(readMonitoringFile('question,answer,count\nsex,Female,lots\n').problems[0]!.message).toMatch(
      /whole number/,
    );
  });
});

describe('users against the population', () => {
  const population = {
    areaName: 'Demo District',
    shares: new Map<string, number | null>([
      ['asian', 0.1],
      ['black', 0.05],
      ['mixed', 0.05],
      ['white', 0.75],
      ['other', 0.05],
    ]),
    labels: new Map([['asian', 'Asian, Asian British or Asian Welsh']]),
  };

  it('flags a group only when the whole interval is below or above parity, and shows the declaration rate', () => {
    const counts = new Map([
      ['asian_indian', 10],
      ['asian_pakistani', 10],
      ['white_british', 900],
      ['black_african', 50],
      ['mixed_other', 25],
      ['other_any', 5],
      [PREFER_NOT, 100],
      [NOT_ANSWERED, 100],
    ]);
    const comparison = compareWithPopulation(ethnic, counts, population, none);
    const asian = comparison.rows.find((row) => row.key === 'asian')!;
    expect(asian.label).toBe('Asian, Asian British or Asian Welsh');
    expect(asian.users.value).toBe(20);
    expect(asian.share).toBeCloseTo(20 / 1000);
    expect(asian.ratio!.estimate).toBeCloseTo(0.2);
    expect(asian.flag).toBe('under');
    expect(comparison.rows.find((row) => row.key === 'white')!.flag).toBe('over');
    expect(comparison.rows.find((row) => row.key === 'black')!.flag).toBe(null);
    expect(comparison.declarationRate).toBeCloseTo(1000 / 1200);
    expect(comparison.everyone.value).toBe(1200);
  });

  it('never works a share or a ratio out from a hidden count, and never flags without a population figure', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 19, maxLength: 19 }),
        fc.constantFrom(...Object.values(DISCLOSURE_PRESETS)),
        fc.boolean(),
        (values, policy, withPopulation) => {
          const counts = new Map(ethnic.answers.map((answer, index) => [answer.code, values[index]!]));
          const comparison = compareWithPopulation(
            ethnic,
            counts,
            withPopulation ? population : null,
            policy,
          );
          for (const row of comparison.rows) {
            if (row.users.value === null) {
              expect(row.share).toBeNull();
              expect(row.ratio).toBeNull();
            }
            if (!withPopulation) expect(row.flag).toBeNull();
            if (row.flag) expect(row.ratio!.lower > 1 || row.ratio!.upper < 1).toBe(true);
          }
        },
      ),
    );
  });

  it('publishes crossed tables so no hidden cell is alone in its row or column with that line’s total shown', () => {
    const { 'suppress-under-5-secondary': under5, 'suppress-under-10-secondary': under10 } =
      DISCLOSURE_PRESETS;
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom('yes', 'no', PREFER_NOT), fc.constantFrom('female', 'male', NOT_ANSWERED)),
          {
            maxLength: 120,
          },
        ),
        fc.constantFrom(under5, under10),
        (people, policy) => {
          const counts = new Map<string, number>();
          for (const [a, b] of people) counts.set(crossKey(a, b), (counts.get(crossKey(a, b)) ?? 0) + 1);
          const table = crossTable(disability, sex, counts, policy);
          expect(table.grandTotal.value === null || table.grandTotal.value === people.length).toBe(true);
          table.cells.forEach((row, r) => {
            row.forEach((cell) => {
              if (cell.value !== null)
                expect(cell.value === 0 || cell.value > policy.suppressUpTo).toBe(true);
            });
            const hiddenInRow = row.filter((cell) => cell.value === null).length;
            if (hiddenInRow === 1) expect(table.rowTotals[r]!.value).toBeNull();
          });
          table.columnTotals.forEach((total, c) => {
            const hiddenInColumn = table.cells.filter((row) => row[c]!.value === null).length;
            if (hiddenInColumn === 1) expect(total.value).toBeNull();
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
