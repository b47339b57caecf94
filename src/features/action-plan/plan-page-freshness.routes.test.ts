import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { resourceFactories } from '../../../test/helpers/route-resources.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;
let actionId: string;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'fresh-council');
  actionId = await resourceFactories.action(app, org.organisation.id, org.users.contributor.id);
});
afterAll(() => app.close());

/** The plan page is reused while nothing has changed: these prove every kind of change shows at once. */
describe('the plan page is never stale', () => {
  it('shows progress posted through the service straight away', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    expect((await lead.get('/plan')).body).toContain('1 not started');
    await app.services.actionPlan.postProgress(
      { userId: org.users.contributor.id, label: 'Contributor' },
      { userId: org.users.contributor.id, role: 'contributor' },
      org.organisation.id,
      actionId,
      { note: 'Started the work', state: 'completed', percentComplete: 100 },
    );
    expect((await lead.get('/plan')).body).toContain('1 completed');
  });

  it('shows a change written straight to the database, as another server would', async () => {
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    expect((await lead.get('/plan')).body).not.toContain('Rewritten elsewhere');
    await sql`update actions set text = 'Rewritten elsewhere' where id = ${actionId}`.execute(app.db);
    expect((await lead.get('/plan')).body).toContain('Rewritten elsewhere');
    await sql`update actions set leads = jsonb_set(leads, '{0,name}', '"Renamed Lead"') where id = ${actionId}`.execute(
      app.db,
    );
    expect((await lead.get('/plan')).body).toContain('Renamed Lead');
  });

  it('gives each person their own "My actions", and each role its own controls', async () => {
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect((await contributor.get('/plan?lead=me')).body).toContain('1 action matches these filters');
    expect((await viewer.get('/plan?lead=me')).body).toContain('0 actions match these filters');
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    expect((await lead.get('/plan')).body).toContain('Import an action plan');
    expect((await viewer.get('/plan')).body).not.toContain('Import an action plan');
  });

  it('moves to the next day’s statuses without any change to the plan', async () => {
    let today = new Date('2030-12-30T12:00:00Z');
    const dated = await startTestApp({ now: () => today });
    try {
      const council = await createTestOrganisation(dated.db, dated.services, 'dated-council');
      await resourceFactories.action(dated, council.organisation.id);
      const lead = await dated.clientFor(council.users.equality_lead.id, council.organisation.id);
      // The fixture action's target is December 2030.
      expect((await lead.get('/plan')).body).not.toContain('1 overdue');
      today = new Date('2031-01-02T12:00:00Z');
      // (A new session: the old one ended while the clock moved on.)
      const nextDay = await dated.clientFor(council.users.equality_lead.id, council.organisation.id);
      expect((await nextDay.get('/plan')).body).toContain('1 overdue');
    } finally {
      await dated.close();
    }
  });
});
