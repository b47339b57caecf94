import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { resourceFactories } from '../../../test/helpers/route-resources.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;
let other: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'public-council');
  other = await createTestOrganisation(app.db, app.services, 'quiet-council');
});
afterAll(() => app.close());

async function objective(title: string, status: 'draft' | 'active' | 'achieved') {
  return app.services.objectives.create({ userId: null, label: 'Test' }, org.organisation.id, {
    reference: null,
    title,
    description: `${title}, described`,
    kind: 'organisational',
    ways: ['By listening to residents'],
    ownerName: null,
    periodStart: '2026-04-01',
    reviewDue: '2030-03-31',
    indicators: null,
    criteriaRefs: [],
    status,
  });
}

describe('the public page', () => {
  it('answers "not found" on the public layout until something is published, and for unknown organisations', async () => {
    for (const url of ['/p/public-council', '/p/no-such-council', '/p/quiet-council']) {
      const response = await app.client().get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).toContain('There is no published page at this address');
      expect(response.headers['set-cookie'], url).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });

  it('lets the equality lead put a version on it, with the objectives frozen as they stood, audited', async () => {
    await objective('Know our communities', 'active');
    await objective('A draft not yet agreed', 'draft');
    const versionId = await resourceFactories.planVersion(app, org.organisation.id);
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/publication');
    const refused = await lead.post('/publication', {});
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose a published version of the plan');
    const published = await lead.post('/publication', { versionId });
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe('/publication?published=1');
    const page = await lead.get('/publication?published=1');
    expect(page.body).toContain('The public page now shows this version.');
    expect(page.body).toContain('href="/p/public-council"');

    // Editing an objective afterwards does not change what was published.
    await objective('Added after publishing', 'active');
    const response = await app.client().get('/p/public-council');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Know our communities');
    expect(response.body).not.toContain('A draft not yet agreed');
    expect(response.body).not.toContain('Added after publishing');
    expect(response.body).toContain('Fixture action');
    expect(response.body).toContain('<html lang="en"');

    const { rows } = await sql<{ count: string }>`
      select count(*) as count from audit_events
       where organisation_id = ${org.organisation.id} and action = 'publication.published'`.execute(app.db);
    expect(Number(rows[0]!.count)).toBe(1);
  });

  it('is served without a session or cookie, cacheable, with an ETag that answers 304', async () => {
    const first = await app.client().get('/p/public-council');
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    // The same bytes for everyone: no nonce, so the tag is stable between requests.
    const second = await app.client().get('/p/public-council');
    expect(second.headers.etag).toBe(etag);
    expect(second.body).toBe(first.body);
    const revalidated = await app.client().get('/p/public-council', { 'if-none-match': etag });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    const changed = await app.client().get('/p/public-council', { 'if-none-match': '"something-else"' });
    expect(changed.statusCode).toBe(200);
  });

  it('allows its one inline script by hash, not by nonce, and has no forms or account furniture', async () => {
    const response = await app.client().get('/p/public-council');
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(policy).not.toContain('nonce-');
    expect(response.body).not.toContain('nonce=');
    expect(response.body).not.toContain('<form');
    expect(response.body).not.toContain('Sign out');
    // Even a signed-in visitor gets the public page, not a personal one.
    const signedIn = await app.clientFor(org.users.admin.id, org.organisation.id);
    const asStaff = await signedIn.get('/p/public-council');
    expect(asStaff.body).toBe(response.body);
  });

  it('counts actions by status under the counting rule, in a table as well as in words', async () => {
    const response = await app.client().get('/p/public-council');
    expect(response.body).toContain('Actions by status');
    expect(response.body).toMatch(/This version has 1 actions: 1 (not started|on track)\./);
    expect(response.body).toContain('Sub-actions are counted');
  });

  it('is taken down by the lead; viewers see the page but cannot change it', async () => {
    const viewer = await app.clientFor(org.users.viewer.id, org.organisation.id);
    const seen = await viewer.get('/publication');
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Take the public page down</button>');
    expect((await viewer.post('/publication/withdraw', {})).statusCode).toBe(403);

    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/publication');
    expect((await lead.post('/publication/withdraw', {})).statusCode).toBe(303);
    expect((await app.client().get('/p/public-council')).statusCode).toBe(404);
    const again = await lead.post('/publication/withdraw', {});
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Nothing is on the public page at the moment');
  });

  it('will not publish another organisation’s version', async () => {
    const foreign = await resourceFactories.planVersion(app, other.organisation.id);
    const lead = await app.clientFor(org.users.equality_lead.id, org.organisation.id);
    await lead.get('/publication');
    const response = await lead.post('/publication', { versionId: foreign });
    expect(response.statusCode).toBe(400);
    expect((await app.client().get('/p/public-council')).statusCode).toBe(404);
  });
});
