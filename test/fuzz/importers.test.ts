import fs from 'node:fs';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPastedPlan, readPlanBuffer } from '../../src/features/action-plan/plan-files.ts';
import { readChallengeReport } from '../../src/features/challenges/challenge-report.ts';
import { readReportFile } from '../../src/features/challenges/report-files.ts';
import { matchResponses } from '../../src/features/challenges/response-matching.ts';
import { checkUntrustedUpload } from '../../src/features/evidence/evidence-file-types.ts';
import { findBuiltIn } from '../../src/features/frameworks/built-in-frameworks.ts';
import {
  readUntrustedDefinitionText,
  writeDefinitionText,
} from '../../src/features/frameworks/framework-file.ts';
import { configureIsolation, stopIsolatedWorkers } from '../../src/infra/untrusted-files/isolated.ts';
import { UnreadableFileError } from '../../src/infra/untrusted-files/unreadable-file-error.ts';
import {
  docxBomb,
  fakeDocx,
  minimalJpeg,
  minimalPdf,
  minimalPng,
  nestedHtml,
  zipBomb,
  zipOf,
} from '../helpers/crafted-files.ts';
import { sharedFile, SEED_PLAN } from '../helpers/shared-data.ts';

/**
 * The fuzz suite: every importer, fed crafted files and random mutations of real ones. The
 * property is always the same — a clear error or a result, within bounded time and memory, never
 * a crash (any other exception, or a worker answer that is a bug). Runs under a minute in
 * `npm test`; `EQUALIS_FUZZ_RUNS=2000 npx vitest run test/fuzz` runs longer.
 */
const RUNS = Number(process.env.EQUALIS_FUZZ_RUNS ?? 120);
const JOB_TIMEOUT_MS = 8_000;
/** A job may wait for the one ahead of it, then run to its own limit. */
const BOUND_MS = 2 * JOB_TIMEOUT_MS + 4_000;

const tally = { inputs: 0, clearErrors: 0, results: 0, crashes: 0 };
const crashes: string[] = [];

type Outcome = 'result' | 'clear error';

/** Runs one importer on one input and records the outcome; a crash is remembered, not thrown. */
async function attempt(
  label: string,
  work: () => Promise<'result' | 'problems'>,
): Promise<Outcome | 'crash'> {
  tally.inputs += 1;
  const started = Date.now();
  try {
    const kind = await work();
    const elapsed = Date.now() - started;
    if (elapsed > BOUND_MS) throw new Error(`took ${elapsed} ms`);
    if (kind === 'problems') {
      tally.clearErrors += 1;
      return 'clear error';
    }
    tally.results += 1;
    return 'result';
  } catch (error) {
    if (error instanceof UnreadableFileError && Date.now() - started <= BOUND_MS) {
      tally.clearErrors += 1;
      return 'clear error';
    }
    tally.crashes += 1;
    crashes.push(`${label}: ${error instanceof Error ? error.stack : String(error)}`.slice(0, 600));
    return 'crash';
  }
}

const plan = (name: string, content: Buffer) => async () => {
  const { parsed } = await readPlanBuffer(content, name);
  return parsed.problems.length > 0 ? ('problems' as const) : ('result' as const);
};
const paste = (text: string) => async () => {
  const { parsed } = await readPastedPlan(text);
  return parsed.problems.length > 0 ? ('problems' as const) : ('result' as const);
};
const definition = (text: string) => async () =>
  (await readUntrustedDefinitionText(text)).ok ? ('result' as const) : ('problems' as const);
const evidence = (name: string, content: Buffer) => async () =>
  (await checkUntrustedUpload(name, content)).ok ? ('result' as const) : ('problems' as const);

