import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestOrganisation,
  TEST_PASSWORD,
  type TestOrganisation,
} from '../../../test/helpers/fixtures.ts';
import { pageText } from '../../../test/helpers/http-client.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';
import { LANGUAGE_COOKIE } from '../../platform/language.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp();
  org = await createTestOrganisation(app.db, app.services, 'language-test');
});
afterAll(() => app.close());

const htmlLang = (body: string) => /<html lang="(\w+)"/.exec(body)?.[1];

describe('choosing Welsh', () => {
  it('speaks Welsh before signing in once chosen, remembered in a cookie', async () => {
    const client = app.client();
    const english = await client.get('/sign-in');
    expect(htmlLang(english.body)).toBe('en');
    expect(pageText(english.body)).toContain('Newid yr iaith i’r Gymraeg');
    const chosen = await client.post('/language', { language: 'cy', returnTo: '/sign-in' });
    expect(chosen.statusCode).toBe(303);
    expect(chosen.headers.location).toBe('/sign-in');
    expect(String(chosen.headers['set-cookie'])).toContain(`${LANGUAGE_COOKIE}=cy`);
    const welsh = await client.get('/sign-in');
    expect(htmlLang(welsh.body)).toBe('cy');
    expect(pageText(welsh.body)).toContain('Mewngofnodi');
    expect(pageText(welsh.body)).toContain('Cyfeiriad e-bost');
    // Form problems come back in Welsh too.
    const refused = await client.post('/sign-in', { email: '', password: '' });
    expect(pageText(refused.body)).toContain('Rhowch eich cyfeiriad e-bost');
    expect(pageText(refused.body)).toContain('Mae problem');
  });

  it('keeps a signed-in person’s choice on their account, audited, wherever they sign in next', async () => {
    const client = app.client();
    await client.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    // The plan's body is kept rendered between requests: in English first, then in Welsh.
    expect(pageText((await client.get('/plan')).body)).toContain('There are no actions yet.');
    await client.post('/language', { language: 'cy', returnTo: '/plan' });
    const plan = await client.get('/plan');
    expect(htmlLang(plan.body)).toBe('cy');
    expect(pageText(plan.body)).toContain('Cynllun gweithredu');
    expect(pageText(plan.body)).toContain('Nid oes camau gweithredu eto.');
    expect(pageText(plan.body)).not.toContain('There are no actions yet.');
    expect(plan.body).toMatch(/<title>[^<]*Cynllun gweithredu/);

    // A fresh browser, with no cookie, still gets Welsh once signed in.
    const elsewhere = app.client();
    await elsewhere.signIn(org.users.equality_lead.email, TEST_PASSWORD);
    const dashboard = await elsewhere.get('/');
    expect(htmlLang(dashboard.body)).toBe('cy');
    expect(pageText(dashboard.body)).toContain('Dangosfwrdd');

    const changes = await app.services.auditLog.page(
      org.organisation.id,
      { action: 'user.language_changed' },
      1,
    );
    expect(changes.total).toBe(1);
    expect(changes.events[0]!.summary).toContain('Welsh');

    // And back to English.
    await elsewhere.post('/language', { language: 'en', returnTo: '/' });
    expect(htmlLang((await elsewhere.get('/')).body)).toBe('en');
  });

  it('ignores a language it does not know and an address off the site', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const odd = await client.post('/language', { language: 'fr', returnTo: 'https://example.com/' });
    expect(odd.statusCode).toBe(303);
    expect(odd.headers.location).toBe('/');
    expect(htmlLang((await client.get('/sign-in')).body)).toBe('en');
  });

  it('refuses a switch without the form’s token (CSRF)', async () => {
    const client = app.client();
    await client.get('/sign-in');
    const forged = await client.post('/language', { language: 'cy', returnTo: '/' }, { csrf: false });
    expect(forged.statusCode).toBe(403);
  });
});
