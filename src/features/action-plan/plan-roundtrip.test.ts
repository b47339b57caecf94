import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { blocksFromText } from './plan-blocks.ts';
import { planCsv, planDocx, planXlsx } from './plan-export.ts';
import { PlanFileError, readPlanBuffer } from './plan-files.ts';
import { allActions, parsePlan, type ParsedPlan } from './plan-parser.ts';
import { sharedFile, SEED_PLAN } from '../../../test/helpers/shared-data.ts';

const SEED = sharedFile(SEED_PLAN);

let app: TestApp;
let org: TestOrganisation;
let original: ParsedPlan;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'roundtrip');
  original = parsePlan(blocksFromText(fs.readFileSync(SEED, 'utf8')));
  const result = await app.services.actionPlan.importDirect(
    { userId: null, label: 'Test' },
    org.organisation.id,
    'seed',
    original,
  );
  expect(result.problems).toEqual([]);
});
afterAll(() => app.close());

/** What must survive a round trip: everything a council wrote. */
function essence(plan: ParsedPlan) {
  return {
    areas: plan.areas.map((area) => [area.title, area.description, area.criteriaHeading]),
    actions: allActions(plan).map((action) => ({
      reference: action.reference,
      parent: action.parentReference,
      text: action.text,
      target: action.target,
      leads: action.leads,
      partners: action.partners,
      criteria: action.criteria,
      strands: action.strands,
      linkedTo: action.linkedTo,
    })),
  };
}

describe('exporting the plan and importing the export gives the same plan', () => {
  it.each([
    ['CSV', 'plan.csv', async () => Buffer.from(planCsv(await exportable()))],
    ['Excel', 'plan.xlsx', async () => planXlsx(await exportable())],
    ['Word', 'plan.docx', async () => planDocx(await exportable())],
  ])('%s', async (_, fileName, produce) => {
    const buffer = await produce();
    const { parsed } = await readPlanBuffer(buffer, fileName);
    expect(parsed.problems).toEqual([]);
    expect(parsed.title).toBe('roundtrip council equality action plan');
    expect(essence(parsed)).toEqual(essence(original));
  });

  async function exportable() {
    return app.services.actionPlan.exportable(org.organisation.id, 'roundtrip council equality action plan');
  }
});

describe('bad files get a clear error', () => {
  it.each([
    ['plan.docx', Buffer.from('this is not a zip'), 'is not a real Word file'],
    ['plan.xlsx', Buffer.from('x,y\n'), 'is not a real Excel file'],
    ['plan.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'is a compressed document'],
    ['plan.pdf', Buffer.from('%PDF-1.7'), 'cannot read .pdf files'],
    ['plan.txt', Buffer.from(''), 'The file is empty'],
    ['plan.txt', Buffer.from([0x41, 0x00, 0x42]), 'contains binary data'],
  ])('%s: %s', async (fileName, buffer, message) => {
    await expect(readPlanBuffer(buffer, fileName)).rejects.toThrow(PlanFileError);
    await expect(readPlanBuffer(buffer, fileName)).rejects.toThrow(message);
  });
});

describe('CSV exports cannot carry a formula', () => {
  it('guards cells that would start a formula, and the export still imports back unchanged', async () => {
    const hostile = await createTestOrganisation(app.db, app.services, 'formula');
    const texts = [
      '=HYPERLINK("http://evil.example","Click")',
      '+44 20 7946 0000 helpline',
      '@equality team',
    ];
    const plan: ParsedPlan = {
      title: 'formula council equality action plan',
      versionLabel: null,
      problems: [],
      areas: [
        {
          title: '-1 Knowing our communities',
          description: null,
          criteriaHeading: 'EFLG',
          actions: texts.map((text, index) => ({
            reference: `1.${index + 1}`,
            parentReference: null,
            text,
            target: { kind: 'date', text: 'December 2030', end: '2030-12-31', precision: 'month' },
            leads: [{ name: '=cmd|" -C calc"!A0', team: null }],
            partners: [],
            criteria: ['1.1'],
            strands: ['all'],
            linkedTo: null,
            line: index + 1,
          })),
        },
      ],
    };
    const actor = { userId: null, label: 'Test' };
    expect(
      (await app.services.actionPlan.importDirect(actor, hostile.organisation.id, 'f', plan)).problems,
    ).toEqual([]);
    const exported = planCsv(
      await app.services.actionPlan.exportable(
        hostile.organisation.id,
        'formula council equality action plan',
      ),
    );
    const cells = (await import('csv-parse/sync')).parse(exported.replace(/^\ufeff/, ''), {
      relax_column_count: true,
    }) as string[][];
    for (const cell of cells.flat()) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    const { parsed } = await readPlanBuffer(Buffer.from(exported), 'plan.csv');
    expect(parsed.problems).toEqual([]);
    expect(essence(parsed)).toEqual(essence(plan));
  });
});