/** A peer challenge report as the import reads it: in the worker, then parsed and its responses placed here. */
const challengeReport = (name: string, content: Buffer) => async () => {
  const reading = await readReportFile(content, name);
  const parsed = readChallengeReport(reading.source);
  const targets = [...parsed.items, ...parsed.general].sort((a, b) => a.line - b.line);
  matchResponses(reading.source.comments, targets, reading.source.anchored);
  return parsed.problems.some((problem) => problem.severity === 'error')
    ? ('problems' as const)
    : ('result' as const);
};

/** Valid files of every format, to mutate. */
const seeds: Record<string, Buffer> = {};

beforeAll(async () => {
  configureIsolation({ timeoutMs: JOB_TIMEOUT_MS, maxHeapMb: 256 });
  const seedText = fs.readFileSync(sharedFile(SEED_PLAN), 'utf8');
  seeds['plan.txt'] = Buffer.from(seedText);
  const rows = seedText
    .split('\n')
    .filter((line) => line.includes('\t'))
    .slice(0, 40)
    .map((line) => line.split('\t').map((cell) => cell.replace(/<[^>]+>/g, ' ').trim()));
  seeds['plan.csv'] = Buffer.from(
    rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\n'),
  );
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Plan');
  for (const row of rows) sheet.addRow(row);
  seeds['plan.xlsx'] = Buffer.from(await workbook.xlsx.writeBuffer());
  seeds['plan.docx'] = await Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            new Paragraph('Knowing your community and equality mapping'),
            new Table({
              rows: rows.slice(0, 12).map(
                (row) =>
                  new TableRow({
                    children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })),
                  }),
              ),
            }),
          ],
        },
      ],
    }),
  );
  seeds['plan.html'] = Buffer.from(
    `<h2>Area</h2><table>${rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('')}</table>`,
  );
  const eflg = findBuiltIn('eflg-2009@2009')!;
  seeds['framework.yaml'] = Buffer.from(writeDefinitionText(eflg, 'yaml'));
  seeds['framework.json'] = Buffer.from(writeDefinitionText(eflg, 'json'));
  seeds['evidence.pdf'] = minimalPdf();
  seeds['evidence.png'] = minimalPng();
  seeds['evidence.jpg'] = minimalJpeg();
  seeds['evidence.docx'] = seeds['plan.docx'];
  // The real peer challenge report (seed 004, its responses at the end), as text, Markdown,
  // HTML and Word.
  const report = fs.readFileSync(sharedFile('seeds/004_d0a2a51aae0826e0.txt'), 'utf8');
  const reportLines = report.split('\n').filter((line) => line.trim());
  seeds['report.txt'] = Buffer.from(report);
  seeds['report.md'] = Buffer.from(
    reportLines.map((line) => (line.length < 60 && !/[.:]$/.test(line) ? `## ${line}` : line)).join('\n\n'),
  );
  seeds['report.html'] = Buffer.from(
    reportLines.map((line) => `<p>${line.replace(/[<&]/g, ' ')}</p>`).join(''),
  );
  seeds['report.docx'] = await Packer.toBuffer(
    new Document({ sections: [{ children: reportLines.slice(0, 400).map((line) => new Paragraph(line)) }] }),
  );
  seeds['evidence.xlsx'] = seeds['plan.xlsx'];
}, 60_000);

afterAll(async () => {
  await stopIsolatedWorkers();
  console.log(
    `fuzz: ${tally.inputs} inputs, ${tally.clearErrors} clear errors, ${tally.results} results, ${tally.crashes} crashes`,
  );
});

/** Reads one seed through the importer its name says. */
function importerFor(name: string, content: Buffer) {
  if (name.startsWith('framework')) return definition(content.toString('utf8'));
  if (name.startsWith('evidence')) return evidence(name, content);
  if (name.startsWith('report')) return challengeReport(name, content);
  return plan(name, content);
}

