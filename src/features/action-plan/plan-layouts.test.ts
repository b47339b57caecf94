import fs from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, VerticalMergeType } from 'docx';
import { describe, expect, it } from 'vitest';
import { sharedFile, SEED_PLAN } from '../../../test/helpers/shared-data.ts';
import { blocksFromRows, blocksFromText } from './plan-blocks.ts';
import { formatLeads, STRAND_CODE } from './plan-fields.ts';
import { readPlanBuffer } from './plan-files.ts';
import { allActions, parsePlan, type ParsedAction, type ParsedPlan } from './plan-parser.ts';

/**
 * The seed plan (../shared/seeds/002, read where it lives) re-laid the ways other councils lay
 * their plans out — made here by code, never copied — and read back through the real importer.
 * Every layout must give the same plan: the same actions, in the same areas, under the same
 * parents, with the same targets, leads, strands and framework references.
 */
interface Row {
  area: string;
  reference: string;
  parent: string | null;
  text: string;
  target: string;
  leads: string;
  criteria: string;
  strands: string;
}

const seed = parsePlan(blocksFromText(fs.readFileSync(sharedFile(SEED_PLAN), 'utf8')));

/** The seed as flat rows; a group heading with no text of its own is given one, so every row says something. */
const rows: Row[] = seed.areas.flatMap((area) =>
  area.actions.map((action) => ({
    area: area.title,
    reference: action.reference,
    parent: action.parentReference,
    text: action.text || `Actions under ${action.reference}`,
    target: action.target.text,
    leads: formatLeads(action.leads),
    criteria: action.criteria.join(' '),
    strands: action.strands.map((strand) => STRAND_CODE[strand]).join(' '),
  })),
);

/** What must be the same whatever the layout. */
function essence(plan: ParsedPlan, options: { references: boolean } = { references: true }) {
  const actions = allActions(plan);
  const byReference = new Map(actions.map((action) => [action.reference, action]));
  const textOf = (action: ParsedAction) => action.text || `Actions under ${action.reference}`;
  return plan.areas.map((area) => ({
    area: area.title,
    actions: area.actions.map((action) => ({
      ...(options.references ? { reference: action.reference } : {}),
      parent: action.parentReference ? textOf(byReference.get(action.parentReference)!) : null,
      text: textOf(action),
      targetEnd: 'end' in action.target ? action.target.end : action.target.kind,
      leads: action.leads.map((lead) => lead.name),
      criteria: action.criteria,
      strands: [...action.strands].sort(),
    })),
  }));
}

const expected = essence(
  parsePlan(
    blocksFromRows(
      flatSheet(['Area', 'Ref', 'Parent ref', 'Action', 'Target date', 'Lead officer', 'EFLG', 'Strand']),
    ),
  ),
);

function flatSheet(
  headings: string[],
  cellsOf: (row: Row) => string[] = (row) => [
    row.area,
    row.reference,
    row.parent ?? '',
    row.text,
    row.target,
    row.leads,
    row.criteria,
    row.strands,
  ],
): string[][] {
  return [headings, ...rows.map(cellsOf)];
}

const csv = (table: string[][], separator = ',') =>
  table.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(separator)).join('\r\n');

