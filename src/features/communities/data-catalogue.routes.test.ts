import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;
beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'catalogue');
});
afterAll(() => app.close());

describe('the data catalogue', () => {
  it('lets the equality lead record who holds what, change it (version-checked) and everyone read it, audited', async () => {
    const lead = app.client();
    await lead.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    await lead.get('/data/catalogue/new');
    const refused = await lead.post('/data/catalogue/new', { title: '', service: '', owner: '' });
    expect(refused.statusCode).toBe(400);
    expect(pageText(refused.body)).toContain('Say what the data is');
    expect(pageText(refused.body)).toContain('Enter the service that holds it');
    const added = await lead.post('/data/catalogue/new', {
      title: 'Housing register applicants’ monitoring',
      service: 'Housing',
      owner: 'Housing options team',
      characteristics: ['disability', 'race'],
      geography: 'By ward',
      frequency: '',
      location: 'Housing management system',
      legalBasis: 'UK GDPR Article 9(2)(g)',
      retention: '6 years',
    });
    expect(added.headers.location).toBe('/data/catalogue?saved=1');
    const list = pageText((await lead.get('/data/catalogue?saved=1')).body);
    expect(list).toContain('The data catalogue was saved.');
    expect(list).toContain('Housing register applicants’ monitoring');
    expect(list).toContain('Disability, Race');
    expect(list).toContain('Kept for 6 years');

    const [entry] = await app.services.dataCatalogue.list(org.organisation.id);
    const edit = await lead.get(`/data/catalogue/${entry!.id}/edit`);
    expect(edit.body).toContain('value="Housing options team"');
    const changed = await lead.post(`/data/catalogue/${entry!.id}/edit`, {
      title: entry!.title,
      service: 'Housing',
      owner: 'Housing data team',
      characteristics: 'disability',
      version: '1',
    });
    expect(changed.statusCode).toBe(303);
    // A second edit from the same, now stale, page is not allowed to overwrite the first.
    const stale = await lead.post(`/data/catalogue/${entry!.id}/edit`, {
      title: entry!.title,
      service: 'Housing',
      owner: 'Someone else',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    expect(pageText(stale.body)).toContain('Housing data team');
    const events = await app.services.auditLog.page(
      org.organisation.id,
      { entityType: 'catalogue_entry' },
      1,
    );
    expect(events.total).toBe(2);

    const viewer = app.client();
    await viewer.signIn(org.users.viewer.email, TEST_PASSWORD);
    expect(pageText((await viewer.get('/data/catalogue')).body)).toContain('Housing data team');
    expect((await viewer.get('/data/catalogue/new')).statusCode).toBe(403);
    const bad = await lead.post('/data/catalogue/new', {
      title: 'x',
      service: 'y',
      owner: 'z',
      characteristics: 'martians',
    });
    expect(pageText(bad.body)).toContain('Choose characteristics from the list');
  });
});
