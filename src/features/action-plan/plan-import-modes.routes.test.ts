import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date('2026-08-15T10:00:00Z') });
});
afterAll(() => app.close());

const FIRST = [
  'Area,Ref,Action,By when,Lead officer',
  'Communities,1.1,Publish ward equality profiles,March 2027,Jane Harris',
  'Communities,1.2,Map service users against the population,June 2027,Tom Evans',
  'Workforce,2.1,Publish the ethnicity pay gap,September 2027,Priya Shah',
].join('\n');

/** The council's newer copy: 1.2 has slipped, 2.1 is gone, 2.2 is new and sits under 1.1's area. */
const NEWER = [
  'Area,Ref,Action,By when,Lead officer',
  'Communities,1.1,Publish ward equality profiles,March 2027,Jane Harris',
  'Communities,1.2,Map service users against the population,December 2027,Tom Evans',
  'Workforce,2.2,Report disability employment rates to the board,Q4 2026/27,Amira Khan',
].join('\n');

async function planned(org: TestOrganisation) {
  const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
  await lead.get('/plan/import');
  const first = await lead.upload('/plan/import/upload', {
    name: 'plan-2026.csv',
    content: Buffer.from(FIRST),
  });
  expect((await lead.post(`${first.headers.location}/confirm`, { mode: 'add' })).statusCode).toBe(303);
  await lead.get('/plan/import');
  const newer = await lead.upload('/plan/import/upload', {
    name: 'plan-2027.csv',
    content: Buffer.from(NEWER),
  });
  return { lead, previewPath: newer.headers.location as string };
}

describe('importing into a plan that already has actions', () => {
  it('updates the plan from a newer copy: shows what changes, then adds, changes and withdraws', async () => {
    const org = await createTestOrganisation(app.db, app.services, 'update-mode');
    const { lead, previewPath } = await planned(org);
    const preview = await lead.get(previewPath);
    const text = pageText(preview.body);
    expect(text).toContain('Your plan already has 3 actions');
    expect(text).toContain('1 action added, 1 changed, 1 withdrawn and 1 unchanged');
    expect(text).toMatch(/Changed Ref What changes Action 1\.2 target/);
    expect(text).toMatch(
      /Withdrawn \(kept with their history\) Ref Action 2\.1 Publish the ethnicity pay gap/,
    );
    expect(preview.body).toContain('Update the plan');

    const confirmed = await lead.post(`${previewPath}/confirm`, { mode: 'update' });
    expect(confirmed.statusCode).toBe(303);
    const plan = pageText((await lead.get(confirmed.headers.location as string)).body);
    expect(plan).toContain('The plan was updated: 1 added, 1 changed and 1 withdrawn');
    expect(plan).toContain('December 2027');
    expect(plan).toContain('Report disability employment rates to the board');
    expect(plan).not.toContain('Publish the ethnicity pay gap');
    const withdrawn = await app.db
      .selectFrom('actions')
      .select('withdrawn_reason')
      .where('organisation_id', '=', org.organisation.id)
      .where('reference', '=', '2.1')
      .executeTakeFirstOrThrow();
    expect(withdrawn.withdrawn_reason).toBe('Not in the updated plan in plan-2027.csv');
    const log = await app.services.auditLog.page(org.organisation.id, { action: 'plan.updated' }, 1);
    expect(log.events[0]?.summary).toBe(
      'Updated the plan from plan-2027.csv: 1 added, 1 changed, 1 withdrawn, 1 unchanged',
    );
  });

  it('replaces the plan: every current action withdrawn, the file’s added, references reused', async () => {
    const org = await createTestOrganisation(app.db, app.services, 'replace-mode');
    const { lead, previewPath } = await planned(org);
    const preview = pageText((await lead.get(`${previewPath}?mode=replace`)).body);
    expect(preview).toContain('3 actions added, 0 changed, 3 withdrawn and 0 unchanged');
    const confirmed = await lead.post(`${previewPath}/confirm`, { mode: 'replace' });
    expect(confirmed.statusCode).toBe(303);
    const actions = await app.services.actionPlan.list(org.organisation.id);
    expect(actions.map((action) => action.reference).sort()).toEqual(['1.1', '1.2', '2.2']);
    const kept = await app.db
      .selectFrom('actions')
      .select(['reference'])
      .where('organisation_id', '=', org.organisation.id)
      .where('withdrawn_at', 'is not', null)
      .execute();
    expect(kept).toHaveLength(3);
  });
});

describe('the default way a file is applied', () => {
  it('adds a file of new actions to a plan that has others, so nothing is withdrawn by surprise', async () => {
    const org = await createTestOrganisation(app.db, app.services, 'default-mode');
    const { lead } = await planned(org);
    await lead.get('/plan/import');
    const extra = await lead.upload('/plan/import/upload', {
      name: 'extra.csv',
      content: Buffer.from(
        'Area,Ref,Action,By when\nCommunities,9.1,Hold a listening event with disabled residents,May 2027\n',
      ),
    });
    const preview = await lead.get(extra.headers.location as string);
    expect(preview.body).toContain('Import 1 action');
    expect(preview.body).toMatch(/value="add" checked/);
  });
});