async function workbook(sheets: { name: string; rows: (string | Date)[][] }[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const added = book.addWorksheet(sheet.name);
    for (const row of sheet.rows) added.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Windows-1252 bytes for text that only uses its characters (the dashes and quotes councils type). */
function windows1252(text: string): Buffer {
  const high: Record<string, number> = {
    '–': 0x96,
    '—': 0x97,
    '‘': 0x91,
    '’': 0x92,
    '“': 0x93,
    '”': 0x94,
    '•': 0x95,
    '€': 0x80,
    '…': 0x85,
  };
  return Buffer.from(
    [...text].map(
      (character) => high[character] ?? (character.charCodeAt(0) < 256 ? character.charCodeAt(0) : 0x3f),
    ),
  );
}

/** Month targets ("September 2010") as real Excel date cells on the month's last day. */
function asDateCell(target: string): string | Date {
  const parsed = /^([A-Za-z]+) (\d{4})$/.exec(target);
  if (!parsed) return target;
  const month = new Date(`1 ${parsed[1]} ${parsed[2]} UTC`).getUTCMonth();
  if (Number.isNaN(month)) return target;
  return new Date(Date.UTC(Number(parsed[2]), month + 1, 0));
}

const layouts: [string, string, () => Promise<Buffer> | Buffer, { references: boolean }?][] = [
  [
    'renamed and reordered columns, sub-actions by numbered reference',
    'plan.csv',
    () =>
      Buffer.from(
        csv([
          [
            'Theme',
            'Ref.',
            'What we will do',
            'By when',
            'Responsible officer',
            'Equality strands',
            'EFLG ref',
          ],
          ...rows.map((row) => [
            row.area,
            row.reference,
            row.text,
            row.target,
            row.leads,
            row.strands,
            row.criteria,
          ]),
        ]),
      ),
  ],
  [
    'a flat sheet with Area and Parent ref columns',
    'plan.xlsx',
    () =>
      workbook([
        {
          name: 'Plan',
          rows: flatSheet([
            'Area',
            'Ref',
            'Parent ref',
            'Action',
            'Target date',
            'Lead officer',
            'EFLG',
            'Strand',
          ]),
        },
      ]),
  ],
  [
    'semicolons, Windows-1252, CRLF',
    'plan.csv',
    () =>
      windows1252(
        csv(flatSheet(['Area', 'Ref', 'Parent', 'Action', 'Deadline', 'Lead', 'Framework', 'Strands']), ';'),
      ),
  ],
  [
    'UTF-16 tab-separated text',
    'plan.txt',
    () => {
      const text = flatSheet([
        'Area',
        'No.',
        'Parent ref',
        'Activity',
        'Timescale',
        'Owner',
        'EFLG',
        'Characteristics',
      ])
        .map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ')).join('\t'))
        .join('\r\n');
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    },
  ],
  [
    'a two-row header, title rows above it, real Excel date cells',
    'plan.xlsx',
    () =>
      workbook([
        {
          name: 'Equality plan',
          rows: [
            ['Corporate equality action plan'],
            ['Updated for the 2010 review'],
            ['Area', 'Ref', 'Parent', 'Action', 'Target', 'Lead', 'EFLG', 'Equality'],
            ['', '', 'ref', 'required', 'date', 'officer', 'criteria', 'strand'],
            ...rows.map((row) => [
              row.area,
              row.reference,
              row.parent ?? '',
              row.text,
              asDateCell(row.target),
              row.leads,
              row.criteria,
              row.strands,
            ]),
          ],
        },
      ]),
  ],
  [
    'one sheet per area, area titles above each table',
    'plan.xlsx',
    () =>
      workbook(
        seed.areas.map((area, index) => ({
          name: `Area ${index + 1}`,
          rows: [
            [area.title],
            ['Ref', 'Sub-action of', 'Actions', 'Completion date', 'Lead officer/s', 'ELG', 'Strand'],
            ...rows
              .filter((row) => row.area === area.title)
              .map((row) => [
                row.reference,
                row.parent ?? '',
                row.text,
                row.target,
                row.leads,
                row.criteria,
                row.strands,
              ]),
          ],
        })),
      ),
  ],
  [
    'an HTML table from a council web page, full-width area rows',
    'plan.html',
    () => {
      const header =
        '<thead><tr><th>Ref</th><th>Parent ref</th><th>What we will do</th><th>By when</th><th>Who</th><th>EFLG</th><th>Strand</th></tr></thead>';
      const body = seed.areas
        .map(
          (area) =>
            `<tr><th colspan="7">${area.title}</th></tr>` +
            rows
              .filter((row) => row.area === area.title)
              .map(
                (row) =>
                  `<tr>${[row.reference, row.parent ?? '', row.text, row.target, row.leads, row.criteria, row.strands].map((cell) => `<td>${cell.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</td>`).join('')}</tr>`,
              )
              .join(''),
        )
        .join('');
      return Buffer.from(
        `<html><body><h1>Our equality plan</h1><table>${header}<tbody>${body}</tbody></table></body></html>`,
      );
    },
  ],
  [
    'a Word table with merged area rows and a vertically merged lead column',
    'plan.docx',
    () => {
      const cell = (text: string, extra: Record<string, unknown> = {}) =>
        new TableCell({ children: text.split('\n').map((line) => new Paragraph(line)), ...extra });
      const tableRows = [
        new TableRow({
          children: ['Ref', 'Parent ref', 'Action', 'Target date', 'Lead officer', 'EFLG', 'Strand'].map(
            (text) => cell(text),
          ),
        }),
      ];
      for (const area of seed.areas) {
        tableRows.push(new TableRow({ children: [cell(area.title, { columnSpan: 7 })] }));
        const inArea = rows.filter((row) => row.area === area.title);
        inArea.forEach((row, index) => {
          // Where a lead is the same as the row above, Word users merge the cells down.
          const sameAsAbove = index > 0 && inArea[index - 1]!.leads === row.leads && row.leads !== '';
          const sameAsBelow = inArea[index + 1]?.leads === row.leads && row.leads !== '';
          const lead = sameAsAbove
            ? cell('', { verticalMerge: VerticalMergeType.CONTINUE })
            : cell(row.leads, sameAsBelow ? { verticalMerge: VerticalMergeType.RESTART } : {});
          tableRows.push(
            new TableRow({
              children: [
                cell(row.reference),
                cell(row.parent ?? ''),
                cell(row.text),
                cell(row.target),
                lead,
                cell(row.criteria),
                cell(row.strands),
              ],
            }),
          );
        });
      }
      return Packer.toBuffer(
        new Document({
          sections: [{ children: [new Paragraph('Equality action plan'), new Table({ rows: tableRows })] }],
        }),
      );
    },
  ],
  [
    'no reference numbers at all: sub-actions as bullets',
    'plan.csv',
    () =>
      Buffer.from(
        csv([
          ['Objective', 'Action', 'Due', 'Lead officer', 'Framework', 'Protected characteristics'],
          ...rows.map((row) => [
            row.area,
            row.parent ? `• ${row.text}` : row.text,
            row.target,
            row.leads,
            row.criteria,
            row.strands,
          ]),
        ]),
      ),
    { references: false },
  ],
  [
    'UK date forms, pasted text lined up with spaces, dashes for empty cells',
    'plan.txt',
    () =>
      Buffer.from(
        flatSheet(
          ['Area', 'Ref', 'Parent ref', 'Action', 'Target date', 'Lead officer', 'EFLG', 'Strand'],
          (row) => [
            row.area,
            row.reference,
            row.parent ?? '-',
            row.text,
            row.target.replace(/^September (\d{4})$/, 'Sept $1').replace(/^March (\d{4})$/, 'Mar-$1'),
            row.leads,
            row.criteria,
            row.strands,
          ],
        )
          .map((cells) => cells.map((cell) => cell.replace(/\s+/g, ' ').trim() || '-').join('   '))
          .join('\n'),
      ),
  ],
];

describe('the seed plan, laid out the ways councils lay plans out', () => {
  it('the flat source reads the same as the seed itself', () => {
    expect(expected).toEqual(essence(seed));
    expect(allActions(seed)).toHaveLength(48);
  });

  it.each(layouts)('%s', async (_, fileName, make, options = { references: true }) => {
    const { parsed } = await readPlanBuffer(await make(), fileName);
    expect(parsed.problems).toEqual([]);
    expect(essence(parsed, options)).toEqual(options.references ? expected : essence(seed, options));
  });

  it('any order of the columns, with headings chosen at random from what councils write, reads the same plan', async () => {
    const names: Record<string, string[]> = {
      area: ['Area', 'Theme', 'Objective', 'Priority'],
      reference: ['Ref', 'Ref.', 'No.', 'Reference'],
      parent: ['Parent ref', 'Parent', 'Sub-action of'],
      text: ['Action', 'What we will do', 'Actions required', 'Activity'],
      target: ['Target date', 'By when', 'Deadline', 'Timescale', 'Completion date'],
      leads: ['Lead officer', 'Responsible officer', 'Owner', 'Lead Officer/s'],
      criteria: ['EFLG', 'Framework', 'ELG'],
      strands: ['Strand', 'Equality strands', 'Protected characteristics'],
    };
    const fields = Object.keys(names) as (keyof typeof names)[];
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(fields, { minLength: fields.length, maxLength: fields.length }),
        fc.tuple(...fields.map((field) => fc.constantFrom(...names[field]!))),
        fc.constantFrom(',', ';', '\t'),
        async (order, headingChoice, separator) => {
          const heading = (field: string) => headingChoice[fields.indexOf(field as keyof typeof names)]!;
          const table = [
            order.map(heading),
            ...rows.map((row) =>
              order.map((field) =>
                field === 'parent' ? (row.parent ?? '') : (row as unknown as Record<string, string>)[field]!,
              ),
            ),
          ];
          const { parsed } = await readPlanBuffer(Buffer.from(csv(table, separator)), 'plan.csv');
          expect(parsed.problems).toEqual([]);
          expect(essence(parsed)).toEqual(expected);
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('files the importer cannot make sense of', () => {
  it('no column looks like the actions: one summary problem naming the headings', async () => {
    const table = [
      ['Ref', 'Notes', 'Owner'],
      ['1.1', 'x', 'Jane Harris'],
      ['1.2', 'y', 'Tom Evans'],
    ];
    const { parsed } = await readPlanBuffer(Buffer.from(csv(table)), 'plan.csv');
    expect(parsed.problems).toEqual([
      {
        line: 1,
        where: 'CSV line 1',
        reference: null,
        message:
          'no column looks like the actions. Your headings were Ref | Notes | Owner; choose which column holds the actions',
      },
    ]);
  });

  it('a file with no table at all is a problem, never "0 actions"', async () => {
    const { parsed } = await readPlanBuffer(
      Buffer.from('Minutes of the equality group\nApologies were received.\n'),
      'plan.txt',
    );
    expect(allActions(parsed)).toHaveLength(0);
    expect(parsed.problems[0]?.message).toContain('found no table of actions');
  });

  it('a problem says where it is in the person’s terms', async () => {
    const book = await workbook([
      {
        name: 'Plan',
        rows: [
          ['Ref', 'Action', 'By when'],
          ['1.1', 'Do a thing', 'Soonish'],
        ],
      },
    ]);
    const { parsed } = await readPlanBuffer(book, 'plan.xlsx');
    expect(parsed.problems[0]).toMatchObject({ where: "Sheet 'Plan', row 2", reference: '1.1' });
  });
});

describe('progress the plan itself records', () => {
  it('reads a Status or RAG column and a Progress column into progress on import', async () => {
    const table = [
      ['Ref', 'Action', 'By when', 'RAG', 'Progress update'],
      [
        '1.1',
        'Publish equality information every January',
        'January 2011',
        'Green',
        'Published on 28 January',
      ],
      ['1.2', 'Train every manager in the duty', 'March 2011', 'Completed', ''],
      ['1.3', 'Review monitoring in Parks', 'June 2011', '', ''],
      ['1.4', 'Consult disabled residents on the new library', 'July 2011', 'Sort of', ''],
    ];
    const { parsed } = await readPlanBuffer(Buffer.from(csv(table)), 'plan.csv');
    const progress = allActions(parsed).map((action) => action.progress ?? null);
    expect(progress).toEqual([
      { state: 'on_track', note: 'Published on 28 January' },
      { state: 'completed', note: 'Status in the imported plan: Completed' },
      null,
      null,
    ]);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        where: 'CSV line 5',
        message: expect.stringContaining('cannot read the status "Sort of"'),
      }),
    ]);
  });
});