describe('crafted hostile files', () => {
  const xlsxWith = async (cells: string[]) => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Plan');
    for (const address of cells) sheet.getCell(address).value = 'x';
    return Buffer.from(await workbook.xlsx.writeBuffer());
  };
  const corpus: [string, () => Promise<[string, () => Promise<'result' | 'problems'>]>][] = [
    ['docx bomb', async () => ['plan.docx', plan('plan.docx', docxBomb(100))]],
    [
      'zip bomb as xlsx',
      async () => [
        'plan.xlsx',
        plan('plan.xlsx', zipBomb(200, 1, [{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }])),
      ],
    ],
    [
      'zip bomb as evidence',
      async () => [
        'evidence.docx',
        evidence(
          'evidence.docx',
          zipBomb(700, 1, [
            { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
            { name: 'word/document.xml', data: Buffer.from('<w/>') },
          ]),
        ),
      ],
    ],
    [
      'far-away cells',
      async () => [
        'plan.xlsx',
        plan('plan.xlsx', await xlsxWith(Array.from({ length: 2000 }, (_, row) => `XFD${row + 1}`))),
      ],
    ],
    ['last cell', async () => ['plan.xlsx', plan('plan.xlsx', await xlsxWith(['XFD1048576']))]],
    ['nested tables', async () => ['plan.html', plan('plan.html', Buffer.from(nestedHtml(5000)))]],
    [
      'nested divs',
      async () => ['plan.html', plan('plan.html', Buffer.from(nestedHtml(5000, '<div>', '</div>')))],
    ],
    [
      'nested lists',
      async () => [
        'paste',
        paste(`<table><tr><td>x</td></tr></table>${nestedHtml(3000, '<ul><li>', '</li></ul>')}`),
      ],
    ],
    [
      'unclosed tags',
      async () => ['plan.html', plan('plan.html', Buffer.from('<table><tr><td>'.repeat(20000)))],
    ],
    [
      'nested bold',
      async () => ['plan.html', plan('plan.html', Buffer.from(nestedHtml(20000, '<b>', '</b>')))],
    ],
    ['fake docx', async () => ['plan.docx', plan('plan.docx', fakeDocx())]],
    ['fake docx evidence', async () => ['evidence.docx', evidence('evidence.docx', fakeDocx())]],
    ['docx bomb as a report', async () => ['report.docx', challengeReport('report.docx', docxBomb(100))]],
    [
      'a report of one endless list',
      async () => [
        'report.txt',
        challengeReport(
          'report.txt',
          Buffer.from(
            `Detailed findings\nStrengths:\n${Array.from({ length: 20000 }, (_, n) => `${n + 1}. x`).join('\n')}`,
          ),
        ),
      ],
    ],
    [
      'a report of comments only',
      async () => [
        'report.txt',
        challengeReport(
          'report.txt',
          Buffer.from(Array.from({ length: 5000 }, (_, n) => `[Comment ${n}] agreed`).join('\n')),
        ),
      ],
    ],
    [
      'zip without parts',
      async () => ['plan.docx', plan('plan.docx', zipOf([{ name: 'a.txt', data: Buffer.from('a') }]))],
    ],
    [
      'one long line',
      async () => ['plan.txt', plan('plan.txt', Buffer.from('1.1\t' + 'x'.repeat(5 * 1024 * 1024)))],
    ],
    ['many columns csv', async () => ['plan.csv', plan('plan.csv', Buffer.from(`${'a,'.repeat(100000)}\n`))]],
    [
      'unbalanced quotes csv',
      async () => ['plan.csv', plan('plan.csv', Buffer.from('"a,b\n"c'.repeat(10000)))],
    ],
    [
      'utf-16 csv',
      async () => ['plan.csv', plan('plan.csv', Buffer.from('\ufeffRef,Action\n1.1,Do\n', 'utf16le'))],
    ],
    ['bracket bomb yaml', async () => ['framework', definition(`a: ${'['.repeat(2_000_000)}`)]],
    ['bracket bomb json', async () => ['framework', definition(`{"a":${'['.repeat(1_000_000)}`)]],
    ['alias to nothing', async () => ['framework', definition('id: *nowhere')]],
    [
      'billion laughs',
      async () => {
        const lines = ['a0: &a0 [x,x,x,x,x,x,x,x,x,x]'];
        for (let level = 1; level < 12; level += 1)
          lines.push(
            `a${level}: &a${level} [${Array(10)
              .fill(`*a${level - 1}`)
              .join(',')}]`,
          );
        return ['framework', definition(lines.join('\n'))];
      },
    ],
    [
      'deep block yaml',
      async () => [
        'framework',
        definition(Array.from({ length: 3000 }, (_, depth) => `${' '.repeat(depth)}k:`).join('\n')),
      ],
    ],
    [
      'polyglot pdf',
      async () => [
        'evidence.pdf',
        evidence('evidence.pdf', Buffer.concat([minimalPdf(), Buffer.from('<html><script>1</script>')])),
      ],
    ],
    [
      'polyglot png',
      async () => [
        'evidence.png',
        evidence('evidence.png', Buffer.concat([minimalPng(), Buffer.from('<svg onload=x>')])),
      ],
    ],
  ];
  it.each(corpus)(
    '%s: a clear error or a result, never a crash',
    async (label, make) => {
      const [, work] = await make();
      const outcome = await attempt(label, work);
      expect(outcome, crashes.at(-1)).not.toBe('crash');
    },
    120_000,
  );
});

