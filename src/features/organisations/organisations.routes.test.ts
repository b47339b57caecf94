import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addTestUser,
  createTestOrganisation,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'northvale');
});
afterAll(() => app.close());

describe('organisation settings', () => {
  it('saves the name and brand colour, shows the colour in the header, and audits before/after', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const form = await admin.get('/settings');
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1];
    const saved = await admin.post('/settings', {
      name: 'Northvale Borough Council',
      brandColour: '1D70B8',
      version: version!,
    });
    expect(saved.headers.location).toBe('/settings?saved=1');
    const page = await admin.get('/settings?saved=1');
    expect(pageText(page.body)).toContain('Settings saved');
    expect(page.body).toContain('--app-brand-colour: #1d70b8');
    const { events } = await app.services.auditLog.page(
      org.organisation.id,
      { action: 'organisation.settings_changed' },
      1,
    );
    expect(events[0]?.before).toMatchObject({ name: 'northvale council', brandColour: null });
    expect(events[0]?.after).toMatchObject({ name: 'Northvale Borough Council', brandColour: '#1d70b8' });
  });

  it('refuses a brand colour too pale to see against white, explaining why', async () => {
    const admin = await app.clientFor(org.users.admin.id, org.organisation.id);
    const current = await app.services.organisations.get(org.organisation.id);
    const response = await admin.post('/settings', {
      name: 'Northvale',
      brandColour: '#ffdd00',
      version: String(current.version),
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<title>Error: Organisation settings');
    expect(pageText(response.body)).toContain('too pale to see against white');
    expect(response.body).toContain('href="#brandColour"');
  });

  it('shows the second of two conflicting edits a "someone else changed this" page and loses nothing', async () => {
    const first = await app.clientFor(org.users.admin.id, org.organisation.id);
    const secondAdmin = await addTestUser(
      app.db,
      org.organisation.id,
      'admin',
      'second-admin@northvale.test',
    );
    const second = await app.clientFor(secondAdmin.id, org.organisation.id);
    const version = String((await app.services.organisations.get(org.organisation.id)).version);

    // Both open the form at the same version, then both save.
    const firstSave = await first.post('/settings', {
      name: 'Northvale Council (first)',
      brandColour: '',
      version,
    });
    expect(firstSave.statusCode).toBe(303);
    const secondSave = await second.post('/settings', {
      name: 'Northvale Council (second)',
      brandColour: '#00703c',
      version,
    });

    expect(secondSave.statusCode).toBe(409);
    const text = pageText(secondSave.body);
    expect(text).toContain('Someone else changed this while you were editing it');
    expect(text).toContain('Northvale Council (second)'); // what they typed, so they can copy it
    expect(text).toContain('Northvale Council (first)'); // what is saved now
    expect((await app.services.organisations.get(org.organisation.id)).name).toBe(
      'Northvale Council (first)',
    );
  });
});

describe('switching organisation', () => {
  it('lets someone in two organisations choose where they work, and refuses others', async () => {
    const other = await createTestOrganisation(app.db, app.services, 'eastmoor');
    await app.db
      .insertInto('memberships')
      .values({ organisation_id: other.organisation.id, user_id: org.users.equality_lead.id, role: 'viewer' })
      .execute();
    const client = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    const form = await client.get('/organisations/switch');
    expect(pageText(form.body)).toContain('eastmoor council');
    expect(
      (await client.post('/organisations/switch', { organisationId: other.organisation.id })).statusCode,
    ).toBe(303);
    const dashboard = await client.get('/');
    expect(pageText(dashboard.body)).toContain('eastmoor council');
    expect(pageText(dashboard.body)).toContain('Viewer');
    const stranger = await createTestOrganisation(app.db, app.services, 'faraway');
    const refused = await client.post('/organisations/switch', { organisationId: stranger.organisation.id });
    expect(refused.statusCode).toBe(400);
  });
});

describe('where people land when they sign in', () => {
  it('starts in the organisation joined first, then wherever they last switched to', async () => {
    const first = await app.services.organisations.create(
      { userId: null, label: 'Test' },
      { name: 'Aardvark District', slug: 'aardvark' },
    );
    const second = await app.services.organisations.create(
      { userId: null, label: 'Test' },
      { name: 'Zebra District', slug: 'zebra' },
    );
    // Joined Zebra first, though Aardvark sorts first.
    await app.services.team.addMember({ userId: null, label: 'Test' }, second.id, {
      email: 'shared.officer@partnership.test',
      displayName: 'Shared Officer',
      role: 'equality_lead',
      password: 'partnership working together',
    });
    await app.services.team.addMember({ userId: null, label: 'Test' }, first.id, {
      email: 'shared.officer@partnership.test',
      displayName: 'Shared Officer',
      role: 'viewer',
      password: 'partnership working together',
    });
    const client = app.client();
    await client.signIn('shared.officer@partnership.test', 'partnership working together');
    expect(pageText((await client.get('/')).body)).toContain('Zebra District');

    await client.post('/organisations/switch', { organisationId: first.id });
    const again = app.client();
    await again.signIn('shared.officer@partnership.test', 'partnership working together');
    expect(pageText((await again.get('/')).body)).toContain('Aardvark District');
  });
});
