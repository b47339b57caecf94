import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { resourceFactories } from '../../../test/helpers/route-resources.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'controls-council');
});
afterAll(() => app.close());

describe('an action page offers only the controls the policy allows', () => {
  it('shows "Post progress" to the action’s own lead officer and the leads, not to another contributor', async () => {
    const own = await resourceFactories.action(app, org.organisation.id, org.users.contributor.id);
    const someoneElses = await resourceFactories.action(app, org.organisation.id);
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    expect((await contributor.get(`/plan/actions/${own}`)).body).toContain('Post progress');
    const other = await contributor.get(`/plan/actions/${someoneElses}`);
    expect(other.body).not.toContain('Post progress');
    expect(other.body).not.toContain('Change this action');
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const asLead = (await lead.get(`/plan/actions/${someoneElses}`)).body;
    expect(asLead).toContain('Post progress');
    expect(asLead).toContain('Change this action');
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    expect((await viewer.get(`/plan/actions/${own}`)).body).not.toContain('Post progress');
  });

  it('still refuses, in the service, a post the page would not have offered', async () => {
    const someoneElses = await resourceFactories.action(app, org.organisation.id);
    const contributor = await app.clientFor(org.users.contributor.id, org.organisation.id);
    await contributor.get(`/plan/actions/${someoneElses}`);
    const response = await contributor.post(`/plan/actions/${someoneElses}/progress`, {
      note: 'Not mine to post',
      state: 'on_track',
    });
    expect(response.statusCode).toBe(403);
  });
});
