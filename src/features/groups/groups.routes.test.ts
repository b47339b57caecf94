import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { blocksFromText } from '../action-plan/plan-blocks.ts';
import { parsePlan } from '../action-plan/plan-parser.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'governance');
  const plan = [
    'Workforce',
    '\tAction\tCompletion Date\tLead Officer/s\tEFLG\tStrand',
    '5.1\tPublish the pay gap report\tMarch 2030\tHR\t4.1\tG',
  ].join('\n');
  await app.services.actionPlan.importDirect(
    { userId: null, label: 'T' },
    org.organisation.id,
    'plan',
    parsePlan(blocksFromText(plan)),
  );
});
afterAll(() => app.close());

describe('equality groups', () => {
  it('sets up a group with members (with and without accounts) and what it oversees', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const created = await lead.post('/groups/new', {
      name: 'Strategic Equalities Group',
      purpose: 'Oversees the corporate equality plan.',
    });
    expect(created.statusCode).toBe(303);
    const path = created.headers.location as string;

    await lead.post(`${path}/members`, { userId: org.users.admin.id, roleInGroup: 'Chair' });
    await lead.post(`${path}/members`, {
      userId: '',
      name: 'Cllr Ann Baker',
      roleInGroup: 'Portfolio holder',
    });
    const [action] = await app.services.actionPlan.list(org.organisation.id);
    await lead.post(`${path}/oversight`, { item: `action:${action!.id}` });

    const text = pageText((await lead.get(path)).body);
    expect(text).toContain(`${org.users.admin.displayName} Chair`);
    expect(text).toContain('Cllr Ann Baker (no account) Portfolio holder');
    expect(text).toContain('Action 5.1: Publish the pay gap report');

    const log = await app.services.auditLog.page(org.organisation.id, { entityType: 'equality_group' }, 1);
    expect(log.events.map((event) => event.action).sort()).toEqual([
      'group.created',
      'group.member_added',
      'group.member_added',
      'group.oversight_added',
    ]);
  });

  it('refuses a duplicate name and a member with no name', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const duplicate = await lead.post('/groups/new', { name: 'strategic equalities group' });
    expect(duplicate.statusCode).toBe(400);
    expect(pageText(duplicate.body)).toContain('There is already a group called');
    const [group] = await app.services.groups.list(org.organisation.id);
    const nameless = await lead.post(`/groups/${group!.id}/members`, { userId: '', name: '' });
    expect(nameless.statusCode).toBe(400);
    expect(pageText(nameless.body)).toContain('Choose a person, or enter the name');
  });

  it('lets staff read groups but only leads change them', async () => {
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect(pageText((await viewer.get('/groups')).body)).toContain('Strategic Equalities Group');
    expect((await viewer.post('/groups/new', { name: 'Viewer group' })).statusCode).toBe(403);
  });
});