interface Mutation {
  kind: 'truncate' | 'flip' | 'insert' | 'repeat';
  /** Where, as a fraction of the file's length. */
  at: number;
  byte?: number;
  bytes?: Uint8Array;
  length?: number;
  times?: number;
}

describe('random mutations of real files', () => {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    }),
    fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      length: fc.integer({ min: 1, max: 200 }),
      times: fc.integer({ min: 2, max: 400 }),
    }),
  );
  function mutate(content: Buffer, steps: Mutation[]): Buffer {
    let result = content;
    for (const step of steps) {
      const at = Math.floor(step.at * result.length);
      if (step.kind === 'truncate') result = result.subarray(0, at);
      else if (step.kind === 'flip') {
        result = Buffer.from(result);
        if (at < result.length) result[at] = step.byte!;
      } else if (step.kind === 'insert')
        result = Buffer.concat([result.subarray(0, at), Buffer.from(step.bytes!), result.subarray(at)]);
      else {
        const piece = result.subarray(at, at + step.length!);
        result = Buffer.concat([
          result.subarray(0, at),
          ...Array(step.times!).fill(piece),
          result.subarray(at),
        ]);
      }
    }
    return result;
  }

  it.each([
    'plan.txt',
    'plan.csv',
    'plan.xlsx',
    'plan.docx',
    'plan.html',
    'framework.yaml',
    'framework.json',
    'evidence.pdf',
    'evidence.png',
    'evidence.jpg',
    'evidence.docx',
    'evidence.xlsx',
    'report.txt',
    'report.md',
    'report.html',
    'report.docx',
  ])(
    '%s',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (steps) => {
          const outcome = await attempt(
            `${name} ${JSON.stringify(steps).slice(0, 200)}`,
            importerFor(name, mutate(seeds[name]!, steps)),
          );
          expect(outcome, crashes.at(-1)).not.toBe('crash');
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );

  it.each([
    'plan.csv',
    'plan.txt',
    'plan.html',
    'plan.docx',
    'plan.xlsx',
    'framework.yaml',
    'evidence.pdf',
    'report.txt',
    'report.docx',
  ])(
    'random bytes named %s',
    async (name) => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
          const outcome = await attempt(`${name} random`, importerFor(name, Buffer.from(bytes)));
          expect(outcome, crashes.at(-1)).not.toBe('crash');
        }),
        { numRuns: RUNS },
      );
    },
    300_000,
  );

  it('the seeds themselves read', async () => {
    for (const [name, content] of Object.entries(seeds))
      expect(await attempt(name, importerFor(name, content))).not.toBe('crash');
  });
});
