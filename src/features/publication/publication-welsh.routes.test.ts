import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestOrganisation, type TestOrganisation } from '../../../test/helpers/fixtures.ts';
import { resourceFactories } from '../../../test/helpers/route-resources.ts';
import { startTestApp, type TestApp } from '../../../test/helpers/test-app.ts';

let app: TestApp;
let org: TestOrganisation;

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date('2026-12-02T10:00:00Z') });
  org = await createTestOrganisation(app.db, app.services, 'cyngor-sir');
  await resourceFactories.publishedOrganisation(app, org.organisation.id);
});
afterAll(() => app.close());

describe('the public page in Welsh', () => {
  it('renders in Welsh with lang="cy", Welsh dates and statuses, and offers English', async () => {
    const response = await app.client().get('/p/cyngor-sir?lang=cy');
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<html lang="cy"');
    expect(html).toContain('Amcanion cydraddoldeb a chynllun gweithredu');
    expect(html).toContain('Rhagfyr 2026');
    expect(html).toMatch(/Heb ddechrau|Ar y trywydd iawn/);
    expect(html).toContain('Neidio i’r prif gynnwys');
    // The switcher names each language in itself and marks it.
    expect(html).toContain(
      '<a class="govuk-link" href="/p/cyngor-sir" hreflang="en" lang="en" rel="alternate">',
    );
    expect(html).toContain('<span aria-current="true" lang="cy">Cymraeg</span>');
    expect(html).toContain('<link rel="alternate" hreflang="cy" href="/p/cyngor-sir?lang=cy">');
    expect(html).not.toMatch(/Our equality objectives|Not started|Skip to main content/);
    // What the council wrote stays in its own language, and says so for screen readers.
    expect(html).toMatch(/<span lang="en">Fixture action [\d.]+<\/span>/);
  });

  it('is English by default and for any other language asked for, each with its own cacheable copy', async () => {
    const english = await app.client().get('/p/cyngor-sir');
    const unknown = await app.client().get('/p/cyngor-sir?lang=fr');
    const welsh = await app.client().get('/p/cyngor-sir?lang=cy');
    expect(english.body).toContain('<html lang="en"');
    expect(english.body).toContain('Our equality objectives');
    expect(english.body).toContain(
      '<a class="govuk-link" href="/p/cyngor-sir?lang=cy" hreflang="cy" lang="cy" rel="alternate">',
    );
    expect(english.body).toContain('Newid yr iaith i’r Gymraeg');
    expect(unknown.body).toContain('<html lang="en"');
    expect(welsh.headers.etag).not.toBe(english.headers.etag);
    expect(welsh.headers['cache-control']).toMatch(/^public/);
  });

  it('says "page not found" in Welsh too', async () => {
    const response = await app.client().get('/p/dim-cyngor?lang=cy');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Heb ddod o hyd i’r dudalen');
    expect(response.body).toContain('<html lang="cy"');
  });
});
