import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

const OBJECTIVE = {
  title: 'Close the gap in housing satisfaction between disabled and non-disabled tenants by 2028',
  reference: 'O1',
  kind: 'service',
  description: 'Disabled tenants are 12 points less satisfied with repairs.',
  ways: '1. Ask disabled tenants what goes wrong\n2. Change the repairs booking process\n- Report the gap every quarter',
  ownerName: 'Head of Housing',
  periodStart: '2026-04-01',
  reviewDue: '2028-03-31',
  criteriaRefs: '3.2 3.10',
  indicators: 'Tenant satisfaction survey, by disability',
  status: 'active',
};

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'objectives');
  const plan = [
    'Housing',
    '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand',
    '3.1\tMap repair complaints by disability\tMarch 2027\tTom Evans\t3.2\tD',
    '3.2\tRedesign the booking form\tJune 2027\tTom Evans\t3.2\tD',
  ].join('\n');
  const { parsePlan } = await import('../action-plan/plan-parser.ts');
  const { blocksFromText } = await import('../action-plan/plan-blocks.ts');
  await app.services.actionPlan.importDirect(
    { userId: null, label: 'Test' },
    org.organisation.id,
    'plan',
    parsePlan(blocksFromText(plan)),
  );
});
afterAll(() => app.close());

describe('equality objectives', () => {
  it('adds an objective with its ways in order, and shows it to staff', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const created = await lead.post('/objectives/new', OBJECTIVE);
    expect(created.statusCode).toBe(303);
    const page = await lead.get(created.headers.location as string);
    const text = pageText(page.body);
    expect(text).toContain(OBJECTIVE.title);
    expect(page.body).toMatch(
      /<ol class="govuk-list govuk-list--number"><li>Ask disabled tenants what goes wrong<\/li><li>Change the repairs booking process<\/li><li>Report the gap every quarter<\/li>/,
    );
    expect(text).toContain('3.2 3.10');
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect(pageText((await viewer.get('/objectives')).body)).toContain(OBJECTIVE.title);
  });

  it('holds objectives to the four-year publication cycle and explains each problem', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const tooLong = await lead.post('/objectives/new', { ...OBJECTIVE, reviewDue: '2031-04-01' });
    expect(tooLong.statusCode).toBe(400);
    expect(pageText(tooLong.body)).toContain('at least every 4 years');
    const bad = await lead.post('/objectives/new', {
      ...OBJECTIVE,
      title: '',
      kind: 'secret',
      periodStart: '2026-02-31',
      criteriaRefs: 'one',
    });
    for (const field of ['title', 'kind', 'periodStart', 'criteriaRefs'])
      expect(bad.body).toContain(`href="#${field}"`);
  });

  it('links actions (the golden thread), shows their status, and audits linking and unlinking', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const [objective] = await app.services.objectives.list(org.organisation.id);
    const actions = await app.services.actionPlan.list(org.organisation.id);
    const anchor = `objective:${objective!.id}`;
    for (const action of actions)
      await lead.post('/links', { anchor, anchorIsSource: 'no', record: `action:${action.id}` });
    let text = pageText((await lead.get(`/objectives/${objective!.id}`)).body);
    expect(text).toContain('0 of 2 actions completed');
    expect(text).toContain('Map repair complaints by disability');

    await lead.post(`/plan/actions/${actions[0]!.id}/progress`, { note: 'Done.', state: 'completed' });
    text = pageText((await lead.get(`/objectives/${objective!.id}`)).body);
    expect(text).toContain('1 of 2 actions completed');

    await lead.post('/links', { remove: 'yes', from: `action:${actions[1]!.id}`, to: anchor });
    text = pageText((await lead.get(`/objectives/${objective!.id}`)).body);
    expect(text).toContain('1 of 1 actions completed');
    const log = await app.services.auditLog.page(org.organisation.id, { entityType: 'action' }, 1);
    expect(log.events.map((event) => event.action).filter((action) => action.startsWith('record.'))).toEqual([
      'record.unlinked',
      'record.linked',
      'record.linked',
    ]);
    expect(log.events[0]!.summary).toMatch(
      /^Removed the link from “Action .+” to “Objective.*: .+” \(delivers\)$/,
    );
  });

  it('shows a conflict page when two people edit the same objective', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const [objective] = await app.services.objectives.list(org.organisation.id);
    const version = String(objective!.version);
    expect(
      (await lead.post(`/objectives/${objective!.id}/edit`, { ...OBJECTIVE, title: 'First edit', version }))
        .statusCode,
    ).toBe(303);
    const second = await lead.post(`/objectives/${objective!.id}/edit`, {
      ...OBJECTIVE,
      title: 'Second edit',
      version,
    });
    expect(second.statusCode).toBe(409);
    expect(pageText(second.body)).toContain('Second edit');
    expect(pageText(second.body)).toContain('First edit');
  });

  it('lets viewers read but not change objectives', async () => {
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect((await viewer.post('/objectives/new', OBJECTIVE)).statusCode).toBe(403);
  });
});
